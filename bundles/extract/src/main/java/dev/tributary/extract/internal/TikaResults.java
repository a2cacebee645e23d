package dev.tributary.extract.internal;

import dev.tributary.api.extract.Extracted;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.Property;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;

/** Turns what Tika wrote into the api's {@link Extracted}. */
final class TikaResults {

    private TikaResults() {}

    static Extracted extracted(String text, Metadata metadata, boolean truncated) {
        return new Extracted(text.strip(), mimeType(metadata),
                first(metadata, TikaCoreProperties.TITLE), all(metadata, TikaCoreProperties.CREATOR), truncated);
    }

    /** The detected type without parameters ({@code text/plain}, not {@code text/plain; charset=UTF-8}). */
    static String mimeType(Metadata metadata) {
        MediaType type = MediaType.parse(metadata.get(Metadata.CONTENT_TYPE));
        return type == null ? MediaType.OCTET_STREAM.toString() : type.getBaseType().toString();
    }

    private static String first(Metadata metadata, Property property) {
        return Arrays.stream(metadata.getValues(property)).map(String::strip)
                .filter(v -> !v.isEmpty()).findFirst().orElse(null);
    }

    /** Several authors (a PDF's or an ODF file's) are joined: "Ada Lovelace, Charles Babbage". */
    private static String all(Metadata metadata, Property property) {
        String joined = Arrays.stream(metadata.getValues(property)).map(String::strip)
                .filter(v -> !v.isEmpty()).distinct().collect(Collectors.joining(", "));
        return joined.isEmpty() ? null : joined;
    }
}
