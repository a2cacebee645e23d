package dev.tributary.vault.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master key on disk, and the {@code <file>.new} a rotation writes before it re-encrypts the
 * secrets. Which of the two is right after a crash is decided by the key ids the secrets file was
 * written with: that file is replaced in one atomic step, so it is the one source of truth.
 */
final class KeyFile {

    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);

    private final Path file;
    private final Path pending;

    KeyFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.pending = this.file.resolveSibling(this.file.getFileName() + ".new");
    }

    Path path() {
        return file;
    }

    Path pending() {
        return pending;
    }

    /** Refuses a key inside the data it protects: one backup or copy would then carry both. */
    void requireOutside(Path dataDirectory) {
        if (canonical(file).startsWith(canonical(dataDirectory))) {
            throw new IllegalStateException("the master key file " + file + " is inside the data directory " + dataDirectory
                    + ": keep the key apart from the data it protects (set vault.key.file or TRIBUTARY_MASTER_KEY_FILE to a path outside it)");
        }
    }

    boolean exists() {
        return Files.exists(file);
    }

    MasterKey read() throws IOException {
        return read(file);
    }

    /** Creates a fresh key (first start). */
    MasterKey create() throws IOException {
        MasterKey key = MasterKey.generate();
        write(file, key);
        LOG.info("Created the master key {} in {}: back it up, and keep it apart from the data directory", key.id(), file);
        return key;
    }

    void writePending(MasterKey key) throws IOException {
        write(pending, key);
    }

    /** Puts the pending key in place of the current one, in one atomic rename. */
    void commitPending() throws IOException {
        AtomicFiles.move(pending, file);
    }

    /**
     * Finishes or undoes a rotation a crash interrupted: if the secrets were re-encrypted with the
     * pending key it replaces the key file, if they still use the current key (or there are none)
     * it never took effect. Anything else is left for the caller's key check to report.
     */
    void recover(Set<String> secretKeyIds) throws IOException {
        AtomicFiles.deleteLeftovers(file);
        AtomicFiles.deleteLeftovers(pending);
        if (!Files.exists(pending)) {
            return;
        }
        String next = idOf(pending);
        if (!secretKeyIds.isEmpty() && secretKeyIds.equals(Set.of(next))) {
            commitPending();
            LOG.info("Finished the interrupted master key rotation: {} now holds key {}", file, next);
        } else if (secretKeyIds.isEmpty() || exists() && secretKeyIds.equals(Set.of(idOf(file)))) {
            Files.delete(pending);
            LOG.info("Discarded {}: the interrupted master key rotation had not re-encrypted any secret", pending);
        }
    }

    @Override
    public String toString() {
        return "KeyFile[" + file + "]";
    }

    private static MasterKey read(Path path) throws IOException {
        if (AtomicFiles.isShared(path)) {
            LOG.warn("The master key file {} can be read by others than its owner: chmod 600 it", path);
        }
        return MasterKey.fromFileContent(Files.readAllBytes(path), path);
    }

    private static void write(Path path, MasterKey key) throws IOException {
        byte[] content = key.fileContent();
        try {
            AtomicFiles.write(path, content);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static String idOf(Path path) throws IOException {
        MasterKey key = read(path);
        key.destroy();
        return key.id();
    }

    /** The real path, resolving symbolic links as far as the path exists. */
    private static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }
}
