package dev.tributary.store.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code key.id} beside the database files: the id of the key the store is encrypted with (the first
 * 8 hex digits of its SHA-256, as the vault names its master keys). A store that cannot be read with
 * the vault's key is then known to be under another key, not guessed to be damaged. The id says
 * nothing usable about a random 128-bit key.
 */
final class KeyId {

    static final String FILE = "key.id";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}");

    private KeyId() {}

    static String of(String keyHex) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(keyHex.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** The id recorded in {@code directory}; empty when none is (a store from before ids were kept) or the file is unreadable. */
    static Optional<String> recorded(Path directory) throws IOException {
        try {
            String id = Files.readString(directory.resolve(FILE), StandardCharsets.US_ASCII).strip();
            return ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
        } catch (NoSuchFileException | CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Records {@code id} unless it is recorded already; replaces the file in one step. */
    static void record(Path directory, String id) throws IOException {
        if (recorded(directory).filter(id::equals).isPresent()) {
            return;
        }
        Path tmp = directory.resolve(FILE + ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
