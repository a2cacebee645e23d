package dev.tributary.itest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A generated {@code etc/} file for a file-system connector instance that cannot be applied: a name
 * that is not {@code <factory pid>~<instance>.cfg} with an instance name the REST API takes, or content
 * that is not UTF-8 {@code key = value} lines, or values the connector's settings refuse.
 *
 * @param flaw    what is wrong, as a failing sample prints it
 * @param name    the file's name; {@code {id}} stands for a name unique to the try
 * @param content the file's bytes, given the folder a good file would sync
 * @param reason  what the error must say (part of it)
 */
record BadConfigFile(String flaw, String name, Function<String, byte[]> content, String reason) {

    static final String PID = "dev.tributary.connector.filesystem";
    private static final Set<String> SETTINGS = Set.of("root", "include", "exclude", "maxFileSize", "maxTextChars", "schedule", "instance");

    String name(String id) {
        return name.replace("{id}", id);
    }

    /** The kind of flaw, without the generated values: for the statistics of a run. */
    String kind() {
        return flaw.replaceAll("'[^']*'|-?\\d+|UTF-16\\w*", "…");
    }

    @Override
    public String toString() {
        return flaw + " (" + name + ")";
    }

    /** Good settings for a folder. */
    static String good(String root) {
        return "# a file-system instance\nroot = " + root + "\nschedule = manual\n";
    }

    /** Any bad file, every kind of flaw equally likely: a bad name with good content, or a good name with bad content. */
    static Arbitrary<BadConfigFile> any() {
        List<Arbitrary<BadConfigFile>> all = new ArrayList<>(badNames());
        all.addAll(badContentKinds());
        return Arbitraries.oneOf(all);
    }

    /** Good names, bad content, every kind equally likely. */
    static Arbitrary<BadConfigFile> badContents() {
        return Arbitraries.oneOf(badContentKinds());
    }

    private static List<Arbitrary<BadConfigFile>> badNames() {
        String rule = "must be 1 to 200 letters, digits, '.', '_' or '-', starting with a letter or digit";
        String control = "the name holds a control character";
        return List.of(
                Arbitraries.of(" ", "é", "e\u0301", "\u00a0", "😀", "~", "/", "'", "%", "ü").map(odd ->
                        named("an instance name with '" + odd + "'", PID + "~{id}" + odd.replace("/", "\u2215") + "x.cfg", rule)),
                Arbitraries.of("-", ".", "_").map(lead -> named("an instance name starting with '" + lead + "'", PID + "~" + lead + "{id}.cfg", rule)),
                Arbitraries.integers().between(201, 208).map(n -> named("an instance name of " + n + " characters",
                        PID + "~{id}" + "n".repeat(n) + ".cfg", rule)),
                Arbitraries.of('\n', '\r', '\t', '\u0001', '\u007f', '\u0085').map(c -> named("a control character '" + Integer.toHexString(c) + "'",
                        PID + "~{id}" + c + "x.cfg", control)),
                Arbitraries.of('\n', '\t').map(c -> named("a control character in a plain file's name", "plain" + c + "{id}.cfg", control)),
                Arbitraries.just(named("no factory PID", "~{id}.cfg", "the part before '~'")),
                Arbitraries.of(" ", "").map(blank -> named("no instance name", PID + "{id}~" + blank + ".cfg", "the part after '~'")));
    }

    private static List<Arbitrary<BadConfigFile>> badContentKinds() {
        String notUtf8 = "it is not UTF-8 text";
        return List.of(
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300).map(b -> content("garbage bytes", root -> {
                    byte[] withBad = java.util.Arrays.copyOf(b, b.length + 1);
                    withBad[b.length] = (byte) 0xFF;
                    return withBad;
                }, notUtf8)),
                Arbitraries.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE).map(cs -> content("good settings in " + cs,
                        root -> good(root).getBytes(cs), notUtf8)),
                Arbitraries.of("Grüße", "café", "Ærø", "naïve").map(word -> content("Latin-1 text",
                        root -> (good(root) + "# " + word + "\n").getBytes(StandardCharsets.ISO_8859_1), notUtf8)),
                Arbitraries.strings().withChars("0123456789abcdef").ofMaxLength(3).map(hex -> content("a broken \\u escape",
                        root -> bytes(good(root) + "include = a\\u" + hex + "z\n"), "it is not in key = value form")),
                word().map(w -> content("a value without a key", root -> bytes(good(root) + "= " + w + "\n"), "a line has a value but no key")),
                Combinators.combine(Arbitraries.of("maxFileSize", "maxTextChars"), notAWholeNumber()).as((key, v) -> content(
                        key + " = '" + v + "'", root -> bytes(good(root) + key + " = " + v + "\n"), "'" + key + "' must be a whole number")),
                Combinators.combine(Arbitraries.of("maxFileSize", "maxTextChars"), Arbitraries.integers().between(1, 1_000_000)).as((key, n) ->
                        content(key + " = -" + n, root -> bytes(good(root) + key + " = -" + n + "\n"), "'" + key + "' = '-" + n + "' is refused")),
                word().filter(w -> !SETTINGS.contains(w)).map(w -> content("an unknown key '" + w + "'", root -> bytes(good(root) + w + " = x\n"),
                        "'" + w + "' is not a setting of File system")),
                Arbitraries.of("", "schedule = manual\n", "include = **\nexclude = .*\n").map(rest -> content("no root" + (rest.isEmpty() ? " (empty)" : ""),
                        root -> bytes(rest), "'root' (Root folder) is required")),
                Arbitraries.just(content("an empty root", root -> bytes("root =\nschedule = manual\n"), "'root' (Root folder) is empty")),
                Combinators.combine(Arbitraries.of("schedule", "schedule.jitter"), word().filter(w -> !w.equalsIgnoreCase("manual"))).as((key, w) ->
                        content(key + " = '" + w + "'", root -> bytes(good(root).replace("schedule = manual", "schedule = manual\n" + key + " = " + w)
                                .replaceFirst("schedule = manual\nschedule = ", "schedule = ")), "'" + key + "': '" + w + "' is not a duration")),
                Arbitraries.integers().between(100_000, 300_000).map(n -> content("a value of " + n + " digits",
                        root -> bytes(good(root) + "maxFileSize = " + "9".repeat(n) + "\n"), " characters)'")),
                Arbitraries.just(content("a file over 1 MiB", root -> bytes(good(root) + "# " + "x".repeat(1 << 20) + "\n"),
                        "a configuration file holds at most 1048576 bytes")));
    }

    private static Arbitrary<String> word() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(12);
    }

    private static Arbitrary<String> notAWholeNumber() {
        return Arbitraries.oneOf(word(), Arbitraries.of("1.5", "1e3", "0x10", "12 MB", "99999999999999999999", "∞"));
    }

    private static BadConfigFile named(String flaw, String name, String reason) {
        return new BadConfigFile(flaw, name, root -> bytes(good(root)), reason);
    }

    private static BadConfigFile content(String flaw, Function<String, byte[]> content, String reason) {
        return new BadConfigFile(flaw, PID + "~{id}.cfg", content, reason);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
