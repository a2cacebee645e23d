package dev.tributary.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local admin token: {@code data/admin.token}, created at first start, readable by its owner
 * only. {@code bin/tributary} reads it to call the API; until users exist (console), it is the
 * only credential. Compared in constant time; never logged.
 */
final class AdminToken {

    static final String FILE = "admin.token";
    private final byte[] token;

    private AdminToken(byte[] token) {
        this.token = token;
    }

    static AdminToken loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, value + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
        String value = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (value.length() < 32) {
            throw new IOException(file + " holds no valid token: delete it and restart to get a new one");
        }
        return new AdminToken(value.getBytes(StandardCharsets.US_ASCII));
    }

    /** @param authorization the request's {@code Authorization} header, or null */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, authorization.substring(7).trim().getBytes(StandardCharsets.US_ASCII));
    }
}
