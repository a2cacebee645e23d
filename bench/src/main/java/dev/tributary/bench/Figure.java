package dev.tributary.bench;

import java.util.Locale;

/**
 * One measured quantity of a benchmark: its value in each run, the goal its median is held to, and,
 * when it is compared with a peer (raw Lucene, PostgreSQL, the full sync …), its ratio to the peer's
 * value measured in the same run.
 */
final class Figure {

    /** At most or at least {@code limit}, of the value or of its ratio to the peer. */
    private record Goal(boolean atMost, double limit, boolean ofRatio) {}

    private final String name;
    private final String unit;
    private final int decimals;
    private final Stats values = new Stats();
    private final Stats ratios = new Stats();
    private String peer;
    private Goal goal;

    Figure(String name, String unit, int decimals) {
        this.name = name;
        this.unit = unit;
        this.decimals = decimals;
    }

    /** Compares this figure with {@code peer}: each run then adds its value with the peer's ({@link #add(double, double)}). */
    Figure versus(String peer) {
        this.peer = peer;
        return this;
    }

    Figure atMost(double limit) {
        goal = new Goal(true, limit, false);
        return this;
    }

    Figure atLeast(double limit) {
        goal = new Goal(false, limit, false);
        return this;
    }

    Figure ratioAtMost(double limit) {
        requirePeer();
        goal = new Goal(true, limit, true);
        return this;
    }

    Figure ratioAtLeast(double limit) {
        requirePeer();
        goal = new Goal(false, limit, true);
        return this;
    }

    /** One run's value. */
    void add(double value) {
        if (peer != null) {
            throw new IllegalStateException("'" + name + "' is compared with " + peer + ": add its value too");
        }
        values.add(value);
    }

    /** One run's value, and the peer's measured in the same run. */
    void add(double value, double peerValue) {
        requirePeer();
        values.add(value);
        ratios.add(value / peerValue);
    }

    String name() {
        return name;
    }

    int runs() {
        return values.count();
    }

    String min() {
        return runs() == 0 ? "" : format(values.min());
    }

    String median() {
        return runs() == 0 ? "" : format(values.median());
    }

    String goal() {
        if (goal == null) {
            return "";
        }
        return (goal.atMost ? "≤ " : "≥ ") + (goal.ofRatio ? times(goal.limit) + " " + peer : format(goal.limit));
    }

    /** The median of the runs' ratios to the peer. */
    String ratio() {
        return ratios.count() == 0 ? "" : times(ratios.median()) + " " + peer;
    }

    /** Whether the median meets the goal: "yes", "no", or "" without a goal or a value. */
    String met() {
        if (goal == null || runs() == 0) {
            return "";
        }
        double median = goal.ofRatio ? ratios.median() : values.median();
        return (goal.atMost ? median <= goal.limit : median >= goal.limit) ? "yes" : "no";
    }

    private String format(double v) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v) + (unit.isEmpty() ? "" : " " + unit);
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, ratio >= 10 ? "%.1f×" : ratio >= 0.1 ? "%.2f×" : "%.3f×", ratio);
    }

    private void requirePeer() {
        if (peer == null) {
            throw new IllegalStateException("'" + name + "' has no peer: call versus(…) first");
        }
    }
}
