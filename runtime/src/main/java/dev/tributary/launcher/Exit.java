package dev.tributary.launcher;

/** Exit codes of {@code bin/tributary}; the README lists them for ops. */
final class Exit {
    static final int OK = 0;
    /** The command failed (start failed, stop could not stop, the host crashed). */
    static final int FAILURE = 1;
    /** Wrong usage or a setting that cannot work (bad port, port in use, unreadable properties). */
    static final int CONFIG = 2;
    /** {@code status}: no host is running on this data directory. */
    static final int NOT_RUNNING = 3;
    /** {@code run}/{@code start}: another host already runs on this data directory. */
    static final int ALREADY_RUNNING = 4;

    private Exit() {}
}
