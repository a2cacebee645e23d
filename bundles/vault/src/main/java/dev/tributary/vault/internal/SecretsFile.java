package dev.tributary.vault.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code secrets.properties}: one sorted {@code scope/name = sealed value} line per secret, in
 * plain properties syntax (UTF-8), replaced as a whole and atomically on every change.
 */
final class SecretsFile {

    private static final String HEADER = "# Tributary vault: values are sealed with the master key (AES-256-GCM); do not edit\n";

    private final Path file;

    SecretsFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    Path path() {
        return file;
    }

    Path directory() {
        return file.getParent();
    }

    static String key(String scope, String name) {
        return scope + "/" + name;
    }

    /** The sealed values by {@code scope/name}; empty when there is no file yet. */
    SortedMap<String, String> load() throws IOException {
        AtomicFiles.deleteLeftovers(file);
        SortedMap<String, String> entries = new TreeMap<>();
        if (!Files.exists(file)) {
            return entries;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        for (String key : properties.stringPropertyNames()) {
            int slash = key.indexOf('/');
            if (slash <= 0 || slash == key.length() - 1 || key.indexOf('/', slash + 1) >= 0) {
                throw new IllegalStateException("the vault file " + file + " holds the entry '" + key
                        + "', which is not scope/name: restore the file from backup");
            }
            entries.put(key, properties.getProperty(key));
        }
        return entries;
    }

    void store(Map<String, String> entries) throws IOException {
        StringBuilder text = new StringBuilder(HEADER);
        new TreeMap<>(entries).forEach((key, value) -> text.append(escape(key)).append(" = ").append(value).append('\n'));
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SecretsFile[" + file + "]";
    }

    /** Escapes a key as {@link Properties#store} would, so {@link Properties#load} reads it back as is. */
    private static String escape(String key) {
        StringBuilder escaped = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            switch (c) {
                case '\\', ' ', '=', ':', '#', '!' -> escaped.append('\\').append(c);
                case '\t' -> escaped.append("\\t");
                case '\f' -> escaped.append("\\f");
                case '\r' -> escaped.append("\\r");
                case '\n' -> escaped.append("\\n");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
