package dev.tributary.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions, in memory: a restart signs everybody out. A session is found by its id (256
 * random bits in an HttpOnly cookie), kept only as its SHA-256 so the map holds nothing a reader of
 * the heap could replay; it ends after {@code idle} without a request, at logout, and when its user's
 * password changes. Each has its own CSRF token.
 */
final class Sessions {

    static final String COOKIE = "tributary_session";
    /** At most this many sessions at once; beyond, the least recently used goes. */
    static final int MAX = 10_000;

    /** One signed-in browser. */
    static final class Session {
        final String key;
        final String user;
        final String csrf;
        final Instant created;
        volatile Instant lastSeen;

        Session(String key, String user, String csrf, Instant created) {
            this.key = key;
            this.user = user;
            this.csrf = csrf;
            this.created = created;
            this.lastSeen = created;
        }

        /** Whether {@code token} is this session's CSRF token (compared in constant time). */
        boolean csrfMatches(String token) {
            return token != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public String toString() {
            return "Session[" + user + "]";
        }
    }

    /** A session just started: the cookie's value exists only here and in the response that sets it. */
    record Started(Session session, String cookieValue) {
        @Override
        public String toString() {
            return "Started[" + session + "]";
        }
    }

    private final Map<String, Session> byKey = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Duration idle;

    Sessions(InstantSource clock, Duration idle) {
        this.clock = clock;
        this.idle = idle;
    }

    /** The idle timeout from now on (configuration changed): sessions are kept. */
    void idleTimeout(Duration timeout) {
        this.idle = timeout;
    }

    Duration idleTimeout() {
        return idle;
    }

    Started start(String user) {
        Instant now = clock.instant();
        if (byKey.size() >= MAX) {
            expire(now);
            if (byKey.size() >= MAX) {
                byKey.values().stream().min(java.util.Comparator.comparing(s -> s.lastSeen)).ifPresent(s -> byKey.remove(s.key));
            }
        }
        String id = randomToken();
        Session s = new Session(key(id), user, randomToken(), now);
        byKey.put(s.key, s);
        return new Started(s, id);
    }

    /** The live session of a cookie's value, touched; empty if unknown, ended or idle too long (then it is gone). */
    Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        Session s = byKey.get(key(cookieValue));
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(s, now)) {
            byKey.remove(s.key);
            return Optional.empty();
        }
        s.lastSeen = now;
        return Optional.of(s);
    }

    /** Whether a session is still on, without touching it (a stream that stays open is no activity). */
    boolean live(Session s) {
        return byKey.get(s.key) == s && !expired(s, clock.instant());
    }

    void end(Session s) {
        byKey.remove(s.key);
    }

    /** Ends every session of {@code user} but {@code keep} (null: all): their password changed, or they were deleted. */
    void endAllOf(String user, Session keep) {
        byKey.values().removeIf(s -> s.user.equals(user) && s != keep);
    }

    int size() {
        return byKey.size();
    }

    private void expire(Instant now) {
        byKey.values().removeIf(s -> expired(s, now));
    }

    private boolean expired(Session s, Instant now) {
        return !s.lastSeen.plus(idle).isAfter(now);
    }

    private String randomToken() {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String key(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
