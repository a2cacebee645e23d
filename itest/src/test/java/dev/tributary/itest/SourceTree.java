package dev.tributary.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A folder of UTF-8 text files for the file-system connector, drawn from a seeded {@link Random} so a
 * failing run can be replayed: most files small, some of a few KB, a few of a few hundred KB, spread
 * over nested folders (up to three deep), readable by everyone.
 */
final class SourceTree {

    private static final String[] WORDS = {"harbour", "ferry", "timetable", "invoice", "café", "Grüße", "naïve", "日本語", "façade",
            "quarterly", "report", "kumquat", "zeppelin", "pangolin", "ledger", "tide", "pier", "cargo", "manifest", "crew", "Ærø",
            "smörgåsbord", "crème brûlée", "ñandú", "Ελλάδα", "north", "south", "delay", "weather", "berth"};

    private SourceTree() {}

    /**
     * Writes {@code files} files under {@code root}.
     *
     * @return the SHA-256 (hex) of each file's bytes by its path relative to {@code root} ('/'-separated)
     */
    static Map<String, String> write(Path root, int files, Random random) throws IOException {
        List<String> folders = folders(random);
        for (String folder : folders) {
            Path dir = Files.createDirectories(root.resolve(folder));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> sha256 = new TreeMap<>();
        for (int i = 0; i < files; i++) {
            String folder = folders.get(random.nextInt(folders.size()));
            String name = String.format("note-%05d.%s", i, random.nextInt(4) == 0 ? "md" : "txt");
            String relative = folder.isEmpty() ? name : folder + "/" + name;
            byte[] content = text(random, size(random)).getBytes(StandardCharsets.UTF_8);
            Files.write(root.resolve(relative), content);
            sha256.put(relative, sha256(content));
        }
        return sha256;
    }

    /**
     * One change to a tree {@link #write} made, as people make them between two syncs: a file added
     * beside an existing one, rewritten with other text, or deleted (a third each; the last file is
     * never deleted), with {@code sha256} kept current.
     *
     * @return what changed, e.g. {@code "deleted area-1/note-00012.txt"}
     */
    static String change(Path root, Map<String, String> sha256, Random random) throws IOException {
        List<String> files = new ArrayList<>(sha256.keySet());
        String file = files.get(random.nextInt(files.size()));
        int kind = random.nextInt(3);
        if (kind == 2 && files.size() > 1) {
            Files.delete(root.resolve(file));
            sha256.remove(file);
            return "deleted " + file;
        }
        if (kind == 1) {
            String folder = file.contains("/") ? file.substring(0, file.lastIndexOf('/') + 1) : "";
            do {
                file = folder + String.format("added-%08x.txt", random.nextInt() & 0x7fffffff);
            } while (sha256.containsKey(file));
        }
        byte[] content = text(random, size(random)).getBytes(StandardCharsets.UTF_8);
        Files.write(root.resolve(file), content);
        return (sha256.put(file, sha256(content)) == null ? "added " : "rewrote ") + file;
    }

    /** The root and about forty folders below it, one to three levels deep. */
    private static List<String> folders(Random random) {
        List<String> folders = new ArrayList<>(List.of(""));
        for (int a = 0; a < 6; a++) {
            String top = "area-" + a;
            folders.add(top);
            for (int b = 0; b < 1 + random.nextInt(4); b++) {
                String mid = top + "/team-" + b;
                folders.add(mid);
                for (int c = 0; c < random.nextInt(3); c++) {
                    folders.add(mid + "/year-" + (2020 + c));
                }
            }
        }
        return folders;
    }

    /** Bytes of one file: 95 % up to 1.5 KB, 4.7 % up to 16 KB, 0.3 % up to 256 KB. */
    private static int size(Random random) {
        int r = random.nextInt(1000);
        if (r < 950) {
            return 40 + random.nextInt(1460);
        }
        return r < 997 ? 2048 + random.nextInt(14_336) : 65_536 + random.nextInt(196_608);
    }

    private static String text(Random random, int bytes) {
        StringBuilder text = new StringBuilder(bytes + 32);
        int length = 0;
        while (length < bytes) {
            String word = WORDS[random.nextInt(WORDS.length)];
            text.append(word).append(random.nextInt(12) == 0 ? '\n' : ' ');
            length += word.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return text.toString();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
