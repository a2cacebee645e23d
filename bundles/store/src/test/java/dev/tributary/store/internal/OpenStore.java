package dev.tributary.store.internal;

import dev.tributary.testkit.MemoryVault;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real store in a temporary directory for each test, its key in a vault in memory; closed after the test. */
abstract class OpenStore {

    @TempDir
    Path dir;
    final MemoryVault vault = new MemoryVault();
    HsqlDocumentStore store;

    @BeforeEach
    void open() throws Exception {
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 4));
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    /** Closes the store and opens it again on the same files, as a restart of the host does. */
    void reopen() throws Exception {
        store.close();
        store = new HsqlDocumentStore(HsqlDocumentStore.open(dir, vault, 4));
    }
}
