package dev.tributary.itest;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * A generated oddity for a file-system source: a file with an odd name (spaces, Unicode in both
 * normal forms, emoji, control characters, a leading dash, 255 bytes, deep below the root), with odd
 * content (Latin-1, UTF-16 with and without byte order mark, Shift-JIS, invalid UTF-8, binary, empty),
 * or something that cannot be synced (a name that is not UTF-8, a path longer than the system allows,
 * symbolic link loops). Java cannot make the last kinds of name: a shell does.
 *
 * @param kind  what it is, as a failing sample prints it
 * @param plant makes it below a folder, with a word unique to it in its text
 */
record OddSourceFile(String kind, Planter plant) {

    interface Planter {
        List<Planted> in(Path root, String token) throws Exception;
    }

    /** What the sync must make of one planted entry. */
    enum Outcome {
        /** One document, found by {@code query}. */
        FOUND,
        /** One document (empty, or no text in it). */
        STORED,
        /** No document, one failed item whose log line holds {@code logged}. */
        FAILED,
        /** Binary content: one document, or one failed item saying why it cannot be read. */
        STORED_OR_FAILED
    }

    /**
     * @param id     its external id (its path below the root, as the host names it); null for FAILED
     * @param file   the file, or null when Java cannot name it
     * @param query  words that find it (its token, and a word that needs the right decoding); null unless FOUND
     * @param logged what the "Skipped" line must name, for FAILED
     */
    record Planted(Outcome outcome, String id, Path file, String query, String logged) {}

    @Override
    public String toString() {
        return kind;
    }

    static Arbitrary<OddSourceFile> any() {
        List<Arbitrary<OddSourceFile>> all = new ArrayList<>();
        all.add(Arbitraries.of(" ", "  two spaces ", "日本語 ", "Ärger ", "😀", "\u200b", "%20", "#", "'quoted' ", "\"", "*?")
                .map(odd -> named("a name with '" + odd + "'", t -> odd + t + ".txt")));
        all.add(Arbitraries.of("Café ", "Ñandú ", "Åsa ").map(base -> new OddSourceFile("the same name in NFC and NFD ('" + base.trim() + "')",
                (root, t) -> List.of(utf8(root, Normalizer.normalize(base, Normalizer.Form.NFC) + t + ".txt", t + "c"),
                        utf8(root, Normalizer.normalize(base, Normalizer.Form.NFD) + t + ".txt", t + "d")))));
        all.add(Arbitraries.of('\n', '\r', '\t', '\u0001', '\u001b', '\u007f').map(c -> named("a name with control character '"
                + Integer.toHexString(c) + "'", t -> "line" + c + t + ".txt")));
        all.add(Arbitraries.of("-", "--", "-rf ").map(dash -> named("a name starting with '" + dash + "'", t -> dash + t + ".md")));
        all.add(Arbitraries.integers().between(200, 255).map(bytes -> named("a name of " + bytes + " bytes",
                t -> t + "-" + "n".repeat(bytes - t.length() - 5) + ".txt")));
        all.add(Arbitraries.integers().between(5, 14).map(levels -> new OddSourceFile("a file " + levels + " folders of 150 characters deep",
                (root, t) -> List.of(utf8(root, (("f" + t).repeat(150).substring(0, 150) + "/").repeat(levels) + t + ".txt", t)))));
        all.add(encoded("Latin-1", StandardCharsets.ISO_8859_1, null, "Les élèves ont préparé un résumé détaillé de la réunion à Genève, "
                + "et le directeur a été très content du travail réalisé pendant l'année", "résumé"));
        all.add(Arbitraries.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE).map(cs -> encodedFile("UTF-16 with a byte order mark ("
                + cs.name() + ")", cs, "\uFEFF", "Grüße aus Köln, schöne Grüße an die Straße", "grüße")));
        all.add(Arbitraries.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE).map(cs -> encodedFile("UTF-16 without a byte order mark ("
                + cs.name() + ")", cs, "", "Grüße aus Köln, schöne Grüße an die Straße", "grüße")));
        all.add(encoded("Shift-JIS", Charset.forName("Shift_JIS"), null, "東京都の天気予報です。明日は晴れるでしょう。日本語のテキストです。", "東京"));
        all.add(Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8).map(junk -> new OddSourceFile("invalid UTF-8",
                (root, t) -> {
                    byte[] high = junk.clone();
                    for (int i = 0; i < high.length; i++) {
                        high[i] |= (byte) 0x80; // bytes that never stand alone in UTF-8; no NUL, so it stays text
                    }
                    Path f = write(root.resolve("invalid-" + t + ".txt"), concat(("before " + t + " after ").getBytes(StandardCharsets.US_ASCII),
                            new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}, high, " end".getBytes(StandardCharsets.US_ASCII)));
                    return List.of(new Planted(Outcome.FOUND, root.relativize(f).toString(), f, t, null));
                })));
        all.add(Arbitraries.bytes().array(byte[].class).ofMinSize(16).ofMaxSize(4096).map(b -> new OddSourceFile("binary named .txt",
                (root, t) -> {
                    byte[] binary = b.clone();
                    binary[0] = 0; // a NUL: never text
                    Path f = write(root.resolve("binary-" + t + ".txt"), binary);
                    return List.of(new Planted(Outcome.STORED_OR_FAILED, f.getFileName().toString(), f, null, f.getFileName().toString()));
                })));
        all.add(Arbitraries.of(".txt", ".md", "").map(ext -> new OddSourceFile("an empty file" + ext, (root, t) -> {
            Path f = write(root.resolve("empty-" + t + ext), new byte[0]);
            return List.of(new Planted(Outcome.STORED, f.getFileName().toString(), f, null, null));
        })));
        all.add(Arbitraries.of("\\377", "\\300\\200", "caf\\351", "\\355\\240\\200").map(raw -> new OddSourceFile("a name that is not UTF-8 ('"
                + raw + "')", (root, t) -> {
                    shell("cd \"$1\" && printf '%s' \"$2\" > \"$(printf \"$3\")\"", root.toString(), "text " + t, raw + t + ".txt");
                    return List.of(new Planted(Outcome.FAILED, null, null, null, t + ".txt: its name is not valid UTF-8"));
                })));
        all.add(Arbitraries.just(new OddSourceFile("a path longer than the system allows", (root, t) -> {
            String folder = ("p" + t).repeat(200).substring(0, 200);
            int levels = (4200 - root.toString().length()) / 201 + 1;
            shell("cd \"$1\" && i=0 && while [ $i -lt $2 ]; do mkdir \"$3\" && cd -P \"$3\" || exit 1; i=$((i+1)); done && printf '%s' \"$4\" > deep.txt",
                    root.toString(), Integer.toString(levels), folder, "text " + t);
            return List.of(new Planted(Outcome.FAILED, null, null, null, folder + ": its path is longer than this system allows"));
        })));
        all.add(Arbitraries.of("itself", "its folder", "the root").map(target -> new OddSourceFile("a symbolic link to " + target, (root, t) -> {
            Path dir = Files.createDirectories(root.resolve("links-" + t));
            Path link = dir.resolve("loop-" + t);
            Files.createSymbolicLink(link, target.equals("itself") ? link.getFileName() : target.equals("its folder") ? Path.of(".") : root);
            return List.of(new Planted(Outcome.FAILED, null, null, null, "links-" + t + "/loop-" + t + ": "));
        })));
        return Arbitraries.oneOf(all);
    }

    /** A UTF-8 file named by {@code name(token)}, found by its token. */
    private static OddSourceFile named(String kind, java.util.function.Function<String, String> name) {
        return new OddSourceFile(kind, (root, t) -> List.of(utf8(root, name.apply(t), t)));
    }

    private static Planted utf8(Path root, String relative, String token) throws IOException {
        Path f = write(root.resolve(relative), ("Some text with " + token + " in it.\n").getBytes(StandardCharsets.UTF_8));
        return new Planted(Outcome.FOUND, relative, f, token, null);
    }

    private static Arbitrary<OddSourceFile> encoded(String kind, Charset charset, String bom, String text, String word) {
        return Arbitraries.just(encodedFile(kind, charset, bom == null ? "" : bom, text, word));
    }

    /** Text in {@code charset}, found by its token and by a word only the right decoding reads. */
    private static OddSourceFile encodedFile(String kind, Charset charset, String bom, String text, String word) {
        return new OddSourceFile(kind, (root, t) -> {
            Path f = write(root.resolve("encoded-" + t + ".txt"), (bom + text + " " + t + " " + text + "\n").getBytes(charset));
            return List.of(new Planted(Outcome.FOUND, f.getFileName().toString(), f, t + " " + word, null));
        });
    }

    private static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    /** Runs {@code script} with {@code sh -c}, the arguments as $1, $2, …: what Java cannot name or reach. */
    static void shell(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("sh -c '" + script + "' failed: " + output);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
