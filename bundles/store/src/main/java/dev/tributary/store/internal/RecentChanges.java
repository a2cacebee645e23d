package dev.tributary.store.internal;

import dev.tributary.api.store.DocumentChange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The latest committed changes, kept in memory so the index, which follows close behind the
 * syncs, reads what was just written without reading it back from the (encrypted) tables. Holds
 * every change from {@link #from} on, without gaps, bounded by count and text size; a reader
 * further behind is told to read the tables.
 */
final class RecentChanges {

    private final int maxChanges;
    private final long maxChars;
    private final ArrayDeque<DocumentChange> changes = new ArrayDeque<>();
    /** Every change with a sequence above {@code from - 1} is held. */
    private long from;
    private long chars;

    /** @param last the last sequence committed before this cache starts */
    RecentChanges(long last, int maxChanges, long maxChars) {
        this.from = last + 1;
        this.maxChanges = maxChanges;
        this.maxChars = maxChars;
    }

    /** Adds the changes of one commit, in sequence order, right after it committed. */
    synchronized void committed(List<DocumentChange> commit) {
        for (DocumentChange c : commit) {
            changes.addLast(c);
            chars += size(c);
        }
        while (!changes.isEmpty() && (changes.size() > maxChanges || chars > maxChars)) {
            DocumentChange oldest = changes.removeFirst();
            chars -= size(oldest);
            from = oldest.sequence() + 1;
        }
        if (changes.isEmpty() && !commit.isEmpty()) {
            from = commit.get(commit.size() - 1).sequence() + 1;
        }
    }

    /** The changes above {@code after}, oldest first, at most {@code limit}; empty when some are no longer held. */
    synchronized Optional<List<DocumentChange>> since(long after, int limit) {
        if (after + 1 < from) {
            return Optional.empty();
        }
        List<DocumentChange> out = new ArrayList<>(Math.min(limit, changes.size()));
        Iterator<DocumentChange> it = changes.descendingIterator();
        int newer = 0;
        while (it.hasNext() && it.next().sequence() > after) {
            newer++;
        }
        int skip = changes.size() - newer;
        for (DocumentChange c : changes) {
            if (skip-- > 0) {
                continue;
            }
            if (out.size() == limit) {
                break;
            }
            out.add(c);
        }
        return Optional.of(out);
    }

    private static long size(DocumentChange c) {
        return c.document() == null ? 64 : 256 + c.document().document().text().length() + c.document().document().title().length();
    }
}
