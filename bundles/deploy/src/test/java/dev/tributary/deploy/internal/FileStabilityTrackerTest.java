package dev.tributary.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.deploy.internal.FileStabilityTracker.Stat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FileStabilityTrackerTest {
    private static final long MS = 1_000_000L;
    private final FileStabilityTracker tracker = new FileStabilityTracker(200);

    @Test
    void aFileIsReadyOnlyAfterItStayedUnchangedForTheQuietPeriod() {
        assertThat(tracker.ready(Map.of("a.jar", new Stat(10, 1)), 0)).isEmpty();
        assertThat(tracker.ready(Map.of("a.jar", new Stat(10, 1)), 100 * MS)).isEmpty();
        assertThat(tracker.ready(Map.of("a.jar", new Stat(10, 1)), 200 * MS)).containsExactly("a.jar");
    }

    @Test
    void aFileStillGrowingIsNeverReady() {
        for (int i = 0; i < 20; i++) {
            assertThat(tracker.ready(Map.of("a.jar", new Stat(10 + i, 1)), i * 150 * MS)).isEmpty();
        }
    }

    @Test
    void aHandledFileIsOfferedAgainOnlyWhenItChanges() {
        tracker.ready(Map.of("a.jar", new Stat(10, 1)), 0);
        assertThat(tracker.ready(Map.of("a.jar", new Stat(10, 1)), 300 * MS)).containsExactly("a.jar");
        tracker.handled("a.jar");
        assertThat(tracker.ready(Map.of("a.jar", new Stat(10, 1)), 900 * MS)).isEmpty();
        tracker.ready(Map.of("a.jar", new Stat(10, 2)), 1000 * MS);
        assertThat(tracker.ready(Map.of("a.jar", new Stat(10, 2)), 1200 * MS)).containsExactly("a.jar");
    }

    @Test
    void retryLaterWaitsAnotherQuietPeriod() {
        tracker.ready(Map.of("a.jar", new Stat(10, 1)), 0);
        tracker.retryLater("a.jar", 200 * MS);
        assertThat(tracker.ready(Map.of("a.jar", new Stat(10, 1)), 300 * MS)).isEmpty();
        assertThat(tracker.ready(Map.of("a.jar", new Stat(10, 1)), 400 * MS)).containsExactly("a.jar");
    }

    @Test
    void removedNamesAreReportedOnce() {
        tracker.ready(Map.of("a.jar", new Stat(1, 1), "b.jar", new Stat(1, 1)), 0);
        assertThat(tracker.removed(Set.of("b.jar"))).containsExactly("a.jar");
        assertThat(tracker.removed(Set.of("b.jar"))).isEmpty();
    }
}
