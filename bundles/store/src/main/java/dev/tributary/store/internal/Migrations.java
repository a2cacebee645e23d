package dev.tributary.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered SQL scripts under {@code migrations/} (listed in {@code migrations/index})
 * that the database has not seen, in order, and records each in {@code schema_version}.
 *
 * <p>A few lines of our own instead of Liquibase: one embedded schema, plain SQL files, and no
 * ten extra bundles (Liquibase needs SPI Fly, snakeyaml and four commons jars in OSGi) on the
 * start-up path. Scripts use {@code IF NOT EXISTS}, so one interrupted half-way is simply run
 * again.
 */
final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final String DIR = "migrations/";

    private Migrations() {}

    /** @return the schema version now in force */
    static int apply(DataSource db) throws SQLException, IOException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, script VARCHAR(200) NOT NULL,"
                    + " applied_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)");
            int current = 0;
            try (ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                if (r.next()) {
                    current = r.getInt(1);
                }
            }
            List<String> scripts = scripts();
            if (current > scripts.size()) {
                throw new SQLException("the store's schema is version " + current + " but this host knows only up to "
                        + scripts.size() + ": it was written by a newer Tributary; run that version, or restore a backup");
            }
            for (int v = current + 1; v <= scripts.size(); v++) {
                String script = scripts.get(v - 1);
                for (String sql : statements(read(script))) {
                    s.execute(sql);
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
                    p.setInt(1, v);
                    p.setString(2, script);
                    p.executeUpdate();
                }
                LOG.info("Store schema migrated to version {} ({})", v, script);
            }
            return scripts.size();
        }
    }

    static List<String> scripts() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : read("index").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).startsWith("V" + (i + 1) + "__")) {
                throw new IllegalStateException("migration " + (i + 1) + " is named " + names.get(i) + "; expected V" + (i + 1) + "__...");
            }
        }
        return names;
    }

    /** Splits a script at semicolons that end a line; drops {@code --} comment lines. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String read(String name) throws IOException {
        try (InputStream in = Migrations.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IOException("the store bundle lacks " + DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
