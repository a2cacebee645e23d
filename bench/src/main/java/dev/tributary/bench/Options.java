package dev.tributary.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A benchmark's command line: {@code --name value} pairs, each name one the benchmark knows. */
final class Options {

    private final Map<String, String> values = new HashMap<>();

    private Options() {
    }

    /** Fails on anything but {@code --name value} pairs and on a name not among {@code names}. */
    static Options parse(String[] args, String... names) {
        Options options = new Options();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value pairs, not '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            if (!List.of(names).contains(name)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: --" + String.join(", --", names));
            }
            options.values.put(name, args[i + 1]);
        }
        return options;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    Path path(String name, String fallback) {
        return Paths.get(get(name, fallback));
    }

    /** The path, or null when the option is not given. */
    Path path(String name) {
        return has(name) ? Paths.get(values.get(name)) : null;
    }
}
