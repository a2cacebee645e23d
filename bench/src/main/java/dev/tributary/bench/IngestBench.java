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
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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
public final class IngestBench {

    private static final String INSTANCE = "bench";
    private static final long SEED = 7;
    private static final int PER_FOLDER = 1000;

    private final Path dist;
    private final int files;
    private final Path corpus;

    private double rawDocsPerSecond;
    private double fullSeconds;
    private double unchangedSeconds;
    private JsonNode fullRun;
    private JsonNode unchangedRun;
    private long writesInUnchangedRun;

    private IngestBench(Path dist, int files, Path corpus) {
        this.dist = dist;
        this.files = files;
        this.corpus = corpus;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, "dist", "files", "out");
        int files = o.integer("files", 100_000);
        Path corpus = Paths.get("bench/target/ingest-files-v2-" + files).toAbsolutePath();
        IngestBench bench = new IngestBench(o.path("dist", "runtime/target/tributary"), files, corpus);
        bench.generate();
        bench.run();
        Report.publish(o.path("out", "docs/BENCHMARKS.md"), "Ingest", bench.report());
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

    private void run() throws Exception {
        // raw Lucene twice, the better one counts: its first run also warms this JVM
        rawDocsPerSecond = Math.max(rawLucene(), rawLucene());
        System.out.printf(Locale.ROOT, "raw Lucene: %.0f docs/s%n", rawDocsPerSecond);
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
            long before = appliedChanges(host.awaitHealth(b -> BenchHost.INDEX_HEALTH.matcher(b).find(), Duration.ofSeconds(30)));

            long t0 = System.nanoTime();
            host.post("/api/v1/instances/" + INSTANCE + "/sync");
            fullRun = host.awaitRun(INSTANCE, 0, Duration.ofMinutes(30));
            String health = host.awaitHealth(b -> BenchHost.indexedDocuments(b) == files, Duration.ofMinutes(10));
            fullSeconds = (System.nanoTime() - t0) / 1e9;
            long applied = appliedChanges(health);
            System.out.printf(Locale.ROOT, "full sync: %d files searchable in %.1f s (%.0f docs/s); run %s%n", files, fullSeconds,
                    files / fullSeconds, fullRun);

            long t1 = System.nanoTime();
            host.post("/api/v1/instances/" + INSTANCE + "/sync");
            unchangedRun = host.awaitRun(INSTANCE, fullRun.path("id").asLong(), Duration.ofMinutes(10));
            unchangedSeconds = (System.nanoTime() - t1) / 1e9;
            writesInUnchangedRun = appliedChanges(host.awaitHealth(b -> BenchHost.INDEX_HEALTH.matcher(b).find(), Duration.ofSeconds(30))) - applied;
            System.out.printf(Locale.ROOT, "unchanged sync: %.2f s, %d store changes; run %s (before the full run: %d changes)%n",
                    unchangedSeconds, writesInUnchangedRun, unchangedRun, before);
        }
    }

    /** Walks the same files, reads them and adds them to a plain IndexWriter on one thread; docs/s including the commit. */
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

    private String report() {
        double e2e = files / fullSeconds;
        double ratio = e2e / rawDocsPerSecond;
        StringBuilder b = new StringBuilder();
        b.append("Written by `bench/run` (").append(LocalDate.now()).append("). ").append(String.format(Locale.ROOT, "%,d", files))
                .append(" generated text files (each the text of a document of `bench/.../corpus/Corpus.java`: 40–119 words from a 50k-word Zipf vocabulary, ~3 % repeating another file's text; 1,000 per folder) on local disk. ")
                .append("End to end = `POST /api/v1/instances/bench/sync` on a fresh host (`-Xmx1g`) with the filesystem ")
                .append("connector until its run has ended and `/health` shows every file in the index: walk, stat, read, ")
                .append("text extraction (plain UTF-8 text read directly, other types by Tika), POSIX principals, content hash, store commit (HSQLDB, encrypted, synced to disk), ")
                .append("index (Lucene, following the store's change feed on up to 4 threads). Raw Lucene = one thread walking ")
                .append("and reading the same files into a plain `IndexWriter` (StandardAnalyzer, id/title/text/url), commit included, ")
                .append("best of two in the same JVM run.\n\n");
        b.append("| measurement | result | goal | met |\n|---|---|---|---|\n");
        b.append(String.format(Locale.ROOT, "| raw Lucene `IndexWriter` | %,.0f docs/s | | |%n", rawDocsPerSecond));
        b.append(String.format(Locale.ROOT, "| end to end, full sync until searchable | %,.0f docs/s (%.1f s) = %.2f× raw | ≥ 0.8× raw | %s |%n",
                e2e, fullSeconds, ratio, ratio >= 0.8 ? "yes" : "no"));
        boolean nothingWritten = writesInUnchangedRun == 0 && unchangedRun.path("added").asLong() == 0
                && unchangedRun.path("updated").asLong() == 0 && unchangedRun.path("deleted").asLong() == 0;
        b.append(String.format(Locale.ROOT, "| second sync, nothing changed: writes | %d store changes (added %d, updated %d, deleted %d) | 0 | %s |%n",
                writesInUnchangedRun, unchangedRun.path("added").asLong(), unchangedRun.path("updated").asLong(),
                unchangedRun.path("deleted").asLong(), nothingWritten ? "yes" : "no"));
        double share = unchangedSeconds / fullSeconds;
        b.append(String.format(Locale.ROOT, "| second sync, nothing changed: time | %.2f s = %.1f %% of the full sync | < 10 %% | %s |%n",
                unchangedSeconds, share * 100, share < 0.10 ? "yes" : "no"));
        b.append(String.format(Locale.ROOT, "%nFull run as recorded: seen %d, added %d, failed %d.%n", fullRun.path("seen").asLong(),
                fullRun.path("added").asLong(), fullRun.path("failed").asLong()));
        return b.toString();
    }
}
