package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.bench.corpus.Corpus;
import dev.tributary.bench.corpus.CorpusConnector;
import dev.tributary.itest.TestBundles;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Search through the REST API of the real distribution, beside PostgreSQL full-text search on the
 * same documents on the same machine.
 *
 * <ol>
 * <li>The host ({@code bin/tributary run} on a fresh copy) gets the benchmark's corpus connector
 * (a bundle built with bnd from {@code dev.tributary.bench.corpus}) and one instance per slice of
 * the {@link Corpus}; their syncs are triggered over REST and timed until the index holds every
 * document (the ingest rate).</li>
 * <li>Once the host is idle, typical searches (after a warm-up) run one at a time on one keep-alive
 * connection through {@code GET /api/v1/search}, as the searcher's principals. Then, to see where
 * the time goes, a route that only authenticates and answers a small JSON problem, the same
 * searches asking for 1 hit instead of 10, and the same searches through the JDK's HttpClient.
 * The host is stopped and its copy deleted.</li>
 * <li>Then (never at the same time: the machine may have 2 cores) a private PostgreSQL cluster gets
 * the same documents with COPY, GIN indexes and VACUUM ANALYZE, and runs the same searches through
 * JDBC prepared statements from this JVM.</li>
 * </ol>
 * The figures go to the "Search" section of docs/BENCHMARKS.md.
 */
public final class SearchBench {

    private static final String BUNDLE = "bench-corpus.jar";

    private final Path dist;
    private final int documents;
    private final int slices;
    private final int queries;
    private final int warmup;
    private final int pgWarmup;
    private final long seed;
    private final String javaOptions;
    private final Path pgBin;
    private final Path pgDir;
    private final Duration ingestTimeout;
    private final Path jfr;
    private final boolean postgres;
    private final Path keep;
    private final Corpus corpus;
    private final List<Corpus.Query> searches;

    // the host
    private double ingestSeconds;
    private double storedSeconds;
    private double quietSeconds;
    private boolean quiet;
    private double rssAfterIngest;
    private long indexBytes;
    private long dataBytes;
    private final Stats rest = new Stats();
    private final Stats restOneHit = new Stats();
    private final Stats floor = new Stats();
    private final Stats jdkClient = new Stats();
    private double otherLoad;
    private long restHits;
    private long restBytes;
    private long restOneHitBytes;
    // PostgreSQL
    private String pgVersion;
    private Postgres.Load pgLoad;
    private final Stats pg = new Stats();
    private long pgHits;

    SearchBench(Options o) {
        this.dist = o.path("dist", "runtime/target/tributary");
        this.documents = o.integer("documents", 1_000_000);
        this.slices = o.integer("slices", 8);
        this.queries = o.integer("queries", 2000);
        this.warmup = o.integer("warmup", 5000);
        this.pgWarmup = Math.min(warmup, o.integer("pg-warmup", 500));
        this.seed = o.longValue("seed", 42);
        this.javaOptions = o.get("java-opts", "-Xmx1g -XX:+ExitOnOutOfMemoryError");
        this.pgBin = o.has("pg-bin") ? o.path("pg-bin") : newestPostgres();
        this.pgDir = o.path("pg-dir", "bench/target/pg");
        this.ingestTimeout = Duration.ofMinutes(o.longValue("ingest-timeout-minutes", 120));
        this.jfr = o.has("jfr") ? o.path("jfr").toAbsolutePath() : null;
        this.postgres = !"false".equals(o.get("postgres", "true"));
        this.keep = o.has("keep") ? o.path("keep").toAbsolutePath() : null;
        if (keep != null && Files.exists(keep)) {
            throw new IllegalArgumentException("--keep " + keep + " exists: name a directory to be made");
        }
        if (documents % slices != 0) {
            throw new IllegalArgumentException("--documents " + documents + " is not a multiple of --slices " + slices);
        }
        this.corpus = new Corpus(seed, slices, documents / slices);
        this.searches = corpus.queries(seed + 7, warmup + queries);
    }

    /**
     * Options: {@code --dist}, {@code --out}, {@code --documents} (1000000), {@code --slices} (8),
     * {@code --queries} (2000), {@code --warmup} (5000: the host's JIT needs a few thousand searches
     * before its tail settles), {@code --pg-warmup} (500), {@code --seed} (42), {@code --java-opts}
     * (the host's), {@code --pg-bin} (the newest /usr/lib/postgresql/&lt;major&gt;/bin), {@code --pg-dir}
     * (bench/target/pg), {@code --ingest-timeout-minutes}, {@code --jfr <file>} (records the host during the measured searches), {@code --postgres false},
     * {@code --keep <dir>} (a new directory: the stopped host's copy, with its store and index, is moved there instead of deleted:
     * to look into it, or to start it again with {@code bin/tributary run}).
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args, "dist", "out", "documents", "slices", "queries", "warmup", "pg-warmup", "seed",
                "java-opts", "pg-bin", "pg-dir", "ingest-timeout-minutes", "jfr", "postgres", "keep");
        SearchBench bench = new SearchBench(options);
        bench.run();
        Report.publish(options.path("out", "docs/BENCHMARKS.md"), "Search", bench.report());
    }

    void run() throws Exception {
        host();
        if (postgres) {
            postgres();
        }
    }

    // ---------------------------------------------------------------- the host

    private void host() throws Exception {
        byte[] bundle = new TestBundles(codeSource(CorpusConnector.class)).build(CorpusConnector.PID, "1.0.0", Map.of(
                "Private-Package", CorpusConnector.class.getPackageName(),
                "-dsannotations", CorpusConnector.class.getName(),
                "-metatypeannotations", CorpusConnector.class.getName() + "*"));
        try (BenchHost host = BenchHost.start(dist, javaOptions, keep, home -> { })) {
            host.adminToken(); // the REST bundle is up before the corpus bundle comes
            TestBundles.drop(host.home.resolve("deploy"), BUNDLE, bundle);
            for (int k = 0; k < slices; k++) {
                writeConfig(host.home.resolve("etc"), k);
            }
            host.awaitInstances(list -> list.size() == slices, Duration.ofSeconds(60));
            ingest(host);
            System.out.printf(Locale.ROOT, "ingested %,d documents in %.1f s (stored after %.1f s)%n", documents, ingestSeconds,
                    storedSeconds);
            rssAfterIngest = Processes.rssMegabytes(host.pid());
            indexBytes = size(host.home.resolve("data/index"));
            dataBytes = size(host.home.resolve("data"));
            awaitIdle(host.pid());
            System.out.printf(Locale.ROOT, "host idle after %.1f s more%s%n", quietSeconds, quiet ? "" : " (gave up waiting)");
            searchRest(host);
        }
    }

    private void writeConfig(Path etc, int slice) throws IOException {
        String name = CorpusConnector.PID + "-" + Corpus.instance(slice) + ".cfg";
        String cfg = "documents = " + corpus.perSlice() + "\nslices = " + slices + "\nslice = " + slice + "\nseed = " + seed
                + "\nschedule = manual\n";
        Path aside = etc.resolve("." + name + ".part");
        Files.writeString(aside, cfg, StandardCharsets.UTF_8);
        Files.move(aside, etc.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Triggers every instance's sync and waits until the index holds every document. */
    private void ingest(BenchHost host) throws Exception {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        for (int k = 0; k < slices; k++) {
            HttpResponse<String> r = BenchHost.send(host.request("/api/v1/instances/" + Corpus.instance(k) + "/sync")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            if (r.statusCode() != 202) {
                throw new IllegalStateException("sync of " + Corpus.instance(k) + " was not accepted: " + r.statusCode() + " " + r.body());
            }
        }
        long deadline = t0 + ingestTimeout.toNanos();
        long lastReport = t0;
        long indexed = 0;
        boolean stored = false;
        for (int round = 0; ; round++) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the index holds " + indexed + " of " + documents + " documents after " + ingestTimeout);
            }
            String index = indexHealth(host);
            long n = BenchHost.indexedDocuments(index);
            indexed = n >= 0 ? n : indexed;
            if (!stored && (indexed >= documents || round % 20 == 0)) { // the store is asked every ~5 s: it is busy
                stored = runsSucceeded(host, started);
            }
            if (stored && indexed >= documents) {
                ingestSeconds = (System.nanoTime() - t0) / 1e9;
                return;
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(30)) {
                lastReport = System.nanoTime();
                System.out.printf(Locale.ROOT, "  %.0f s: index %s%n", (lastReport - t0) / 1e9, index);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** Whether every instance's last run (since {@code started}) succeeded; fails on a failed one. */
    private boolean runsSucceeded(BenchHost host, Instant started) throws Exception {
        Instant last = started;
        for (JsonNode i : host.instances()) {
            JsonNode run = i.path("lastRun");
            String status = run.path("status").asText("");
            if (run.isMissingNode() || run.isNull() || Instant.parse(run.path("started").asText()).isBefore(started)
                    || status.equals("running")) {
                return false;
            }
            if (!status.equals("succeeded") || run.path("seen").asLong() != corpus.perSlice()) {
                throw new IllegalStateException("the sync of " + i.path("instanceId").asText() + " did not succeed: " + run);
            }
            Instant ended = Instant.parse(run.path("ended").asText());
            last = ended.isAfter(last) ? ended : last;
        }
        storedSeconds = Duration.between(started, last).toMillis() / 1e3;
        return true;
    }

    /**
     * Lucene merges segments in the background after a large ingest: wait (up to 10 minutes) until
     * the host used under 5 % of a core for 2 s, so its merges do not share the CPU with the searches.
     */
    private void awaitIdle(long pid) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
        long windowStart = System.nanoTime();
        long cpuAtStart = cpuTicks(pid);
        while (System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
            long elapsed = System.nanoTime() - windowStart;
            if (elapsed >= TimeUnit.SECONDS.toNanos(2)) {
                double cpuSeconds = (cpuTicks(pid) - cpuAtStart) / 100.0;
                if (cpuSeconds / (elapsed / 1e9) < 0.05) {
                    quiet = true;
                    break;
                }
                windowStart = System.nanoTime();
                cpuAtStart = cpuTicks(pid);
            }
        }
        quietSeconds = (System.nanoTime() - t0) / 1e9;
    }

    private void searchRest(BenchHost host) throws Exception {
        long pid = host.pid();
        List<String> paths = searches.stream().map(q -> searchPath(q, Corpus.Query.PAGE_SIZE)).toList();
        try (KeepAliveClient client = new KeepAliveClient("127.0.0.1", host.port, host.adminToken())) {
            for (int i = 0; i < warmup; i++) {
                search(client, paths.get(i));
            }
            if (jfr != null) {
                jcmd(pid, "JFR.start", "name=search", "settings=profile", "filename=" + jfr);
            }
            long self = ProcessHandle.current().pid();
            long busy = machineBusyTicks() - cpuTicks(pid) - cpuTicks(self);
            long t0 = System.nanoTime();
            List<byte[]> bodies = new ArrayList<>(queries);
            for (int i = warmup; i < searches.size(); i++) {
                long t = System.nanoTime();
                bodies.add(search(client, paths.get(i)));
                rest.add(ms(t));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            otherLoad = (machineBusyTicks() - cpuTicks(pid) - cpuTicks(self) - busy) / 100.0 / seconds;
            if (jfr != null) {
                jcmd(pid, "JFR.stop", "name=search");
            }
            for (byte[] body : bodies) {
                restBytes += body.length;
                restHits += BenchHost.JSON.readTree(body).path("total").asLong();
            }
            System.out.printf(Locale.ROOT, "REST search: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %,d hits on average%n", rest.median(),
                    rest.percentile(95), rest.percentile(99), restHits / queries);
            // where the time goes: the same searches asking for one hit (fewer snippets, stored fields, JSON) ...
            for (int i = warmup; i < searches.size(); i++) {
                String path = searchPath(searches.get(i), 1);
                long t = System.nanoTime();
                byte[] body = search(client, path);
                restOneHit.add(ms(t));
                restOneHitBytes += body.length;
            }
            // ... what HTTP, the token check and a small JSON answer cost: a route that finds nothing ...
            for (int i = 0; i < warmup + queries; i++) {
                long t = System.nanoTime();
                KeepAliveClient.Response r = client.get("/api/v1/instances/no-such-instance");
                if (i >= warmup) {
                    floor.add(ms(t));
                }
                if (r.status() != 404) {
                    throw new IllegalStateException("GET /api/v1/instances/no-such-instance answered " + r.status());
                }
            }
        }
        // ... and the same searches through the JDK's HttpClient, as a Java program would call the API
        for (int i = warmup; i < searches.size(); i++) {
            HttpRequest request = host.request(paths.get(i)).build();
            long t = System.nanoTime();
            HttpResponse<byte[]> r = BenchHost.HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            jdkClient.add(ms(t));
            if (r.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + r.statusCode());
            }
        }
    }

    private static byte[] search(KeepAliveClient client, String path) throws IOException {
        KeepAliveClient.Response r = client.get(path);
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.status() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    /** {@code /api/v1/search?…} for the search, asking for {@code size} hits from where its page starts. */
    private static String searchPath(Corpus.Query q, int size) {
        StringBuilder query = new StringBuilder("/api/v1/search?q=").append(encode(q.words()));
        for (String principal : q.principals()) {
            if (!principal.equals("everyone")) { // the API adds it
                query.append("&as=").append(encode(principal));
            }
        }
        if (q.instance() != null) {
            query.append("&instance=").append(encode(q.instance()));
        }
        if (q.sourceType() != null) {
            query.append("&sourceType=").append(encode(q.sourceType()));
        }
        return query.append("&size=").append(size).append("&page=").append(q.page() * Corpus.Query.PAGE_SIZE / size).toString();
    }

    // ---------------------------------------------------------------- PostgreSQL

    private void postgres() throws Exception {
        try (Postgres db = Postgres.start(pgBin, pgDir)) {
            pgVersion = db.version();
            pgLoad = db.load(corpus);
            System.out.printf(Locale.ROOT, "PostgreSQL %s: COPY %.1f s, indexes %.1f s, VACUUM ANALYZE %.1f s%n", pgVersion,
                    pgLoad.copySeconds(), pgLoad.indexSeconds(), pgLoad.analyzeSeconds());
            try (Postgres.Searcher s = new Postgres.Searcher(db.connect())) {
                for (int i = warmup - pgWarmup; i < warmup; i++) {
                    s.search(searches.get(i));
                }
                for (int i = warmup; i < searches.size(); i++) {
                    long t = System.nanoTime();
                    pgHits += s.search(searches.get(i));
                    pg.add(ms(t));
                }
            }
            System.out.printf(Locale.ROOT, "PostgreSQL search: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %,d hits on average%n",
                    pg.median(), pg.percentile(95), pg.percentile(99), pgHits / queries);
        }
    }

    // ---------------------------------------------------------------- the report

    String report() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Written by `bench/run` (%s, `SearchBench`). %,d documents generated by "
                + "`bench/.../corpus/Corpus.java` (4–8 word titles, 40–119 words of text from a 50k-word Zipf vocabulary, "
                + "~30 %% visible to `everyone`, the rest to 1–3 of 10k users and 200 groups, 3 %% duplicate content) in %d slices, "
                + "each an instance of a benchmark connector bundle dropped into `deploy/` of the real distribution "
                + "(`bin/tributary run`, `TRIBUTARY_JAVA_OPTS=%s`). Searches: %,d typical ones (1–3 words, ~20 %% narrowed to an "
                + "instance or a source type, 10 %% second pages), each as `everyone` + one user + 3 groups, one at a time: "
                + "through the API after %,d others for warm-up, on one kept-alive HTTP/1.1 connection, timed by the client "
                + "from sending the request to the last byte of the JSON; then the same searches on PostgreSQL %s on the same "
                + "machine, after %,d for warm-up (never both systems at once).%n%n",
                LocalDate.now(), documents, slices, javaOptions, queries, warmup, postgres ? pgVersion : "(not run)", pgWarmup));
        b.append("| search latency | p50 | p95 | p99 | max | avg hits |\n|---|---|---|---|---|---|\n");
        latencyRow(b, "Tributary: `GET /api/v1/search` over HTTP (one keep-alive connection)", rest, restHits);
        if (postgres) {
            latencyRow(b, "PostgreSQL full-text search over JDBC (prepared statements)", pg, pgHits);
            b.append(String.format(Locale.ROOT, "| ratio PostgreSQL / Tributary | %.1f× | %.1f× | %.1f× | | |%n",
                    pg.median() / rest.median(), pg.percentile(95) / rest.percentile(95), pg.percentile(99) / rest.percentile(99)));
        }
        double p95 = rest.percentile(95);
        b.append(String.format(Locale.ROOT, "%nGoal: p95 ≤ 10 ms through the REST API: %.2f ms, **%s**.%n", p95, p95 <= 10 ? "met" : "not met"));

        b.append(String.format(Locale.ROOT, "%nIngest (a side figure): the %,d documents synced (%d instances, the scheduler runs max(2, cores) at once"
                + ") and searchable "
                + "in %.0f s: **%,.0f documents/s** (all in the store after %.0f s, the index caught up %.0f s later). "
                + "Then: host RSS %.0f MB, index %s, data/ %s; the host was idle again %.0f s later%s.%n",
                documents, slices, ingestSeconds, documents / ingestSeconds, storedSeconds, Math.max(0, ingestSeconds - storedSeconds),
                rssAfterIngest, Postgres.megabytes(indexBytes), Postgres.megabytes(dataBytes), quietSeconds,
                quiet ? "" : " (not idle within 10 min: searches ran beside its merges)"));
        if (postgres) {
            b.append(String.format(Locale.ROOT, "PostgreSQL load: COPY %.0f s, indexes %.0f s, VACUUM ANALYZE %.0f s; table %s, "
                    + "indexes %s.%n", pgLoad.copySeconds(), pgLoad.indexSeconds(), pgLoad.analyzeSeconds(),
                    Postgres.megabytes(pgLoad.tableBytes()), Postgres.megabytes(pgLoad.indexBytes())));
        }

        b.append(String.format(Locale.ROOT, "%nWhere the REST time goes (same host, same connection):%n%n"
                + "- HTTP, token check and a small JSON answer (`GET /api/v1/instances/<none>` → 404): p50 %.2f ms, p95 %.2f ms, "
                + "p99 %.2f ms.%n"
                + "- the same searches asking for 1 hit instead of 10 (one snippet, stored document and source list instead of "
                + "10; %,d instead of %,d bytes of JSON on average): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms.%n"
                + "- the same searches through the JDK's `HttpClient` (HTTP/1.1, its own connection pool) instead of a plain "
                + "socket: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms.%n"
                + "- other processes on the machine used %.0f %% of one core while the searches were measured.%n",
                floor.median(), floor.percentile(95), floor.percentile(99), restOneHitBytes / queries, restBytes / queries,
                restOneHit.median(), restOneHit.percentile(95), restOneHit.percentile(99), jdkClient.median(),
                jdkClient.percentile(95), jdkClient.percentile(99), otherLoad * 100));

        b.append("\nWhat each side does:\n\n"
                + "- **Tributary** (`GET /api/v1/search`): the words over title (boost 3) and text, every word required; the "
                + "permission filter; the filters; BM25; an exact total of matches with duplicates collapsed into one hit; "
                + "facet counts (instance, source type, container, author; top 100 each) over all matches; the page of 10 with "
                + "a highlighted snippet and every source of each hit's content; JSON over HTTP.\n");
        if (postgres) {
            b.append("- **PostgreSQL**: a table with a stored `tsvector` (title weight A, text weight B, configuration `simple`: "
                    + "lower case, no stemming, no stop words, as our analysis; our accent folding is not needed by these "
                    + "ASCII words), a GIN index on it, `principals text[]` with a GIN index, B-tree indexes on instance and "
                    + "source type. One statement: `tsv @@ plainto_tsquery(…)` (every word required) `AND principals && "
                    + "ARRAY[…]` and the filter, ranked by `ts_rank_cd` (title weighted 3× the text), `count(*) OVER ()` for the "
                    + "total, top 10 (`OFFSET` for page 2), `ts_headline` snippets for those 10 only. Settings: "
                    + String.join(", ", Postgres.SETTINGS) + "; the rest default (parallel workers allowed).\n"
                    + "- **Not comparable**: PostgreSQL computes no facets, does not collapse duplicate content (its average "
                    + "number of hits counts duplicates) and lists no other sources per hit, so it does less than our search; "
                    + "its latency is measured in the same JVM over JDBC on 127.0.0.1, without HTTP or JSON. `ts_rank_cd` "
                    + "(cover density) and BM25 rank differently, so the pages differ in order, not in what may be shown.\n");
        }
        return b.toString();
    }

    private void latencyRow(StringBuilder b, String what, Stats s, long hits) {
        b.append(String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %,d |%n", what, s.median(), s.percentile(95),
                s.percentile(99), s.max(), hits / queries));
    }

    // ---------------------------------------------------------------- helpers

    /** The index's line in /health. */
    private static String indexHealth(BenchHost host) throws Exception {
        String h = host.health();
        if (h != null) {
            for (JsonNode c : BenchHost.JSON.readTree(h).path("checks")) {
                if (c.path("name").asText().equals("index")) {
                    return c.path("status").asText() + ": " + c.path("message").asText();
                }
            }
        }
        return null;
    }

    private static void jcmd(long pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    /** User + system CPU time of a process, in clock ticks (1/100 s). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the line
    }

    /** CPU time the whole machine spent busy (not idle or waiting for I/O), in clock ticks. */
    private static long machineBusyTicks() throws IOException {
        String[] f = Files.readAllLines(Paths.get("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
            busy += Long.parseLong(f[i]);
        }
        return busy;
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** The newest /usr/lib/postgresql/<major>/bin with pg_ctl (where Debian's packages put it). */
    private static Path newestPostgres() {
        Path fallback = Paths.get("/usr/lib/postgresql/15/bin");
        try (var versions = Files.list(Paths.get("/usr/lib/postgresql"))) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+") && Files.isExecutable(v.resolve("bin/pg_ctl")))
                    .max(java.util.Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin")).orElse(fallback);
        } catch (IOException e) {
            return fallback;
        }
    }

    private static Path codeSource(Class<?> c) throws Exception {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
