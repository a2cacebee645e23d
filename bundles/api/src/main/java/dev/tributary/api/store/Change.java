package dev.tributary.api.store;

import dev.tributary.api.connector.Document;
import java.util.Objects;

/** One change a sync reports, committed in a batch with its checkpoint. */
public sealed interface Change {

    String externalId();

    /** A new or possibly changed document, with the hash of its stored content. */
    record Upsert(Document document, String contentHash) implements Change {
        public Upsert {
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(contentHash, "contentHash");
        }

        @Override
        public String externalId() {
            return document.externalId();
        }
    }

    /** A document gone at the source. */
    record Delete(String externalId) implements Change {
        public Delete {
            Objects.requireNonNull(externalId, "externalId");
        }
    }
}
