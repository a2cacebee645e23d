package dev.tributary.store.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.hsqldb.jdbc.JDBCDataSource;

/**
 * Opens the store read-only and reads every row once: the body of {@link StoreCheck}, run in a JVM
 * of its own. Damaged rows can make HSQLDB ask for arrays of any size, and the host's JVM ends itself
 * on its first OutOfMemoryError; in a JVM of its own that is one more "damaged" answer.
 *
 * <p>Needs nothing but HSQLDB on its class path. Arguments: the store's directory, then
 * {@value #RECOVER} for a copy of a store left by a crash, which HSQLDB must recover (write) as it
 * opens it; standard input: the key (never an argument: command lines are visible to every user).
 * It prints one line starting with {@link #ANSWER}: {@code rows <n>}, or {@code failed <reason>}
 * (exit code 1).
 */
public final class ReadOnlyScan {

    static final String ANSWER = "tributary-store-check: ";
    static final String RECOVER = "recover";

    private ReadOnlyScan() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String key = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        try {
            boolean recover = args.length > 1 && args[1].equals(RECOVER);
            out.println(ANSWER + "rows " + readEveryRow(Paths.get(args[0]), key == null ? "" : key.strip(), recover));
        } catch (SQLException | RuntimeException | OutOfMemoryError e) {
            out.println(ANSWER + "failed " + reason(e).replace('\n', ' '));
            System.exit(1);
        }
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return "a row in it claims an impossible size (" + t + ")";
            }
        }
        return String.valueOf(e.getMessage());
    }

    /** The JDBC URL of the encrypted file database, without lock-file or read-only settings. */
    static String url(Path directory, String keyHex) {
        return "jdbc:hsqldb:file:" + directory.resolve(Database.NAME) + ";crypt_key=" + keyHex + ";crypt_type=AES;crypt_lobs=true"
                + ";hsqldb.write_delay=false;hsqldb.tx=mvcc;hsqldb.default_table_type=cached";
    }

    /**
     * Opens the database with {@code files_readonly} (HSQLDB then writes nothing, not even its lock
     * file) and counts every table, which in MVCC mode visits, and so reads, every row.
     *
     * @param recover the files are a copy of a store left by a crash: HSQLDB recovers it as it opens it
     *                (restores its incremental backup, replays its log), which it cannot do read-only
     *                (it then spins or fails)
     * @return the rows read
     */
    static long readEveryRow(Path directory, String keyHex, boolean recover) throws SQLException {
        JDBCDataSource readOnly = new JDBCDataSource();
        readOnly.setUrl(url(directory, keyHex) + (recover ? "" : ";files_readonly=true") + ";hsqldb.lock_file=false");
        readOnly.setUser("SA");
        readOnly.setPassword("");
        try (Connection c = readOnly.getConnection(); Statement s = c.createStatement()) {
            try {
                List<String> tables = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE'")) {
                    while (r.next()) {
                        tables.add(r.getString(1));
                    }
                }
                // no table at all: a store created but never filled (a first start stopped early) holds nothing to lose
                if (!tables.isEmpty() && !tables.contains("SCHEMA_VERSION")) {
                    throw new SQLException("it holds tables but not the store's schema_version");
                }
                long rows = 0;
                for (String table : tables) {
                    try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM PUBLIC.\"" + table.replace("\"", "\"\"") + "\"")) {
                        r.next();
                        rows += r.getLong(1);
                    }
                }
                return rows;
            } finally {
                shutDown(s);
            }
        }
    }

    /** The read-only database must be gone before the store opens the same files for writing (in tests, the same JVM). */
    private static void shutDown(Statement s) {
        try {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // closed already by its own failure
        }
    }
}
