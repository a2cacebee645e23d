package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.bench.corpus.Corpus;
import dev.tributary.itest.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/**
 * End-to-end ingest of generated small text files through the filesystem connector (walk, read,
 * extract, store, index: until every file is searchable), beside raw Lucene indexing the same files
 * in the same run; then an unchanged second sync, which must write nothing. Extra JVM options for
 * the host (e.g. a flight recording) come from the system property {@code bench.hostJavaOptions}.
 */
public final class IngestBench implements Benchmark {

    private static final String INSTANCE = "bench";
    private static final long SEED = 7;
    private static final int PER_FOLDER = 1000;

    private final Path dist;
    private final int files;
    private final int runs;
    private final Path corpus;

    IngestBench(Path dist, int files, int runs) {
        this.dist = dist;
        this.files = files;
        this.runs = runs;
        this.corpus = Paths.get("bench/target/ingest-files-v2-" + files).toAbsolutePath();
    }

    @Override
    public void run(Results.Section out) throws Exception {
        out.method(String.format(Locale.ROOT, "%,d generated text files (each the text of a document of `bench/.../corpus/Corpus.java`: "
                + "40–119 words from a 50k-word Zipf vocabulary, ~3 %% repeating another file's text; 1,000 per folder) on local disk; "
                + "%d runs, each on a fresh host (`-Xmx1g`). End to end = `POST /api/v1/instances/bench/sync` with the filesystem "
                + "connector until its run has ended and `/health` shows every file in the index: walk, stat, read, text extraction "
                + "(plain UTF-8 text read directly, other types by Tika), POSIX principals, content hash, store commit (HSQLDB, "
                + "encrypted, synced to disk), index (Lucene, following the store's change feed on up to 4 threads). Raw Lucene = "
                + "one thread of the benchmark's JVM walking and reading the same files into a plain `IndexWriter` (StandardAnalyzer, "
                + "id/title/text/url), commit included, just before the host's run (after one run to warm that JVM up). Then a second "
                + "sync of the unchanged files, which must write nothing.", files, runs));
        Figure raw = out.figure("raw Lucene `IndexWriter`, one thread", "docs/s", 0);
        Figure endToEnd = out.figure("end to end, full sync until searchable", "docs/s", 0).versus("raw Lucene").ratioAtLeast(0.8);
        Figure writes = out.figure("second sync, nothing changed: store changes", "", 0).atMost(0);
        Figure unchanged = out.figure("second sync, nothing changed: time", "s", 2).versus("the full sync").ratioAtMost(0.1);
        generate();
        rawLucene(); // warms this JVM's Lucene up
        for (int i = 1; i <= runs; i++) {
            double rawDocsPerSecond = rawLucene();
            oneRun(rawDocsPerSecond, raw, endToEnd, writes, unchanged);
        }
    }

    /**
     * File {@code i} holds the text of document {@code i} of a {@link Corpus} (40–119 words of a Zipf-distributed
     * vocabulary, ~3 % the text of a document in another folder) and is named after the first word of its title;
     * 1000 files per folder (a slice of the corpus); kept between runs.
     */
    private void generate() throws IOException {
        Path done = corpus.resolve(".complete");
        if (Files.exists(done)) {
            return;
        }
        Trees.delete(corpus);
        Corpus documents = new Corpus(SEED, Math.max(2, (files + PER_FOLDER - 1) / PER_FOLDER), PER_FOLDER);
        for (int i = 0; i < files; i++) {
            Path folder = corpus.resolve(String.format(Locale.ROOT, "d%03d", i / PER_FOLDER));
            if (i % PER_FOLDER == 0) {
                Files.createDirectories(folder);
            }
            var d = documents.document(i);
            String name = String.format(Locale.ROOT, "%s-%06d.txt", d.title().substring(0, d.title().indexOf(' ')), i);
            Files.writeString(folder.resolve(name), d.text(), StandardCharsets.UTF_8);
        }
        Files.createFile(done);
    }

    private void oneRun(double rawDocsPerSecond, Figure raw, Figure endToEnd, Figure writes, Figure unchanged) throws Exception {
        try (BenchHost host = BenchHost.start(dist, "-Xmx1g -XX:+ExitOnOutOfMemoryError " + System.getProperty("bench.hostJavaOptions", ""), home -> {
            try (Stream<Path> jars = Files.list(home.resolve("connectors/filesystem"))) {
                for (Path jar : jars.toList()) {
                    Files.copy(jar, home.resolve("deploy").resolve(jar.getFileName()));
                }
            }
            Files.writeString(home.resolve("etc/dev.tributary.connector.filesystem~" + INSTANCE + ".cfg"),
                    "root = " + corpus + "\nschedule = manual\n");
        })) {
            host.awaitInstances(list -> list.stream().anyMatch(i -> INSTANCE.equals(i.path("instanceId").asText())),
                    Duration.ofSeconds(60));
            host.awaitHealth(b -> BenchHost.INDEX_HEALTH.matcher(b).find(), Duration.ofSeconds(30));

            long t0 = System.nanoTime();
            host.post("/api/v1/instances/" + INSTANCE + "/sync");
            JsonNode fullRun = host.awaitRun(INSTANCE, 0, Duration.ofMinutes(30));
            String health = host.awaitHealth(b -> BenchHost.indexedDocuments(b) == files, Duration.ofMinutes(10));
            double fullSeconds = (System.nanoTime() - t0) / 1e9;
            if (fullRun.path("added").asLong() != files || fullRun.path("failed").asLong() != 0) {
                throw new IllegalStateException("the full sync should have added " + files + " files and failed none: " + fullRun);
            }
            long applied = appliedChanges(health);

            long t1 = System.nanoTime();
            host.post("/api/v1/instances/" + INSTANCE + "/sync");
            JsonNode unchangedRun = host.awaitRun(INSTANCE, fullRun.path("id").asLong(), Duration.ofMinutes(10));
            double unchangedSeconds = (System.nanoTime() - t1) / 1e9;
            long changes = appliedChanges(host.awaitHealth(b -> BenchHost.INDEX_HEALTH.matcher(b).find(), Duration.ofSeconds(30))) - applied;
            System.out.printf(Locale.ROOT, "raw Lucene %.0f docs/s; full sync: %d files searchable in %.1f s (%.0f docs/s); "
                    + "unchanged sync: %.2f s, %d store changes, run %s%n", rawDocsPerSecond, files, fullSeconds, files / fullSeconds,
                    unchangedSeconds, changes, unchangedRun);
            raw.add(rawDocsPerSecond);
            endToEnd.add(files / fullSeconds, rawDocsPerSecond);
            writes.add(changes);
            unchanged.add(unchangedSeconds, fullSeconds);
        }
    }

    /** Walks the files, reads them and adds them to a plain IndexWriter on one thread; docs/s including the commit. */
    private double rawLucene() throws IOException {
        Path dir = Files.createTempDirectory("tributary-raw-lucene");
        try (Stream<Path> walk = Files.walk(corpus)) {
            long t0 = System.nanoTime();
            int n = 0;
            IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer(CharArraySet.EMPTY_SET));
            try (FSDirectory directory = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(directory, config)) {
                for (Path file : (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".txt"))::iterator) {
                    String relative = corpus.relativize(file).toString();
                    Document doc = new Document();
                    doc.add(new StringField("id", relative, Field.Store.YES));
                    doc.add(new TextField("title", file.getFileName().toString(), Field.Store.YES));
                    doc.add(new TextField("text", Files.readString(file), Field.Store.YES));
                    doc.add(new StoredField("url", file.toUri().toString()));
                    writer.addDocument(doc);
                    n++;
                }
                writer.commit();
            }
            if (n != files) {
                throw new IllegalStateException("raw Lucene indexed " + n + " files, expected " + files);
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            Trees.delete(dir);
        }
    }

    private static long appliedChanges(String health) {
        Matcher m = BenchHost.INDEX_HEALTH.matcher(health);
        if (!m.find()) {
            throw new IllegalStateException("no index figures in /health: " + health);
        }
        return Long.parseLong(m.group(2));
    }
}
