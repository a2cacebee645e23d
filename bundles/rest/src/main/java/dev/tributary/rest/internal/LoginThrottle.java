package dev.tributary.rest.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing, per user name and per client address: the first few failures are
 * free ({@value #FREE_PER_NAME} per name, {@value #FREE_PER_ADDRESS} per address), each one after
 * that refuses further attempts for twice as long as the one before (1 s, 2 s, 4 s … at most 15
 * minutes), answered 429 with {@code Retry-After} without even checking the password. A name's count
 * is cleared by a successful sign-in; any count is forgotten 15 minutes after its last failure.
 *
 * <p>Behind a reverse proxy every client has the proxy's address, so the per-address limit then
 * applies to all of them together (addresses from {@code X-Forwarded-For} are not trusted).
 */
final class LoginThrottle {

    static final int FREE_PER_NAME = 5;
    static final int FREE_PER_ADDRESS = 20;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration LONGEST = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    /** Keys tracked at most, per kind; beyond, the oldest are forgotten. */
    static final int MAX_TRACKED = 10_000;

    private record Failures(int count, Instant last, Instant blockedUntil) {}

    private final Map<String, Failures> byName = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final InstantSource clock;

    LoginThrottle(InstantSource clock) {
        this.clock = clock;
    }

    /** How long to wait before trying again, if attempts for this name or from this address are refused now. */
    Optional<Duration> refused(String name, String address) {
        Instant now = clock.instant();
        Instant until = later(blockedUntil(byName, key(name), now), blockedUntil(byAddress, address, now));
        return until == null ? Optional.empty() : Optional.of(Duration.between(now, until));
    }

    /** Counts a failure; returns the failures of this name now counted. */
    int failed(String name, String address) {
        Instant now = clock.instant();
        int n = count(byName, key(name), FREE_PER_NAME, now);
        count(byAddress, address, FREE_PER_ADDRESS, now);
        return n;
    }

    void succeeded(String name) {
        byName.remove(key(name));
    }

    private static int count(Map<String, Failures> map, String key, int free, Instant now) {
        if (map.size() >= MAX_TRACKED && !map.containsKey(key)) {
            map.values().removeIf(f -> forgotten(f, now));
            if (map.size() >= MAX_TRACKED) {
                map.entrySet().stream().min(Map.Entry.comparingByValue(java.util.Comparator.comparing(Failures::last)))
                        .ifPresent(e -> map.remove(e.getKey()));
            }
        }
        return map.compute(key, (k, f) -> {
            int n = f == null || forgotten(f, now) ? 1 : f.count() + 1;
            Instant blocked = n <= free ? null : now.plus(delay(n - free));
            return new Failures(n, now, blocked);
        }).count();
    }

    /** 1 s for the first failure over the free ones, doubling, at most {@link #LONGEST}. */
    static Duration delay(int over) {
        Duration d = over >= 20 ? LONGEST : FIRST_DELAY.multipliedBy(1L << (over - 1));
        return d.compareTo(LONGEST) > 0 ? LONGEST : d;
    }

    private static Instant blockedUntil(Map<String, Failures> map, String key, Instant now) {
        Failures f = key == null ? null : map.get(key);
        if (f == null) {
            return null;
        }
        if (forgotten(f, now)) {
            map.remove(key, f);
            return null;
        }
        return f.blockedUntil() != null && f.blockedUntil().isAfter(now) ? f.blockedUntil() : null;
    }

    private static boolean forgotten(Failures f, Instant now) {
        Instant keptUntil = f.last().plus(FORGET_AFTER);
        if (f.blockedUntil() != null && f.blockedUntil().isAfter(keptUntil)) {
            keptUntil = f.blockedUntil();
        }
        return !keptUntil.isAfter(now);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static String key(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    }
}
