package dev.tributary.index.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The best {@code capacity} groups (documents with equal content), each represented by its
 * best-scoring document, fed one document at a time. Exact: a group's best document is always
 * competitive when it arrives, and a group evicted earlier can only come back with a better one.
 */
final class TopGroups {

    /** A group and its best document so far. Mutable, but only while outside {@link #ranked}. */
    static final class Group {
        float score;
        int doc;
        final long key;

        private Group(float score, int doc, long key) {
            this.score = score;
            this.doc = doc;
            this.key = key;
        }
    }

    /** Higher score first; on equal scores the lower document, as Lucene's own top-docs order. */
    private static final Comparator<Group> BEST_FIRST = (a, b) -> {
        int c = Float.compare(b.score, a.score);
        return c != 0 ? c : Integer.compare(a.doc, b.doc);
    };

    private final int capacity;
    private final TreeSet<Group> ranked = new TreeSet<>(BEST_FIRST);
    private final Map<Long, Group> byKey = new HashMap<>();

    TopGroups(int capacity) {
        this.capacity = capacity;
    }

    void offer(float score, int doc, long key) {
        if (capacity == 0) {
            return;
        }
        if (ranked.size() == capacity && !better(score, doc, ranked.last())) {
            return;
        }
        Group group = byKey.get(key);
        if (group != null) {
            if (better(score, doc, group)) {
                ranked.remove(group);
                group.score = score;
                group.doc = doc;
                ranked.add(group);
            }
            return;
        }
        if (ranked.size() == capacity) {
            byKey.remove(ranked.pollLast().key);
        }
        group = new Group(score, doc, key);
        ranked.add(group);
        byKey.put(key, group);
    }

    void addAll(TopGroups other) {
        for (Group g : other.ranked) {
            offer(g.score, g.doc, g.key);
        }
    }

    /** Best first. */
    List<Group> ranked() {
        return new ArrayList<>(ranked);
    }

    private static boolean better(float score, int doc, Group than) {
        return score > than.score || (score == than.score && doc < than.doc);
    }
}
