package dev.tributary.store.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Passwords as Argon2id hashes in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}),
 * computed by BouncyCastle's lightweight API. The parameters are OWASP's first recommendation for
 * Argon2id (19 MiB, 2 iterations, 1 lane); they travel with each hash, so raising them later re-hashes
 * each password at its owner's next sign-in ({@link #outdated}).
 *
 * <p>Each hash takes 19 MiB and tens of milliseconds: at most {@value #CONCURRENT} are computed at
 * once, so a burst of sign-ins cannot exhaust the heap (the REST API throttles failed ones before
 * they get here).
 */
final class PasswordHasher {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int CONCURRENT = 2;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final Semaphore slots = new Semaphore(CONCURRENT, true);
    private final int memoryKib;
    private final int iterations;

    PasswordHasher() {
        this(MEMORY_KIB, ITERATIONS);
    }

    /** With other costs: only tests that hash many passwords use cheaper ones. */
    PasswordHasher(int memoryKib, int iterations) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
    }

    String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = compute(password, salt, memoryKib, iterations, PARALLELISM, HASH_BYTES);
        try {
            return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt) + "$"
                    + B64.encodeToString(out);
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    /** Whether {@code password} is the one {@code encoded} was made from; false for anything that is not our format. */
    boolean verify(char[] password, String encoded) {
        Phc phc = Phc.parse(encoded);
        if (phc == null) {
            return false;
        }
        byte[] out = compute(password, phc.salt, phc.memory, phc.iterations, phc.parallelism, phc.hash.length);
        try {
            return MessageDigest.isEqual(out, phc.hash);
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    /** Whether a hash was made with other parameters than today's (then it is replaced at the next sign-in). */
    boolean outdated(String encoded) {
        Phc phc = Phc.parse(encoded);
        return phc == null || phc.memory != memoryKib || phc.iterations != iterations || phc.parallelism != PARALLELISM
                || phc.hash.length != HASH_BYTES;
    }

    private byte[] compute(char[] password, byte[] salt, int memory, int iterations, int parallelism, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory).withIterations(iterations).withParallelism(parallelism).withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        slots.acquireUninterruptibly();
        try {
            generator.generateBytes(password, out);
        } finally {
            slots.release();
        }
        return out;
    }

    /** A parsed {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}. */
    private record Phc(int memory, int iterations, int parallelism, byte[] salt, byte[] hash) {
        static Phc parse(String encoded) {
            if (encoded == null) {
                return null;
            }
            String[] parts = encoded.split("\\$");
            if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
                return null;
            }
            int m = -1;
            int t = -1;
            int p = -1;
            try {
                for (String kv : parts[3].split(",")) {
                    String[] pair = kv.split("=", 2);
                    int v = Integer.parseInt(pair[1]);
                    switch (pair[0]) {
                        case "m" -> m = v;
                        case "t" -> t = v;
                        case "p" -> p = v;
                        default -> {
                            return null;
                        }
                    }
                }
                byte[] salt = B64D.decode(parts[4]);
                byte[] hash = B64D.decode(parts[5]);
                // bounds that keep a damaged row from asking for gigabytes
                if (m < 8 || m > 4 * 1024 * 1024 || t < 1 || t > 100 || p < 1 || p > 16 || salt.length < 8 || hash.length < 16) {
                    return null;
                }
                return new Phc(m, t, p, salt, hash);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
