package dev.tributary.deploy.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides when a file in the deploy folder is ready to be read: its size and modification time
 * must have stayed the same for a quiet period, so a jar still being copied is never read
 * half-written. Not thread-safe: used from the deploy thread only.
 */
final class FileStabilityTracker {

    /** What a directory listing saw of one file. */
    record Stat(long size, long modifiedMillis) {}

    private static final class Entry {
        Stat stat;
        long unchangedSinceNanos;
        boolean handled;
    }

    private final long quietNanos;
    private final Map<String, Entry> entries = new HashMap<>();

    FileStabilityTracker(long quietMillis) {
        this.quietNanos = quietMillis * 1_000_000L;
    }

    /**
     * Feeds one listing of the folder.
     *
     * @return the files that are stable and not yet handled in their current form
     */
    List<String> ready(Map<String, Stat> listing, long nowNanos) {
        List<String> ready = new ArrayList<>();
        listing.forEach((name, stat) -> {
            Entry e = entries.computeIfAbsent(name, n -> new Entry());
            if (!stat.equals(e.stat)) {
                e.stat = stat;
                e.unchangedSinceNanos = nowNanos;
                e.handled = false;
            } else if (!e.handled && nowNanos - e.unchangedSinceNanos >= quietNanos) {
                ready.add(name);
            }
        });
        ready.sort(null);
        return ready;
    }

    /** Names that were known and are gone from {@code listing}; they are forgotten. */
    List<String> removed(Set<String> listing) {
        List<String> gone = new ArrayList<>();
        entries.keySet().removeIf(name -> {
            boolean missing = !listing.contains(name);
            if (missing) {
                gone.add(name);
            }
            return missing;
        });
        gone.sort(null);
        return gone;
    }

    /** The file was dealt with in its current form; it is offered again only once it changes. */
    void handled(String name) {
        Entry e = entries.get(name);
        if (e != null) {
            e.handled = true;
        }
    }

    /** Offer the file again after another quiet period even if it does not change. */
    void retryLater(String name, long nowNanos) {
        Entry e = entries.get(name);
        if (e != null) {
            e.handled = false;
            e.unchangedSinceNanos = nowNanos;
        }
    }
}
