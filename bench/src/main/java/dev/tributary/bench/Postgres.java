package dev.tributary.bench;

import dev.tributary.api.connector.Document;
import dev.tributary.bench.corpus.Corpus;
import dev.tributary.itest.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A private PostgreSQL cluster for one benchmark run: created with initdb under {@code dir}, run by
 * the {@code postgres} OS user (PostgreSQL refuses to run as root), listening on 127.0.0.1 only on a
 * free port, stopped and deleted by {@link #close()}. It holds the corpus as a table with a weighted
 * {@code tsvector} and searches it the way our search does as far as PostgreSQL can.
 */
final class Postgres implements AutoCloseable {

    static final String OS_USER = "postgres";
    /**
     * Our analysis (Unicode word breaks, lower case, accents folded, no stemming, no stop words) is
     * PostgreSQL's {@code simple} configuration, apart from accent folding (the extension
     * {@code unaccent}), which the corpus' ASCII words do not need.
     */
    static final String CONFIG = "simple";
    /**
     * ts_rank_cd's weights for D, C, B (text), A (title): a title match counts three times a text
     * match, as in our search (PostgreSQL's default weighs it 2.5 times).
     */
    static final String WEIGHTS = "{0.1, 0.2, 0.333, 1.0}";
    /** Server settings beside the defaults: memory comparable to the host's heap, no JIT for short queries. */
    static final List<String> SETTINGS = List.of("shared_buffers = 1GB", "work_mem = 32MB", "maintenance_work_mem = 1GB",
            "effective_cache_size = 4GB", "max_wal_size = 8GB", "jit = off");

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private boolean running;

    private Postgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** A fresh cluster in {@code dir} (whatever was there is stopped and deleted), started. */
    static Postgres start(Path bin, Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(bin.resolve("pg_ctl"))) {
            throw new IllegalStateException("no PostgreSQL in " + bin + ": install it (apt-get install -y postgresql) or pass --pg-bin");
        }
        Path data = dir.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) { // left running by an interrupted run
            runQuietly(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
        }
        Trees.delete(dir);
        Files.createDirectories(dir);
        chownToPostgres(dir);
        Postgres pg = new Postgres(bin, dir.toAbsolutePath(), Processes.freePort());
        run(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", OS_USER, "--auth=trust", "-E", "UTF8", "--locale=C");
        List<String> conf = new ArrayList<>(List.of("listen_addresses = '127.0.0.1'", "port = " + pg.port,
                "unix_socket_directories = '" + pg.dir + "'"));
        conf.addAll(SETTINGS);
        Files.writeString(pg.data.resolve("postgresql.conf"), "\n# search benchmark\n" + String.join("\n", conf) + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        pg.running = true; // from here on close() stops it, whatever start says
        run(bin.resolve("pg_ctl").toString(), "-D", pg.data.toString(), "-l", pg.dir.resolve("postgres.log").toString(), "-w", "-t",
                "120", "start");
        return pg;
    }

    String version() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW server_version")) {
            r.next();
            return r.getString(1);
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + OS_USER);
    }

    /** Figures of the load, for the report. */
    record Load(double copySeconds, double indexSeconds, double analyzeSeconds, long tableBytes, long indexBytes) {}

    /** Loads every document of the corpus with COPY, then indexes, then VACUUM ANALYZE. */
    Load load(Corpus corpus) throws SQLException, IOException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE docs ("
                    + " id integer PRIMARY KEY,"
                    + " instance text NOT NULL,"
                    + " source_type text NOT NULL,"
                    + " external_id text NOT NULL,"
                    + " title text NOT NULL,"
                    + " body text NOT NULL,"
                    + " url text NOT NULL,"
                    + " author text,"
                    + " container text,"
                    + " updated timestamptz,"
                    + " principals text[] NOT NULL,"
                    + " tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('" + CONFIG + "', title), 'A')"
                    + " || setweight(to_tsvector('" + CONFIG + "', body), 'B')) STORED)");
            long t0 = System.nanoTime();
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY docs (id, instance, source_type, external_id, title, "
                    + "body, url, author, container, updated, principals) FROM STDIN");
            try {
                StringBuilder rows = new StringBuilder(1 << 20);
                for (int i = 0; i < corpus.size(); i++) {
                    row(rows, i, corpus.sliceOf(i), corpus.document(i));
                    if (rows.length() > (1 << 20) - 8192 || i == corpus.size() - 1) {
                        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
                        copy.writeToCopy(bytes, 0, bytes.length);
                        rows.setLength(0);
                    }
                }
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            long t1 = System.nanoTime();
            s.execute("CREATE INDEX docs_tsv ON docs USING gin (tsv)");
            s.execute("CREATE INDEX docs_principals ON docs USING gin (principals)");
            s.execute("CREATE INDEX docs_instance ON docs (instance)");
            s.execute("CREATE INDEX docs_source_type ON docs (source_type)");
            long t2 = System.nanoTime();
            s.execute("VACUUM ANALYZE docs");
            long t3 = System.nanoTime();
            long table;
            long indexes;
            try (ResultSet r = s.executeQuery("SELECT pg_table_size('docs'), pg_indexes_size('docs')")) {
                r.next();
                table = r.getLong(1);
                indexes = r.getLong(2);
            }
            return new Load((t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, table, indexes);
        }
    }

    private static void row(StringBuilder b, int id, int slice, Document d) {
        b.append(id).append('\t');
        text(b, Corpus.instance(slice)).append('\t');
        text(b, Corpus.sourceType(slice)).append('\t');
        text(b, d.externalId()).append('\t');
        text(b, d.title()).append('\t');
        text(b, d.text()).append('\t');
        text(b, d.url()).append('\t');
        nullable(b, d.author()).append('\t');
        nullable(b, d.container()).append('\t');
        nullable(b, d.updated() == null ? null : d.updated().toString()).append('\t');
        StringBuilder array = new StringBuilder("{");
        for (String p : d.principals()) {
            array.append(array.length() == 1 ? "" : ",").append('"').append(p.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        text(b, array.append('}').toString()).append('\n');
    }

    private static StringBuilder nullable(StringBuilder b, String s) {
        return s == null ? b.append("\\N") : text(b, s);
    }

    /** COPY's text format: backslash, tab, newline and carriage return escaped. */
    private static StringBuilder text(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
        return b;
    }

    /**
     * The search: the words (all required, in title or text), what the principals may see, the
     * filters, ranked by ts_rank_cd with the title weighted, one page of 10 with the exact number
     * of matches, and a snippet (ts_headline) for each hit of the page only.
     */
    static String sql(boolean byInstance, boolean bySourceType) {
        return "WITH q AS (SELECT plainto_tsquery('" + CONFIG + "', ?) AS q),"
                + " top AS (SELECT d.id, ts_rank_cd('" + WEIGHTS + "', d.tsv, q.q) AS rank, count(*) OVER () AS total"
                + "   FROM docs d, q WHERE d.tsv @@ q.q AND d.principals && ?::text[]"
                + (byInstance ? " AND d.instance = ?" : "")
                + (bySourceType ? " AND d.source_type = ?" : "")
                + "   ORDER BY rank DESC LIMIT " + Corpus.Query.PAGE_SIZE + " OFFSET ?)"
                + " SELECT d.instance, d.external_id, d.title, d.url, d.source_type, d.container, d.updated, top.rank, top.total,"
                + "   ts_headline('" + CONFIG + "', d.body, q.q, 'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15') AS snippet"
                + " FROM top JOIN docs d ON d.id = top.id, q ORDER BY top.rank DESC";
    }

    /** One connection with the three prepared statements (no filter, by instance, by source type). */
    static final class Searcher implements AutoCloseable {
        private final Connection c;
        private final PreparedStatement plain;
        private final PreparedStatement byInstance;
        private final PreparedStatement bySourceType;

        Searcher(Connection c) throws SQLException {
            this.c = c;
            this.plain = c.prepareStatement(sql(false, false));
            this.byInstance = c.prepareStatement(sql(true, false));
            this.bySourceType = c.prepareStatement(sql(false, true));
        }

        /** Runs the search, reads every column of every row; returns the number of matches. */
        long search(Corpus.Query q) throws SQLException {
            PreparedStatement p = q.instance() != null ? byInstance : q.sourceType() != null ? bySourceType : plain;
            int i = 1;
            p.setString(i++, q.words());
            Array who = c.createArrayOf("text", q.principals().toArray());
            p.setArray(i++, who);
            if (q.instance() != null) {
                p.setString(i++, q.instance());
            } else if (q.sourceType() != null) {
                p.setString(i++, q.sourceType());
            }
            p.setInt(i, q.page() * Corpus.Query.PAGE_SIZE);
            long total = 0;
            try (ResultSet r = p.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    for (int k = 1; k <= columns; k++) {
                        r.getObject(k);
                    }
                    total = r.getLong("total");
                }
            }
            return total;
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }

    /** Stops the server (also after a failed start) and deletes the cluster. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (running) {
            running = false;
            runQuietly(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "120", "stop");
        }
        Trees.delete(dir);
    }

    private static void chownToPostgres(Path p) throws IOException {
        UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(OS_USER));
        GroupPrincipal group = users.lookupPrincipalByGroupName(OS_USER);
        view.setGroup(group);
    }

    /** Runs a PostgreSQL program as the postgres user; fails with its output if it fails. */
    private static void run(String... command) throws IOException, InterruptedException {
        String out = runQuietly(command);
        if (out != null) {
            throw new IOException(String.join(" ", command) + " failed:\n" + out);
        }
    }

    /** @return null on success, else the program's output */
    private static String runQuietly(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", OS_USER, "--"));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes(); // until it exits (pg_ctl start detaches the server's output to the log)
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : new String(out, StandardCharsets.UTF_8).strip() + " (exit " + p.exitValue() + ")";
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%,d MB", bytes >> 20);
    }
}
