package dev.tributary.index.internal;

import static dev.tributary.index.internal.Docs.doc;
import static dev.tributary.index.internal.Docs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.health.HealthCheckResult;
import dev.tributary.api.health.HealthStatus;
import dev.tributary.api.search.IndexCheck;
import dev.tributary.api.search.IndexSize;
import dev.tributary.api.search.SearchListener;
import dev.tributary.testkit.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IndexComponentTest {

    private static final ChangeFeedTailer.Settings FAST = new ChangeFeedTailer.Settings(Duration.ofMillis(20), Duration.ofMillis(300), 1000,
            Duration.ofMillis(500), Duration.ofMillis(100));

    @TempDir
    Path data;

    private final MemoryStore store = new MemoryStore();
    private IndexComponent component;

    private Path indexDir() {
        return data.resolve("index");
    }

    private IndexComponent start() {
        return start(FAST);
    }

    private IndexComponent start(ChangeFeedTailer.Settings settings) {
        component = new IndexComponent(store, indexDir(), settings);
        return component;
    }

    private void stop() throws IOException {
        component.close();
        component = null;
    }

    @AfterEach
    void tearDown() throws IOException {
        if (component != null) {
            component.close();
        }
    }

    private void awaitCurrent() {
        await().atMost(Duration.ofSeconds(10)).until(() -> component.appliedSequence() == store.lastSequence()
                && component.check().get(0).status() == HealthStatus.UP);
    }

    /** Starts a rebuild that has read the store's last change and waits for {@code gate} before reading the documents. */
    private Thread rebuildHeldBeforeReadingDocuments(CountDownLatch gate) {
        store.forEachGate = gate;
        Thread rebuild = new Thread(component::rebuild);
        rebuild.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> component.check().get(0).message().startsWith("rebuilding"));
        return rebuild;
    }

    private long hits(String query, String... principals) {
        return component.search(request(query, principals)).total();
    }

    private String currentGeneration() throws IOException {
        return Files.readString(indexDir().resolve("current")).strip();
    }

    private List<String> generations() throws IOException {
        try (Stream<Path> dirs = Files.list(indexDir())) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("gen-")).sorted().toList();
        }
    }

    @Test
    void everySearchIsToldToTheListenersWithItsDurationAndAThrowingListenerChangesNothing() {
        start();
        store.put("wiki", doc("a", "Kickoff", "project kickoff notes", "everyone").build(), "h1");
        awaitCurrent();
        List<Long> timed = new CopyOnWriteArrayList<>();
        List<Boolean> failures = new ArrayList<>();
        SearchListener broken = (nanos, failed) -> {
            throw new IllegalStateException("listener bug");
        };
        SearchListener recording = (nanos, failed) -> {
            timed.add(nanos);
            failures.add(failed);
        };
        component.listeners(List.of(broken, recording));

        long before = System.nanoTime();
        assertThat(hits("kickoff", "everyone")).isEqualTo(1);
        assertThat(hits("nothing-like-this", "everyone")).isZero();
        long elapsed = System.nanoTime() - before;

        assertThat(timed).hasSize(2).allSatisfy(n -> assertThat(n).isPositive().isLessThanOrEqualTo(elapsed));
        assertThat(failures).containsExactly(false, false);
    }

    @Test
    void theSizeIsTheSearchableDocumentsAndTheBytesOfTheLiveIndexOnDisk() {
        start();
        store.put("wiki", doc("a", "One", "one", "everyone").build(), "h1");
        store.put("wiki", doc("b", "Two", "two", "everyone").build(), "h2");
        store.put("wiki", doc("c", "Three", "three", "everyone").build(), "h3");
        awaitCurrent();

        // the index may still commit in the background: compare once the files hold still
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            IndexSize size = component.size().orElseThrow();
            assertThat(size.documents()).isEqualTo(3);
            assertThat(size.bytes()).isPositive().isEqualTo(bytesOnDisk(indexDir().resolve(currentGeneration())));
        });
    }

    private static long bytesOnDisk(Path generation) throws IOException {
        try (Stream<Path> files = Files.list(generation)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @Test
    void aCommittedDocumentIsSearchableWithinOneSecond() {
        start(ChangeFeedTailer.Settings.DEFAULT);
        awaitCurrent();

        store.put("wiki", doc("a", "Kickoff", "project kickoff notes", "everyone").build(), "h1");
        long committed = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).until(() -> hits("kickoff", "everyone") == 1);

        assertThat(Duration.ofNanos(System.nanoTime() - committed)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void updatesDeletionsAndLostPermissionsFollowTheStore() {
        start();
        store.put("wiki", doc("a", "Draft", "first draft", "everyone").build(), "h1");
        store.put("wiki", doc("b", "Other", "other page", "everyone").build(), "h2");
        awaitCurrent();
        assertThat(hits("draft", "everyone")).isEqualTo(1);

        store.put("wiki", doc("a", "Final", "final version", "everyone").build(), "h3");
        store.delete("wiki", "b");
        awaitCurrent();
        assertThat(hits("draft", "everyone")).isZero();
        assertThat(hits("final", "everyone")).isEqualTo(1);
        assertThat(hits("other", "everyone")).isZero();

        // the source no longer says who may see it: it must disappear
        store.put("wiki", doc("a", "Final", "final version").build(), "h4");
        awaitCurrent();
        assertThat(hits("final", "everyone")).isZero();
    }

    @Test
    void afterARestartTailingResumesFromTheAppliedSequence() throws IOException {
        start();
        store.put("wiki", doc("a", "One", "one", "everyone").build(), "h1");
        store.put("wiki", doc("b", "Two", "two", "everyone").build(), "h2");
        awaitCurrent();
        stop();
        long applied = store.lastSequence();
        store.put("wiki", doc("c", "Three", "three", "everyone").build(), "h3");
        store.feedReads.clear();
        String generation = currentGeneration();

        start();
        awaitCurrent();

        assertThat(store.feedReads.get(0)).isEqualTo(applied);
        assertThat(currentGeneration()).isEqualTo(generation);
        assertThat(hits("", "everyone")).isEqualTo(3);
    }

    @Test
    void anIndexAheadOfTheStoreIsRebuiltWithOneWarning() throws IOException {
        start();
        store.put("wiki", doc("a", "Kept", "kept", "everyone").build(), "h1");
        long backup = store.lastSequence();
        store.put("wiki", doc("b", "Lost", "lost", "everyone").build(), "h2");
        awaitCurrent();
        stop();
        store.restoreTo(backup);
        String generation = currentGeneration();

        try (LogCapture log = new LogCapture()) {
            start();
            awaitCurrent();

            assertThat(log.lines("WARN")).singleElement().asString().contains("has applied store change 2 but the store's last change is 1");
        }
        assertThat(hits("kept", "everyone")).isEqualTo(1);
        assertThat(hits("lost", "everyone")).isZero();
        assertThat(currentGeneration()).isNotEqualTo(generation);
        assertThat(generations()).containsExactly(currentGeneration());
    }

    @Test
    void anIndexBehindDeletionsTheStoreHasPrunedIsRebuiltWithoutThem() throws IOException {
        start();
        store.put("wiki", doc("a", "Kept", "kept", "everyone").build(), "h1");
        store.put("wiki", doc("b", "Gone", "gone", "everyone").build(), "h2");
        awaitCurrent();
        stop();
        store.delete("wiki", "b");
        store.pruneDeletions(); // the index was stopped longer than the store keeps deletions
        String generation = currentGeneration();

        try (LogCapture log = new LogCapture()) {
            start();
            awaitCurrent();

            assertThat(log.lines("WARN")).singleElement().asString().contains("no longer keeps the deletions up to change 3");
        }
        assertThat(hits("gone", "everyone")).as("the deletion it never saw").isZero();
        assertThat(hits("kept", "everyone")).isEqualTo(1);
        assertThat(currentGeneration()).isNotEqualTo(generation);
    }

    /** Overwrites bytes of the live generation's commit point. */
    private void damageCommitPoint(boolean header) throws IOException {
        Path generation = indexDir().resolve(currentGeneration());
        try (Stream<Path> files = Files.list(generation)) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    long at = header ? 0 : ch.size() / 2;
                    ByteBuffer b = ByteBuffer.allocate(1);
                    ch.read(b, at);
                    ch.write(ByteBuffer.wrap(header ? "garbage".getBytes(StandardCharsets.US_ASCII) : new byte[] {(byte) ~b.get(0)}), at);
                }
            }
        }
    }

    @Test
    void aCorruptIndexIsRebuiltWithOneWarning() throws IOException {
        start();
        store.put("wiki", doc("a", "Survivor", "survivor", "everyone").build(), "h1");
        awaitCurrent();
        stop();
        damageCommitPoint(false);

        try (LogCapture log = new LogCapture()) {
            start();
            awaitCurrent();

            assertThat(log.lines("WARN")).singleElement().asString().contains("cannot be opened").contains("CorruptIndexException");
        }
        assertThat(hits("survivor", "everyone")).isEqualTo(1);
    }

    @Test
    void garbageInTheMiddleOfASegmentIsFoundAtStartAndTheIndexRebuilt() throws IOException {
        start();
        for (int i = 0; i < 2000; i++) {
            store.put("wiki", doc("d" + i, "Page " + i, "survivor page " + i + " word" + i + " of many words" + " filler".repeat(i % 50),
                    "everyone").build(), "h" + i);
        }
        awaitCurrent();
        stop();
        // the middle of the largest file: Lucene checks only the small files and the ends of the large ones when it opens them
        Path generation = indexDir().resolve(currentGeneration());
        Path largest;
        try (Stream<Path> files = Files.list(generation)) {
            largest = files.max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(largest, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x5a, 0x5a, 0x5a, 0x5a}), ch.size() / 2);
        }

        try (LogCapture log = new LogCapture()) {
            start();
            awaitCurrent();

            assertThat(log.lines("WARN")).singleElement().asString().contains("is damaged").contains("CorruptIndexException");
        }
        assertThat(hits("survivor", "everyone")).isEqualTo(2000);
        assertThat(currentGeneration()).isNotEqualTo(generation.getFileName().toString());
    }

    @Test
    void anIndexOfAnUnreadableFormatIsRebuiltWithOneWarning() throws IOException {
        start();
        store.put("wiki", doc("a", "Survivor", "survivor", "everyone").build(), "h1");
        awaitCurrent();
        stop();
        damageCommitPoint(true);

        try (LogCapture log = new LogCapture()) {
            start();
            awaitCurrent();

            assertThat(log.lines("WARN")).singleElement().asString().contains("cannot be opened").contains("IndexFormatTooOldException");
        }
        assertThat(hits("survivor", "everyone")).isEqualTo(1);
    }

    @Test
    void aMissingGenerationIsRebuilt() throws IOException {
        start();
        store.put("wiki", doc("a", "Survivor", "survivor", "everyone").build(), "h1");
        awaitCurrent();
        stop();
        Generations.delete(indexDir().resolve(currentGeneration()));

        try (LogCapture log = new LogCapture()) {
            start();
            awaitCurrent();

            assertThat(log.lines("WARN")).singleElement().asString().contains("is missing");
        }
        assertThat(hits("survivor", "everyone")).isEqualTo(1);
    }

    @Test
    void aLeftoverHalfBuiltGenerationIsRemovedOnStart() throws IOException {
        start();
        awaitCurrent();
        stop();
        Files.createDirectories(indexDir().resolve("gen-99"));
        Files.writeString(indexDir().resolve("gen-99").resolve("_0.cfs"), "partial");

        start();
        awaitCurrent();

        assertThat(generations()).containsExactly(currentGeneration());
    }

    @Test
    void rebuildOnDemandReplacesTheIndexAndCountsWhatItIndexed() throws IOException {
        start();
        store.put("wiki", doc("a", "Visible", "visible", "everyone").build(), "h1");
        store.put("wiki", doc("b", "Also visible", "visible", "user:ann").build(), "h2");
        store.put("wiki", doc("c", "Unknown", "visible").build(), "h3");
        awaitCurrent();
        String before = currentGeneration();

        long indexed = component.rebuild();
        store.put("wiki", doc("d", "After", "visible", "everyone").build(), "h4");
        awaitCurrent();

        assertThat(indexed).isEqualTo(2);
        assertThat(currentGeneration()).isNotEqualTo(before);
        assertThat(generations()).containsExactly(currentGeneration());
        assertThat(hits("visible", "everyone", "user:ann")).isEqualTo(3);
    }

    @Test
    void closingStopsEveryThreadItStarted() throws IOException {
        start();
        for (int i = 0; i < 200; i++) {
            store.put("wiki", doc("d" + i, "Page", "content", "everyone").build(), "h" + i);
        }
        awaitCurrent();
        assertThat(threadNames()).contains(ChangeFeedTailer.THREAD_NAME);

        stop();

        assertThat(threadNames()).noneMatch(n -> n.equals(ChangeFeedTailer.THREAD_NAME) || n.startsWith("Lucene Merge Thread"));
        assertThat(component).isNull();
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    @Test
    void healthIsUpWithCountAndSequenceWhenCurrent() {
        start();
        store.put("wiki", doc("a", "A", "a", "everyone").build(), "h1");
        store.put("wiki", doc("b", "B", "b", "everyone").build(), "h2");
        awaitCurrent();

        HealthCheckResult health = component.check().get(0);

        assertThat(health.name()).isEqualTo("index");
        assertThat(health.status()).isEqualTo(HealthStatus.UP);
        assertThat(health.message()).contains("2 documents").contains("applied up to 2");
    }

    @Test
    void healthIsDegradedWhileFarBehindTheStore() {
        start(new ChangeFeedTailer.Settings(Duration.ofMillis(20), Duration.ofMillis(300), 2, Duration.ofMillis(50), Duration.ofMillis(100)));
        awaitCurrent();
        store.holdReads();
        for (int i = 0; i < 60; i++) {
            store.put("wiki", doc("d" + i, "Page", "content", "everyone").build(), "h" + i);
        }

        // one read of 2 changes per poll: the index keeps reading but stays behind for over a second
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            store.allowReads(1);
            HealthCheckResult h = component.check().get(0);
            return h.status() == HealthStatus.DEGRADED && h.message().contains("changes behind the store");
        });
        store.releaseReads();
        awaitCurrent();
        assertThat(component.check().get(0).status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void aFailingStoreIsRetriedWithOneWarningAndShowsInHealth() {
        start();
        store.put("wiki", doc("a", "Before", "before", "everyone").build(), "h1");
        awaitCurrent();

        try (LogCapture log = new LogCapture()) {
            store.feedFailure = new IllegalStateException("database is down");
            await().atMost(Duration.ofSeconds(5)).until(() -> component.check().get(0).message().contains("database is down"));
            int reads = store.feedReads.size();
            await().atMost(Duration.ofSeconds(5)).until(() -> store.feedReads.size() > reads + 2);

            assertThat(component.check().get(0).status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(log.lines("WARN")).singleElement().asString().contains("cannot follow the store");
            assertThat(hits("before", "everyone")).isEqualTo(1); // searches still answer

            store.feedFailure = null;
            store.put("wiki", doc("b", "After", "after", "everyone").build(), "h2");
            awaitCurrent();
        }
        assertThat(hits("after", "everyone")).isEqualTo(1);
    }

    @Test
    void healthIsDegradedWhenTheStoreStopsAnswering() {
        start(new ChangeFeedTailer.Settings(Duration.ofMillis(20), Duration.ofMillis(300), 1000, Duration.ofMillis(50), Duration.ofMillis(100)));
        awaitCurrent();
        store.holdReads();

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20)).until(() -> {
            HealthCheckResult h = component.check().get(0);
            return h.status() == HealthStatus.DEGRADED && h.message().startsWith("no change read from the store");
        });
        store.releaseReads();
        awaitCurrent();
    }

    @Test
    void whileARebuildRunsSearchesUseThePreviousIndexAndHealthSaysSo() throws Exception {
        for (int i = 0; i < 500; i++) {
            store.put("wiki", doc("d" + i, "Page " + i, "content number " + i, "everyone").build(), "h" + i);
        }
        start();
        awaitCurrent();
        CountDownLatch gate = new CountDownLatch(1);
        Thread rebuild = rebuildHeldBeforeReadingDocuments(gate);

        assertThat(component.check().get(0).status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(hits("content", "everyone")).isEqualTo(500);
        gate.countDown();
        rebuild.join();
        assertThat(component.check().get(0).status()).isEqualTo(HealthStatus.UP);
        assertThat(hits("content", "everyone")).isEqualTo(500);
    }

    @Test
    void aDocumentCreatedWhileARebuildReadsTheStoreIsIndexedOnce() throws Exception {
        start();
        store.put("wiki", doc("a", "Old", "old", "everyone").build(), "h1");
        awaitCurrent();
        CountDownLatch gate = new CountDownLatch(1);
        Thread rebuild = rebuildHeldBeforeReadingDocuments(gate);
        // created after the rebuild read the store's last change, before it reads the documents: it sees it, and so does the feed
        store.put("wiki", doc("b", "Fresh", "fresh", "everyone").build(), "h2");
        gate.countDown();
        rebuild.join();
        awaitCurrent();

        IndexCheck check = component.verify().orElseThrow();
        assertThat(check.duplicated()).isEmpty();
        assertThat(check.consistent()).as(check.toString()).isTrue();
        assertThat(check.indexed()).isEqualTo(2);
    }

    @Test
    void closingAbandonsARunningRebuild() throws Exception {
        start();
        awaitCurrent();
        store.put("wiki", doc("a", "A", "a", "everyone").build(), "h1");
        CountDownLatch gate = new CountDownLatch(1);
        store.forEachGate = gate;
        Thread rebuild = new Thread(() -> {
            try {
                component.rebuild();
            } catch (RuntimeException expected) {
                // cancelled by close
            }
        });
        rebuild.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> component.check().get(0).message().startsWith("rebuilding"));
        String live = currentGeneration();

        Thread closing = new Thread(() -> {
            try {
                stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        closing.start();
        // closing has begun once the index thread is gone; only then may the rebuild go on (and find it must stop)
        await().atMost(Duration.ofSeconds(10)).until(() -> !threadNames().contains(ChangeFeedTailer.THREAD_NAME));
        gate.countDown();
        closing.join(10_000);
        rebuild.join(10_000);

        assertThat(closing.isAlive()).isFalse();
        assertThat(currentGeneration()).isEqualTo(live);
        assertThat(generations()).containsExactly(live);
    }
}
