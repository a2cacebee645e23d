package dev.tributary.vault.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit AES key every secret is encrypted with, and its id: the first 8 hex digits of its
 * SHA-256, written beside each secret so a wrong key is named, not guessed at.
 */
final class MasterKey {

    static final int LENGTH = 32;
    /** The one line of a key file is this prefix and the key in base64. */
    static final String FILE_PREFIX = "tributary-master-key v1 ";
    static final String FORMAT = "one line '" + FILE_PREFIX + "<base64 of " + LENGTH + " bytes>'";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;
    private final SecretKeySpec spec;
    private final String id;

    private MasterKey(byte[] bytes) {
        this.bytes = bytes;
        this.spec = new SecretKeySpec(bytes, "AES");
        this.id = idOf(bytes);
    }

    static MasterKey generate() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        return new MasterKey(bytes);
    }

    /**
     * A key given as base64 text, e.g. by an environment variable; {@code source} names it in the
     * message. The message never repeats the text: it is the key.
     */
    static MasterKey fromBase64(String text, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64: it must hold the base64 of " + LENGTH
                    + " random bytes (e.g. the output of 'openssl rand -base64 32')");
        }
        return ofLength(bytes, source + " holds " + bytes.length + " bytes; it must be the base64 of exactly " + LENGTH
                + " bytes (e.g. the output of 'openssl rand -base64 32')");
    }

    /** Parses the content of a key file; the content array is cleared. */
    static MasterKey fromFileContent(byte[] content, Path file) {
        try {
            byte[] prefix = FILE_PREFIX.getBytes(StandardCharsets.US_ASCII);
            int end = content.length;
            while (end > 0 && (content[end - 1] == '\n' || content[end - 1] == '\r')) {
                end--;
            }
            String wrong = "the master key file " + file + " is not a Tributary master key: it must hold " + FORMAT;
            if (end < prefix.length || !Arrays.equals(content, 0, prefix.length, prefix, 0, prefix.length)) {
                throw new IllegalStateException(wrong);
            }
            byte[] encoded = Arrays.copyOfRange(content, prefix.length, end);
            try {
                return ofLength(Base64.getDecoder().decode(encoded), wrong);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(wrong);
            } finally {
                Arrays.fill(encoded, (byte) 0);
            }
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** The key file's content; the caller clears it once written. */
    byte[] fileContent() {
        byte[] prefix = FILE_PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] encoded = Base64.getEncoder().encode(bytes);
        byte[] content = Arrays.copyOf(prefix, prefix.length + encoded.length + 1);
        System.arraycopy(encoded, 0, content, prefix.length, encoded.length);
        content[content.length - 1] = '\n';
        Arrays.fill(encoded, (byte) 0);
        return content;
    }

    String id() {
        return id;
    }

    SecretKeySpec spec() {
        return spec;
    }

    /** Clears the key bytes (the JDK's own copy in the spec is beyond reach). */
    void destroy() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }

    private static MasterKey ofLength(byte[] bytes, String wrongLength) {
        if (bytes.length != LENGTH) {
            Arrays.fill(bytes, (byte) 0);
            throw new IllegalStateException(wrongLength);
        }
        return new MasterKey(bytes);
    }

    private static String idOf(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
