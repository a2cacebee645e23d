package dev.tributary.connector.filesystem.internal;

import java.util.Optional;

/**
 * The checkpoint of a file-system instance.
 *
 * @param since   files changed (modified, or their permissions) at or after this time are read
 *                (epoch millis; 0 = everything)
 * @param pass    start of the walk under way (epoch millis); becomes {@code since} when it completes
 * @param after   the walk under way has handled every path up to this one (sorted order); empty
 *                when no walk is under way
 */
record Cursor(long since, long pass, String after) {

    static final Cursor START = new Cursor(0, 0, "");

    static Cursor parse(Optional<String> checkpoint) {
        if (checkpoint.isEmpty()) {
            return START;
        }
        String[] p = checkpoint.get().split(";", 4);
        try {
            if (p.length == 4 && p[0].equals("v1")) {
                return new Cursor(Long.parseLong(p[1]), Long.parseLong(p[2]), p[3]);
            }
        } catch (NumberFormatException e) {
            // fall through: an unreadable checkpoint means reading everything again, which is safe
        }
        return START;
    }

    String format() {
        return "v1;" + since + ";" + pass + ";" + after;
    }

    boolean resuming() {
        return !after.isEmpty();
    }
}
