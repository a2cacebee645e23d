package dev.tributary.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.Document;
import dev.tributary.api.store.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A store left by a crash ({@code kill -9}, power cut) is not damaged: HSQLDB recovers it when it
 * opens it (restores what its incremental backup saved, replays its log). The check before opening
 * must not call it damaged. The files a running store has on disk are what a crash leaves.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // read-only, HSQLDB spun on such a store for good
class CrashedStoreTest extends OpenStore {

    /** More text than HSQLDB's row cache holds (10 MB): rows are written to .data before any checkpoint, backed up first. */
    private static final int DOCUMENTS = 2_500;

    @Test
    void aStoreLeftByACrashIsCheckedAndOpensWithEverythingCommitted() throws Exception {
        for (int batch = 0; batch < 5; batch++) {
            List<Change> changes = new ArrayList<>();
            for (int i = batch * DOCUMENTS / 5; i < (batch + 1) * DOCUMENTS / 5; i++) {
                changes.add(new Change.Upsert(Document.builder("d" + i).title("t" + i).text(("document " + i + " ").repeat(800))
                        .url("file:///d" + i).sourceVersion(1).principals(Set.of("everyone")).build(), "h" + i));
            }
            store.commit("docs", "filesystem", changes, "cp" + batch);
        }
        Path crashed = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-crashed"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                // the lock file too: a crash leaves it behind
                Files.copy(f, crashed.resolve(f.getFileName()));
            }
        }
        assertThat(crashed.resolve("tributary.backup")).as("rows written to .data since the last checkpoint, backed up first").exists();

        HsqlDocumentStore recovered = new HsqlDocumentStore(HsqlDocumentStore.open(crashed, vault, 2));
        try {
            assertThat(recovered.count("docs")).isEqualTo(DOCUMENTS);
            assertThat(recovered.checkpoint("docs")).hasValue("cp4");
        } finally {
            recovered.close();
        }
        assertThat(crashed.resolveSibling(crashed.getFileName() + ".check")).as("the check's recovered copy").doesNotExist();
    }
}
