package dev.tributary.bench.corpus;

import dev.tributary.api.connector.Document;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generated documents and searches, the same for every system that is measured with them, so the
 * figures can be set beside each other; all of it follows from the seeds.
 *
 * <ul>
 * <li>a vocabulary of {@value #VOCABULARY} made-up words of 2–4 syllables, used by Zipf frequency;</li>
 * <li>{@code slices × perSlice} documents: 4–8 word titles, 40–119 words of text, ~30 % visible to
 * {@code everyone}, the rest to 1–3 of 10,000 users and 200 groups; ~3 % have the content of a
 * document of another slice (the same everything but the id, so they collapse into one hit); a
 * container (250 per slice), an author (of 5,000) and an update time within 3 years;</li>
 * <li>slice {@code k} is connector instance {@code slice<k>} of source type
 * {@code confluence|jira|gdrive|slack} ({@code k mod 4});</li>
 * <li>"typical" searches: 1–3 words not among the 50 commonest, ~20 % narrowed to one instance or
 * one source type, 10 % asking for the second page, run as {@code everyone} + one user + 3 groups.</li>
 * </ul>
 *
 * Document {@code i} depends only on the seed and {@code i} (not on the documents before it), so
 * each instance generates its own slice and every system sees exactly the same documents.
 */
public final class Corpus {

    public static final int VOCABULARY = 50_000;
    public static final String[] SOURCE_TYPES = {"confluence", "jira", "gdrive", "slack"};
    static final int USERS = 10_000;
    static final int GROUPS = 200;
    static final int CONTAINERS_PER_SLICE = 250;
    static final int AUTHORS = 5_000;
    static final int DUPLICATE_PERCENT = 3;
    static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final int THREE_YEARS = 3 * 365 * 86_400;

    private final long seed;
    private final int slices;
    private final int perSlice;
    private final String[] words = new String[VOCABULARY];
    private final double[] zipf = new double[VOCABULARY];

    /** A search as a user would type it, and who types it. */
    public record Query(String words, Set<String> principals, String instance, String sourceType, int page) {
        public static final int PAGE_SIZE = 10;
    }

    public Corpus(long seed, int slices, int perSlice) {
        if (slices < 2 || perSlice < 1) {
            throw new IllegalArgumentException("a corpus needs 2 or more slices of 1 or more documents");
        }
        this.seed = seed;
        this.slices = slices;
        this.perSlice = perSlice;
        Random random = new Random(seed);
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
            sum += 1 / (double) (i + 1);
            zipf[i] = sum;
        }
        for (int i = 0; i < VOCABULARY; i++) {
            zipf[i] /= sum;
        }
    }

    public int slices() {
        return slices;
    }

    public int perSlice() {
        return perSlice;
    }

    public int size() {
        return slices * perSlice;
    }

    /** The word of rank {@code r} (0 the most common). */
    public String word(int r) {
        return words[r];
    }

    public static String instance(int slice) {
        return "slice" + slice;
    }

    public static String sourceType(int slice) {
        return SOURCE_TYPES[slice % SOURCE_TYPES.length];
    }

    public static int slice(String instance) {
        return Integer.parseInt(instance.substring("slice".length()));
    }

    public int sliceOf(int i) {
        return i / perSlice;
    }

    /** Documents {@code slice × perSlice} up to (excluding) {@code (slice + 1) × perSlice}. */
    public int first(int slice) {
        return slice * perSlice;
    }

    /** Document {@code i} of the corpus ({@code 0 ≤ i < size()}), external id {@code doc-<i>}. */
    public Document document(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("document " + i + " of " + size());
        }
        SplittableRandom r = random(i);
        int source = i;
        if (r.nextInt(100) < DUPLICATE_PERCENT) {
            // the content of a document in another slice that is an original itself
            int slice = sliceOf(i);
            do {
                int other = (slice + 1 + r.nextInt(slices - 1)) % slices;
                source = first(other) + r.nextInt(perSlice);
            } while (isDuplicate(source));
        }
        return original(source, "doc-" + i);
    }

    /** Whether document {@code i} repeats another one's content. */
    public boolean isDuplicate(int i) {
        return random(i).nextInt(100) < DUPLICATE_PERCENT;
    }

    private SplittableRandom random(int i) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    }

    /** The content document {@code i} has when it is no duplicate. */
    private Document original(int i, String externalId) {
        SplittableRandom r = random(i);
        r.nextInt(100); // the duplicate draw
        int slice = sliceOf(i);
        String title = words(r, 4 + r.nextInt(5), 0);
        String text = words(r, 40 + r.nextInt(80), 0);
        return Document.builder(externalId)
                .title(title)
                .text(text)
                .url("https://example.test/" + instance(slice) + "/" + i)
                .mimeType("text/plain")
                .author("author" + r.nextInt(AUTHORS))
                .container("space" + slice + "-" + r.nextInt(CONTAINERS_PER_SLICE))
                .updated(NOW.minusSeconds(r.nextInt(THREE_YEARS)))
                .sourceVersion(1)
                .principals(principals(r))
                .build();
    }

    /** {@code n} words of the vocabulary by their frequency, the same for the same {@code seed}. */
    public String text(long seed, int n) {
        return words(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1), n, 0);
    }

    private int rank(SplittableRandom r) {
        int i = Arrays.binarySearch(zipf, r.nextDouble());
        return Math.min(VOCABULARY - 1, i < 0 ? -i - 1 : i);
    }

    private String words(SplittableRandom r, int n, int minRank) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int k;
            do {
                k = rank(r);
            } while (k < minRank);
            b.append(i == 0 ? "" : " ").append(words[k]);
        }
        return b.toString();
    }

    private static Set<String> principals(SplittableRandom r) {
        if (r.nextInt(10) < 3) {
            return Set.of(Document.EVERYONE);
        }
        Set<String> p = new HashSet<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            p.add(r.nextBoolean() ? "group:g" + r.nextInt(GROUPS) : "user:u" + r.nextInt(USERS));
        }
        return p;
    }

    /** {@code n} typical searches; the same {@code querySeed} gives the same searches. */
    public List<Query> queries(long querySeed, int n) {
        SplittableRandom r = new SplittableRandom(querySeed);
        List<Query> queries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int count = 1 + (r.nextInt(100) < 50 ? 0 : r.nextInt(100) < 70 ? 1 : 2);
            String q = words(r, count, 50);
            String instance = null;
            String sourceType = null;
            if (r.nextInt(100) < 20) {
                if (r.nextBoolean()) {
                    instance = instance(r.nextInt(slices));
                } else {
                    sourceType = SOURCE_TYPES[r.nextInt(SOURCE_TYPES.length)];
                }
            }
            Set<String> who = new LinkedHashSet<>();
            who.add(Document.EVERYONE);
            who.add("user:u" + r.nextInt(USERS));
            for (int g = 0; g < 3; g++) {
                who.add("group:g" + r.nextInt(GROUPS));
            }
            queries.add(new Query(q, Set.copyOf(who), instance, sourceType, r.nextInt(100) < 90 ? 0 : 1));
        }
        return queries;
    }
}
