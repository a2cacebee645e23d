package dev.tributary.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.hsqldb.jdbc.JDBCDataSource;

/**
 * The embedded HSQLDB in file mode under {@code data/store/}, encrypted with AES, behind a small
 * connection pool. Every commit is flushed to disk before it returns (write delay off), so a
 * crash or {@code kill -9} loses nothing that was committed.
 */
final class Database implements AutoCloseable {

    private final HikariDataSource pool;
    private final JDBCDataSource direct;
    private final Path directory;

    private Database(Path directory, HikariDataSource pool, JDBCDataSource direct) {
        this.directory = directory;
        this.pool = pool;
        this.direct = direct;
    }

    /** Whether a store already exists in {@code directory}. */
    static boolean exists(Path directory) {
        return Files.exists(directory.resolve("tributary.script")) || Files.exists(directory.resolve("tributary.properties"));
    }

    static Database open(Path directory, String cryptKeyHex, int maxConnections) throws SQLException, IOException {
        Files.createDirectories(directory);
        JDBCDataSource hsql = new JDBCDataSource();
        hsql.setUrl("jdbc:hsqldb:file:" + directory.resolve("tributary")
                + ";crypt_key=" + cryptKeyHex + ";crypt_type=AES;crypt_lobs=true"
                + ";hsqldb.write_delay=false;hsqldb.tx=mvcc;hsqldb.default_table_type=cached;hsqldb.lock_file=true");
        hsql.setUser("SA");
        hsql.setPassword("");
        // Fail here, with HSQLDB's own reason, before the pool hides it behind a timeout.
        try (Connection probe = hsql.getConnection()) {
            probe.isValid(1);
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(hsql);
        config.setPoolName("tributary-store");
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setAutoCommit(true);
        config.setConnectionTimeout(30_000);
        config.setInitializationFailTimeout(-1);
        return new Database(directory, new HikariDataSource(config), hsql);
    }

    HikariDataSource dataSource() {
        return pool;
    }

    Path directory() {
        return directory;
    }

    /**
     * Closes the pool, then shuts the database down so its files are consistent and unlocked. In
     * this order: a pool still open could refill itself after the shutdown and so reopen the database.
     */
    @Override
    public void close() throws SQLException {
        pool.close();
        try (Connection c = direct.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
