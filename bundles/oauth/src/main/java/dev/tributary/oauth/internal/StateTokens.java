package dev.tributary.oauth.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code state} of authorization requests: {@code <instance>.<nonce>.<expiry>.<signature>}, the
 * instance base64url-encoded, the expiry in epoch seconds, the signature an HMAC-SHA256 of the rest
 * under a key only this host has. A state is accepted once, before it expires, and only if this host
 * issued it and still remembers what it was issued with (the PKCE verifier never leaves the host).
 *
 * @param <T> what an authorization was started with, handed back when its answer arrives
 */
final class StateTokens<T> {

    /** Pending authorizations kept at most; the oldest expired ones go first. */
    static final int MAX_PENDING = 1000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** A state as sent to the provider, and when it stops being accepted. */
    record Issued(String value, Instant expires) {
        @Override
        public String toString() {
            return "state (redacted) valid until " + expires;
        }
    }

    /** A state that is not accepted; the message says why, for people. */
    static final class InvalidState extends Exception {
        private static final long serialVersionUID = 1L;
        private final String instanceId;

        InvalidState(String instanceId, String message) {
            super(message);
            this.instanceId = instanceId;
        }

        /** The instance the state names when its signature is valid, else null (nothing in it can be trusted). */
        String instanceId() {
            return instanceId;
        }
    }

    private record Pending<T>(String instanceId, T value, Instant expires) {}

    private final Supplier<byte[]> key;
    private final Clock clock;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending<T>> pending = new ConcurrentHashMap<>();

    /** @param key the HMAC key (read once per use, so a rotated key applies at once) */
    StateTokens(Supplier<byte[]> key, Clock clock, Duration ttl) {
        this.key = key;
        this.clock = clock;
        this.ttl = ttl;
    }

    Issued issue(String instanceId, T value) {
        Instant now = clock.instant();
        forgetExpired(now);
        if (pending.size() >= MAX_PENDING) {
            throw new IllegalStateException(MAX_PENDING + " authorizations are waiting for an answer; try again in " + ttl.toMinutes()
                    + " minutes");
        }
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String nonceText = B64.encodeToString(nonce);
        Instant expires = now.plus(ttl);
        String payload = B64.encodeToString(instanceId.getBytes(StandardCharsets.UTF_8)) + "." + nonceText + "." + expires.getEpochSecond();
        pending.put(nonceText, new Pending<>(instanceId, value, expires));
        return new Issued(payload + "." + B64.encodeToString(sign(payload)), expires);
    }

    /**
     * What the state was issued with; the state is spent.
     *
     * @throws InvalidState when it is malformed, forged or tampered with, expired, or already used
     */
    T consume(String state) throws InvalidState {
        String[] parts = state == null ? new String[0] : state.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidState(null, "the answer's state is not one this host issues");
        }
        String payload = parts[0] + "." + parts[1] + "." + parts[2];
        byte[] signature;
        try {
            signature = B64D.decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new InvalidState(null, "the answer's state is not one this host issues");
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            throw new InvalidState(null, "the answer's state was not issued by this host (its signature does not match)");
        }
        String instanceId = new String(B64D.decode(parts[0]), StandardCharsets.UTF_8);
        long expires = Long.parseLong(parts[2]);
        Instant now = clock.instant();
        if (now.getEpochSecond() >= expires) {
            pending.remove(parts[1]);
            throw new InvalidState(instanceId, "the authorization of instance " + instanceId + " expired (it is valid for "
                    + ttl.toMinutes() + " minutes)");
        }
        Pending<T> p = pending.remove(parts[1]);
        if (p == null || !p.instanceId.equals(instanceId)) {
            throw new InvalidState(instanceId, "the authorization of instance " + instanceId
                    + " was already answered (each works once), or the host restarted since it was started");
        }
        return p.value;
    }

    /** Authorizations started and not answered yet (expired ones included until the next {@link #issue}). */
    int pending() {
        return pending.size();
    }

    private void forgetExpired(Instant now) {
        pending.values().removeIf(p -> !now.isBefore(p.expires));
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
