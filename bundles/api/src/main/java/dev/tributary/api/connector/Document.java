package dev.tributary.api.connector;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One item of a source, as it will be stored and searched.
 *
 * @param externalId    the source's own stable id; with the instance it keys the document
 * @param title         shown in results (boosted in search)
 * @param text          the searchable body (plain text)
 * @param url           the citation: where a reader opens the item at its source
 * @param mimeType      of the original, e.g. {@code application/pdf}
 * @param author        who wrote it, or null
 * @param created       when it was created at the source, or null
 * @param updated       when it last changed at the source, or null
 * @param sourceVersion orders versions of this item: a lower one never overwrites a higher one
 *                      (a modification time in millis, an update counter …)
 * @param container     where it sits in the source (a folder, repository, channel), or null
 * @param metadata      typed facets, e.g. {@code "labels" -> ["bug"]}
 * @param principals    who may see it: {@code everyone}, {@code user:<name>}, {@code group:<name>}.
 *                      Empty means visibility is unknown: such a document is never indexed.
 */
public record Document(String externalId, String title, String text, String url, String mimeType, String author,
        Instant created, Instant updated, long sourceVersion, String container, Map<String, List<String>> metadata,
        Set<String> principals) {

    /** The principal every user has. */
    public static final String EVERYONE = "everyone";

    public Document {
        Objects.requireNonNull(externalId, "externalId");
        if (externalId.isEmpty()) {
            throw new IllegalArgumentException("externalId is empty");
        }
        title = title == null ? "" : title;
        text = text == null ? "" : text;
        Objects.requireNonNull(url, "url (the citation) of " + externalId);
        mimeType = mimeType == null ? "application/octet-stream" : mimeType;
        metadata = metadata == null ? Map.of() : copy(metadata);
        principals = principals == null ? Set.of() : Set.copyOf(principals);
    }

    public static Builder builder(String externalId) {
        return new Builder(externalId);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> m) {
        Map<String, List<String>> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, List.copyOf(v)));
        return Map.copyOf(c);
    }

    /** Builds a document field by field. */
    public static final class Builder {
        private final String externalId;
        private String title;
        private String text;
        private String url;
        private String mimeType;
        private String author;
        private Instant created;
        private Instant updated;
        private long sourceVersion;
        private String container;
        private final Map<String, List<String>> metadata = new LinkedHashMap<>();
        private Set<String> principals = Set.of();

        private Builder(String externalId) {
            this.externalId = externalId;
        }

        public Builder title(String v) { this.title = v; return this; }
        public Builder text(String v) { this.text = v; return this; }
        public Builder url(String v) { this.url = v; return this; }
        public Builder mimeType(String v) { this.mimeType = v; return this; }
        public Builder author(String v) { this.author = v; return this; }
        public Builder created(Instant v) { this.created = v; return this; }
        public Builder updated(Instant v) { this.updated = v; return this; }
        public Builder sourceVersion(long v) { this.sourceVersion = v; return this; }
        public Builder container(String v) { this.container = v; return this; }
        public Builder metadata(String key, List<String> values) { metadata.put(key, values); return this; }
        public Builder principals(Set<String> v) { this.principals = v; return this; }

        public Document build() {
            return new Document(externalId, title, text, url, mimeType, author, created, updated, sourceVersion, container,
                    metadata, principals);
        }
    }
}
