package dev.tributary.index.internal;

import dev.tributary.api.connector.Document;
import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.search.SearchResult;
import dev.tributary.api.store.StoredDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;

/**
 * Not a test: builds an index of N generated small documents in a temporary directory with the
 * production indexing code, then times permission-filtered searches (query, filters, facets,
 * collapsing, snippets, sources: everything {@code search()} does).
 *
 * <pre>
 * ./mvnw -q -o -pl bundles/index dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx1g -cp bundles/index/target/test-classes:bundles/index/target/classes:$(cat /tmp/cp.txt) \
 *     dev.tributary.index.internal.IndexBenchmark 1000000 [directory to keep the index in [typical]]
 * </pre>
 */
public final class IndexBenchmark {

    private static final int VOCABULARY = 50_000;
    private static final int INSTANCES = 8;
    private static final String[] SOURCE_TYPES = {"confluence", "jira", "gdrive", "slack"};

    private Random random = new Random(42);
    private final String[] words = new String[VOCABULARY];
    private final double[] zipf = new double[VOCABULARY];

    private IndexBenchmark() {
        String[] syllables = {"ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "va", "ze", "bri", "cho", "dan", "fel", "gor", "hum"};
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < VOCABULARY; i++) {
            String w;
            do {
                StringBuilder b = new StringBuilder();
                for (int s = 0; s < 2 + random.nextInt(3); s++) {
                    b.append(syllables[random.nextInt(syllables.length)]);
                }
                w = b.toString();
            } while (!seen.add(w));
            words[i] = w;
        }
        double sum = 0;
        for (int i = 0; i < VOCABULARY; i++) {
            sum += 1 / Math.pow(i + 1, 1.0);
            zipf[i] = sum;
        }
        for (int i = 0; i < VOCABULARY; i++) {
            zipf[i] /= sum;
        }
    }

    /** A word by its natural frequency (rank 0 the most common), like words in text. */
    private int rank() {
        int i = Arrays.binarySearch(zipf, random.nextDouble());
        return Math.min(VOCABULARY - 1, i < 0 ? -i - 1 : i);
    }

    private String words(int n, int minRank) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int r;
            do {
                r = rank();
            } while (r < minRank);
            b.append(i == 0 ? "" : " ").append(words[r]);
        }
        return b.toString();
    }

    private Set<String> principals() {
        if (random.nextInt(10) < 3) {
            return Set.of(Document.EVERYONE);
        }
        Set<String> p = new HashSet<>();
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            p.add(random.nextBoolean() ? "group:g" + random.nextInt(200) : "user:u" + random.nextInt(10_000));
        }
        return p;
    }

    private Set<String> searcher() {
        Set<String> p = new HashSet<>(Set.of(Document.EVERYONE, "user:u" + random.nextInt(10_000)));
        for (int i = 0; i < 3; i++) {
            p.add("group:g" + random.nextInt(200));
        }
        return p;
    }

    private long build(LuceneIndex index, int n) throws IOException {
        long start = System.nanoTime();
        Instant now = Instant.parse("2025-06-01T00:00:00Z");
        List<StoredDocument> recent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int instance = random.nextInt(INSTANCES);
            String title;
            String text;
            String hash;
            if (!recent.isEmpty() && random.nextInt(100) < 3) {
                // the same content in another instance: collapses into one hit
                StoredDocument copy = recent.get(random.nextInt(recent.size()));
                title = copy.document().title();
                text = copy.document().text();
                hash = copy.contentHash();
            } else {
                title = words(3 + random.nextInt(5), 0);
                text = words(40 + random.nextInt(80), 0);
                hash = "c" + i;
            }
            Document d = Document.builder("doc-" + i).title(title).text(text).url("https://example.test/" + instance + "/" + i)
                    .author("author" + random.nextInt(5000)).container("space" + instance + "-" + random.nextInt(250))
                    .updated(now.minusSeconds(random.nextInt(3 * 365 * 86_400))).principals(principals()).build();
            StoredDocument stored = new StoredDocument("inst-" + instance, SOURCE_TYPES[instance % SOURCE_TYPES.length], d, hash, i + 1);
            index.add(stored);
            if (recent.size() < 10_000) {
                recent.add(stored);
            } else {
                recent.set(random.nextInt(recent.size()), stored);
            }
        }
        index.flagSharedContent();
        index.commit(n);
        return System.nanoTime() - start;
    }

    private SearchRequest query(boolean broad) {
        String q = broad ? words[random.nextInt(10)] : words(1 + (random.nextInt(100) < 50 ? 0 : random.nextInt(100) < 70 ? 1 : 2), 50);
        SearchRequest.Filters filters = null;
        if (!broad && random.nextInt(100) < 20) {
            filters = random.nextBoolean()
                    ? new SearchRequest.Filters(Set.of("inst-" + random.nextInt(INSTANCES)), null, null, null, null, null)
                    : new SearchRequest.Filters(null, Set.of(SOURCE_TYPES[random.nextInt(SOURCE_TYPES.length)]), null, null, null, null);
        }
        return new SearchRequest(q, searcher(), filters, random.nextInt(100) < 90 ? 0 : 1, 10);
    }

    private void measure(String label, Searcher searcher, LuceneIndex index, int warmup, int runs, boolean broad) throws IOException {
        long[] nanos = new long[runs];
        long hits = 0;
        IndexView view = index.acquire();
        try {
            for (int i = 0; i < warmup + runs; i++) {
                SearchRequest r = query(broad);
                long t = System.nanoTime();
                SearchResult result = searcher.search(view, r);
                long took = System.nanoTime() - t;
                if (i >= warmup) {
                    nanos[i - warmup] = took;
                    hits += result.total();
                }
            }
        } finally {
            index.release(view);
        }
        Arrays.sort(nanos);
        System.out.printf("%-34s p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%d searches, %,d hits on average)%n", label,
                nanos[runs / 2] / 1e6, nanos[(int) (runs * 0.95)] / 1e6, nanos[(int) (runs * 0.99)] / 1e6, nanos[runs - 1] / 1e6, runs,
                hits / runs);
    }

    /** Applies {@code m} changes as the feed brings them (half updates, half new), committing every 1000. */
    private void follow(LuceneIndex index, int n, int m) throws IOException {
        long start = System.nanoTime();
        long sequence = index.sequence();
        for (int i = 0; i < m; i++) {
            int id = i % 2 == 0 ? random.nextInt(n) : n + i;
            Document d = Document.builder("doc-" + id).title(words(4, 0)).text(words(40 + random.nextInt(80), 0))
                    .url("https://example.test/" + id).author("author" + random.nextInt(5000)).container("space0-" + random.nextInt(250))
                    .principals(principals()).build();
            StoredDocument stored = new StoredDocument("inst-0", "confluence", d, random.nextInt(100) < 3 ? "c" + random.nextInt(n) : "f" + i,
                    ++sequence);
            index.apply(new dev.tributary.api.store.DocumentChange(sequence, "inst-0", d.externalId(), stored));
            if (i % 1000 == 999) {
                index.commit(sequence);
            }
        }
        index.commit(sequence);
        double took = (System.nanoTime() - start) / 1e9;
        System.out.printf("followed %,d feed changes in %.1f s: %,.0f changes/s (commit and refresh every 1000)%n", m, took, m / took);
    }

    /** Arguments: the number of documents; optionally a directory to keep the index in and reuse. */
    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        boolean keep = args.length > 1;
        Path dir = keep ? Path.of(args[1]) : Files.createTempDirectory("tributary-index-bench");
        IndexBenchmark bench = new IndexBenchmark();
        Analyzer analyzer = Analyzers.create();
        boolean reuse = keep && Files.exists(dir.resolve("write.lock"));
        try (LuceneIndex index = reuse ? LuceneIndex.open(dir, analyzer) : LuceneIndex.create(dir, analyzer)) {
            if (!reuse) {
                long took = bench.build(index, n);
                System.out.printf("indexed %,d documents in %.1f s: %,.0f documents/s%n", n, took / 1e9, n / (took / 1e9));
            }
            IndexView view = index.acquire();
            System.out.printf("%,d documents, %d segments, %,d MB on disk%n", view.getIndexReader().numDocs(),
                    view.getIndexReader().leaves().size(), size(dir) >> 20);
            index.release(view);
            bench.random = new Random(7); // the same searches whether the index was built now or before
            Searcher searcher = new Searcher(analyzer);
            bench.measure("typical (1-3 words, 20% filtered)", searcher, index, 3000, 5000, false);
            if (args.length < 3 || !args[2].equals("typical")) {
                bench.measure("broad (one of the 10 commonest)", searcher, index, 200, 500, true);
                if (!keep) {
                    bench.follow(index, n, Math.min(n / 10, 50_000));
                }
            }
        } finally {
            if (!keep) {
                Generations.delete(dir);
            }
        }
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
