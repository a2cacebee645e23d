package dev.tributary.sync.internal;

import dev.tributary.api.connector.Document;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * SHA-256 of everything a reader can see of a document (not its source version): equal hashes
 * mean nothing to write and nothing to reindex.
 */
final class ContentHash {
    private ContentHash() {}

    static String of(Document d) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        field(md, d.title());
        field(md, d.text());
        field(md, d.url());
        field(md, d.mimeType());
        field(md, d.author());
        field(md, d.created() == null ? null : d.created().toString());
        field(md, d.updated() == null ? null : d.updated().toString());
        field(md, d.container());
        for (Map.Entry<String, List<String>> e : new TreeMap<>(d.metadata()).entrySet()) {
            field(md, e.getKey());
            e.getValue().forEach(v -> field(md, v));
        }
        md.update((byte) 1);
        new TreeSet<>(d.principals()).forEach(p -> field(md, p));
        return HexFormat.of().formatHex(md.digest());
    }

    /** Length-prefixed, so ("ab","c") and ("a","bc") differ. */
    private static void field(MessageDigest md, String s) {
        byte[] b = s == null ? new byte[] {(byte) 0xff} : s.getBytes(StandardCharsets.UTF_8);
        md.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) ':');
        md.update(b);
    }
}
