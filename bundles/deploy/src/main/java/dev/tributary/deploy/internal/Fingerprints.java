package dev.tributary.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The SHA-256 of the file each deployed bundle was installed from, kept in the bundle's data area
 * so a restart or a {@code touch} does not reinstall unchanged bundles.
 */
final class Fingerprints {

    private final Path file;
    private final Properties hashes = new Properties();

    Fingerprints(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                hashes.load(in);
            } catch (IOException e) {
                // A damaged file only costs a reinstall of each bundle once.
                hashes.clear();
            }
        }
    }

    String get(String name) {
        return hashes.getProperty(name);
    }

    void put(String name, String sha256) {
        hashes.setProperty(name, sha256);
        save();
    }

    void remove(String name) {
        if (hashes.remove(name) != null) {
            save();
        }
    }

    private void save() {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(tmp)) {
                hashes.store(out, "SHA-256 of the file each deployed bundle came from");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + file, e);
        }
    }
}
