package dev.tributary.connector.github.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The checkpoint: per listing the ETag of its last answer, per repository how far its issues and
 * comments were read and who could see it, and when everything was last listed (for pruning).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
final class Cursor {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** When every repository, issue and comment was last listed in full. */
    public String reconciled;
    /** Repository listing (a configured selector) → ETag of its last answer. */
    public Map<String, String> listings = new TreeMap<>();
    /** Repository full name → what was read of it. */
    public Map<String, Repo> repos = new TreeMap<>();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class Repo {
        /** The listing it came from. */
        public String from;
        public boolean privateRepo;
        /** Its updated/pushed time when its own document was last written. */
        public String updated;
        /** A fingerprint of who may read it. */
        public String readers;
        public String issuesSince;
        public String issuesEtag;
        public String commentsSince;
        public String commentsEtag;
    }

    static Cursor parse(Optional<String> checkpoint) {
        if (checkpoint.isEmpty() || checkpoint.get().isBlank()) {
            return new Cursor();
        }
        try {
            return JSON.readValue(checkpoint.get(), Cursor.class);
        } catch (JsonProcessingException e) {
            // a checkpoint of an older layout: read everything again rather than fail every run
            return new Cursor();
        }
    }

    String write() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the GitHub checkpoint cannot be written", e);
        }
    }

    boolean reconcileDue(Instant now, java.time.Duration every) {
        return reconciled == null || Instant.parse(reconciled).plus(every).isBefore(now);
    }

    static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
