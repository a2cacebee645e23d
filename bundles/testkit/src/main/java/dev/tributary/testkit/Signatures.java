package dev.tributary.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signatures as sources put them on webhook deliveries (GitHub's {@code X-Hub-Signature-256}, and alike). */
public final class Signatures {

    private Signatures() {}

    /** The HMAC of {@code body} under {@code secret} (UTF-8), lower-case hex; {@code algorithm} as the JDK names it, e.g. HmacSHA256. */
    public static String hmacHex(String algorithm, String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    /** GitHub's {@code X-Hub-Signature-256} value: {@code sha256=} and the HMAC-SHA256 in hex. */
    public static String gitHubSha256(String secret, byte[] body) {
        return "sha256=" + hmacHex("HmacSHA256", secret, body);
    }
}
