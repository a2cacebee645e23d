package dev.tributary.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.Document;
import dev.tributary.api.store.DocumentChange;
import dev.tributary.api.store.StoredDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentChangesTest {

    private static DocumentChange upsert(long seq) {
        Document d = Document.builder("d" + seq).title("t").text("x".repeat(100)).url("u").principals(java.util.Set.of("everyone"))
                .build();
        return new DocumentChange(seq, "i", d.externalId(), new StoredDocument("i", "s", d, "h", seq));
    }

    @Test
    void servesEverythingSinceItStartedAndNothingOlder() {
        RecentChanges recent = new RecentChanges(10, 100, 1_000_000);
        recent.committed(List.of(upsert(11), upsert(12)));
        recent.committed(List.of(new DocumentChange(14, "i", "d11", null)));

        assertThat(recent.since(10, 100)).get().asList().extracting("sequence").containsExactly(11L, 12L, 14L);
        assertThat(recent.since(12, 100)).get().asList().extracting("sequence").containsExactly(14L);
        assertThat(recent.since(11, 1)).get().asList().extracting("sequence").containsExactly(12L);
        assertThat(recent.since(14, 100)).get().asList().isEmpty();
        assertThat(recent.since(9, 100)).as("change 10 was never held").isEmpty();
    }

    @Test
    void evictsTheOldestAndThenSendsOlderReadersToTheTables() {
        RecentChanges recent = new RecentChanges(0, 3, 1_000_000);
        recent.committed(List.of(upsert(1), upsert(2), upsert(3), upsert(4), upsert(5)));

        assertThat(recent.since(0, 100)).isEmpty();
        assertThat(recent.since(1, 100)).isEmpty();
        assertThat(recent.since(2, 100)).get().asList().extracting("sequence").containsExactly(3L, 4L, 5L);
    }

    @Test
    void boundedByTextSizeToo() {
        RecentChanges recent = new RecentChanges(0, 1000, 1000);
        recent.committed(List.of(upsert(1), upsert(2), upsert(3), upsert(4), upsert(5)));

        assertThat(recent.since(4, 100)).get().asList().extracting("sequence").containsExactly(5L);
        assertThat(recent.since(0, 100)).isEmpty();
    }
}
