package dev.tributary.connector.filesystem.internal;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.PatternSyntaxException;

/**
 * An instance's configuration read once, at the start of a sync, each value checked: a value the
 * run cannot use fails it at once with one message naming the setting, before anything is read or
 * pruned (the file-system instance's documents stay as they are).
 */
record Settings(Path root, List<PathMatcher> include, List<PathMatcher> exclude, long maxFileSize, int maxTextChars) {

    private static final int MAX_QUOTED = 100;

    /** @throws IllegalArgumentException naming the setting that cannot be used, and why */
    static Settings of(FilesystemConnector.Config config) {
        return new Settings(root(read("root", config::root, "text")), globs("include", read("include", config::include, "text")),
                globs("exclude", read("exclude", config::exclude, "text")),
                atLeastZero("maxFileSize", read("maxFileSize", config::maxFileSize, "a whole number of bytes")),
                (int) atLeastZero("maxTextChars", read("maxTextChars", config::maxTextChars, "a whole number up to 2147483647")));
    }

    /** Declarative Services converts a value when it is asked for it, and throws then if it cannot. */
    private static <T> T read(String key, Supplier<T> value, String expected) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + key + "' must be " + expected + ": fix it in the instance's configuration");
        }
    }

    private static Path root(String value) {
        String text = value == null ? "" : value.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("'root' is not set: set it in the instance's configuration to the folder to sync, e.g. /srv/docs");
        }
        Path root;
        try {
            root = Paths.get(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'root' '" + quoted(text) + "' is not a path (" + e.getReason() + ")");
        }
        if (!root.isAbsolute() || !Files.isDirectory(root)) {
            throw new IllegalArgumentException("root '" + quoted(text) + "' is not an absolute path to a folder of this host: "
                    + "set 'root' in the instance's configuration");
        }
        return root;
    }

    /**
     * Each value may hold several globs separated by commas ({@code include = **.md, **.pdf} in a
     * file is one value); a comma inside braces belongs to the glob ({@code *.{md,txt}}).
     */
    private static List<PathMatcher> globs(String key, String[] values) {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String value : values == null ? new String[0] : values) {
            for (String glob : split(value)) {
                try {
                    matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("'" + key + "' glob '" + quoted(glob) + "' is not valid (" + e.getDescription()
                            + " at character " + (e.getIndex() + 1) + "): fix it in the instance's configuration");
                }
            }
        }
        return matchers;
    }

    static List<String> split(String value) {
        List<String> globs = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : (value == null ? "" : value).toCharArray()) {
            if (c == ',' && depth == 0) {
                globs.add(current.toString());
                current.setLength(0);
                continue;
            }
            depth += c == '{' ? 1 : c == '}' && depth > 0 ? -1 : 0;
            current.append(c);
        }
        globs.add(current.toString());
        globs.replaceAll(String::trim);
        globs.removeIf(String::isEmpty);
        return globs;
    }

    private static long atLeastZero(String key, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("'" + key + "' must be 0 or more, not " + value + ": fix it in the instance's configuration");
        }
        return value;
    }

    private static String quoted(String value) {
        return value.length() <= MAX_QUOTED ? value : value.substring(0, MAX_QUOTED) + "… (" + value.length() + " characters)";
    }
}
