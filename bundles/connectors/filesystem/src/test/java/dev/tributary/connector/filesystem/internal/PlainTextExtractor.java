package dev.tributary.connector.filesystem.internal;

import dev.tributary.api.extract.Extracted;
import dev.tributary.api.extract.TextExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads every file as UTF-8 text; files whose name contains "damaged" fail like a broken PDF. */
final class PlainTextExtractor implements TextExtractor {
    @Override
    public Extracted extract(InputStream content, String fileName, int maxChars) throws IOException, ExtractionException {
        if (fileName.contains("damaged")) {
            throw new ExtractionException("application/pdf: the file is damaged", null);
        }
        String text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
        boolean cut = text.length() > maxChars;
        return new Extracted(cut ? text.substring(0, maxChars) : text, "text/plain", null, null, cut);
    }
}
