package dev.tributary.configfiles.internal;

/** A value from a file, as a log line or health message quotes it: control characters escaped, at most about {@value #MAX} characters. */
final class Quoted {

    static final int MAX = 80;

    private Quoted() {}

    /** The whole value, control characters escaped: a file name with a line break must not break the log line naming it. */
    static String escaped(String value) {
        StringBuilder b = new StringBuilder(value.length());
        value.chars().forEach(c -> b.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }

    static String of(String value) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < value.length() && b.length() < MAX; i++) {
            char c = value.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return i < value.length() ? b + "… (" + value.length() + " characters)" : b.toString();
    }
}
