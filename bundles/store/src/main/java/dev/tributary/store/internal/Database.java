package dev.tributary.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.hsqldb.jdbc.JDBCDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HSQLDB in file mode under {@code data/store/}, encrypted with AES, behind a small
 * connection pool. Every commit is flushed to disk before it returns (write delay off), so a
 * crash or {@code kill -9} loses nothing that was committed.
 */
final class Database implements AutoCloseable {

    /** The database's name: its files are {@code tributary.properties}, {@code .script}, {@code .data} … */
    static final String NAME = "tributary";
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final JDBCDataSource direct;
    private final Path directory;
    private final String keyId;

    private Database(Path directory, String keyId, HikariDataSource pool, JDBCDataSource direct) {
        this.directory = directory;
        this.keyId = keyId;
        this.pool = pool;
        this.direct = direct;
    }

    /** Whether a store already exists in {@code directory}, whole or in part. */
    static boolean exists(Path directory) {
        return StoreCheck.exists(directory);
    }

    /**
     * Opens the store, creating it if there is none. An existing one is first read without writing
     * ({@link StoreCheck}): one that is damaged or under another key is refused and left as it was.
     *
     * @throws StoreRefusedException when the existing store cannot be trusted
     */
    static Database open(Path directory, String cryptKeyHex, int maxConnections) throws SQLException, IOException {
        if (exists(directory)) {
            StoreCheck.verify(directory, cryptKeyHex);
            ShutdownSeal.remove(directory);
        } else {
            Files.createDirectories(directory);
        }
        JDBCDataSource hsql = new JDBCDataSource();
        // No HSQLDB lock file: the launcher's lock on data/ (tributary.lock) already keeps every other host out, and after a
        // crash HSQLDB would wait up to 10 s for the dead process's heartbeat in the lock file to go stale before opening
        hsql.setUrl(ReadOnlyScan.url(directory, cryptKeyHex) + ";hsqldb.lock_file=false");
        hsql.setUser("SA");
        hsql.setPassword("");
        // Fail here, with HSQLDB's own reason, before the pool hides it behind a timeout.
        try (Connection probe = hsql.getConnection()) {
            probe.isValid(1);
        }
        String keyId = KeyId.of(cryptKeyHex);
        Optional<String> recorded = KeyId.recorded(directory);
        if (recorded.isPresent() && !recorded.get().equals(keyId)) {
            LOG.warn("{} named key {}, but the store opened with key {}: corrected", directory.resolve(KeyId.FILE), recorded.get(), keyId);
        }
        KeyId.record(directory, keyId);
        HikariConfig config = new HikariConfig();
        config.setDataSource(hsql);
        config.setPoolName("tributary-store");
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setAutoCommit(true);
        config.setConnectionTimeout(30_000);
        config.setInitializationFailTimeout(-1);
        return new Database(directory, keyId, new HikariDataSource(config), hsql);
    }

    HikariDataSource dataSource() {
        return pool;
    }

    Path directory() {
        return directory;
    }

    /**
     * Closes the pool, then shuts the database down so its files are consistent and unlocked, and
     * seals them ({@link ShutdownSeal}). In this order: a pool still open could refill itself after
     * the shutdown and so reopen the database.
     */
    @Override
    public void close() throws SQLException {
        pool.close();
        try (Connection c = direct.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
        try {
            ShutdownSeal.write(directory, keyId);
        } catch (IOException e) {
            LOG.warn("Could not seal the store in {} after its shutdown ({}): the next start reads all of it before opening it",
                    directory, e.toString());
        }
    }
}
