package dev.tributary.api.extract;

/**
 * What was read from a file.
 *
 * @param text      its plain text (possibly cut at the extractor's limit)
 * @param mimeType  the detected type, e.g. {@code application/pdf}
 * @param title     the title the file declares, or null
 * @param author    the author the file declares, or null
 * @param truncated whether the text was cut at the limit
 */
public record Extracted(String text, String mimeType, String title, String author, boolean truncated) {}
