package dev.tributary.oauth.internal;

import dev.tributary.api.http.Credentials;
import dev.tributary.api.http.Request;
import dev.tributary.api.oauth.AuthorizationRequiredException;
import dev.tributary.api.oauth.OAuthSettings;
import dev.tributary.api.oauth.OAuthSettings.Grant;
import dev.tributary.api.oauth.TokenException;
import dev.tributary.api.vault.Vault;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's OAuth credentials: the current tokens, renewed ahead of their expiry and after a
 * 401, with at most one renewal in flight — callers that need one while it runs wait for it and use
 * its result (or its failure). A renewal is written to the vault, in one entry, before anyone uses
 * it: a crash right after a refresh that rotated the refresh token loses nothing.
 */
final class InstanceCredentials implements Credentials {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceCredentials.class);
    /** After a renewal failed for a reason that may pass (the endpoint unreachable, a 5xx), the next waits this long. */
    static final Duration COOLDOWN = Duration.ofSeconds(5);

    private final String instanceId;
    private final OAuthSettings settings;
    private final Vault vault;
    private final TokenClient client;
    private final Clock clock;
    private final Duration ahead;
    /** Told when the instance needs a person to authorize it again (pauses it). */
    private final BiConsumer<String, String> needsAuthorization;
    private final String rateLimitKey;
    /** The tokens each thread last sent: after its 401, a renewal since then is the answer. Weak: threads come and go. */
    private final Map<Thread, StoredTokens> sent = Collections.synchronizedMap(new WeakHashMap<>());

    // guarded by this
    private StoredTokens current;
    /** Why the instance cannot get tokens until it is authorized again, or null. */
    private String refused;
    private CompletableFuture<StoredTokens> inFlight;
    private RuntimeException lastFailure;
    private Instant lastFailureAt;

    InstanceCredentials(String instanceId, OAuthSettings settings, Vault vault, TokenClient client, Clock clock, Duration ahead,
            BiConsumer<String, String> needsAuthorization) {
        this.instanceId = instanceId;
        this.settings = settings;
        this.vault = vault;
        this.client = client;
        this.clock = clock;
        this.ahead = ahead;
        this.needsAuthorization = needsAuthorization;
        this.rateLimitKey = "oauth:" + fingerprint(settings.tokenEndpoint() + "|" + settings.clientId() + "|"
                + (settings.grant() == Grant.AUTHORIZATION_CODE ? instanceId // each authorization is its own user's
                        : settings.grant() == Grant.JWT_BEARER ? String.valueOf(settings.assertion().subject()) : ""));
        this.current = load();
    }

    OAuthSettings settings() {
        return settings;
    }

    @Override
    public Request authenticate(Request request) {
        StoredTokens tokens = usable();
        sent.put(Thread.currentThread(), tokens);
        return request.withHeader("Authorization", "Bearer " + tokens.accessToken());
    }

    /**
     * After a 401: new tokens, unless someone renewed them since this thread's request (then those).
     *
     * @throws AuthorizationRequiredException when the instance must be authorized again
     * @throws TokenException when no token can be had now
     */
    @Override
    public boolean refresh() {
        StoredTokens used = sent.remove(Thread.currentThread());
        renew(used != null ? used : snapshot());
        return true;
    }

    @Override
    public String rateLimitKey() {
        return rateLimitKey;
    }

    /** A person authorized the instance again: these tokens (already in the vault) replace whatever was refused. */
    synchronized void connected(StoredTokens tokens) {
        current = tokens;
        refused = null;
        lastFailure = null;
    }

    private synchronized StoredTokens snapshot() {
        return current;
    }

    /** The current tokens, renewed first when they are due; tokens still valid are used if their renewal fails for now. */
    private StoredTokens usable() {
        StoredTokens tokens = snapshot();
        Instant now = clock.instant();
        if (tokens != null && !tokens.due(now, ahead)) {
            return tokens;
        }
        try {
            return renew(tokens);
        } catch (TokenException e) {
            if (tokens != null && !tokens.expired(clock.instant()) && passing(e)) {
                LOG.warn("Instance {}: {}; its token stays in use until it expires at {}", instanceId, e.getMessage(), tokens.expires());
                return tokens;
            }
            throw e;
        }
    }

    /**
     * New tokens in place of {@code stale}: from a renewal this call runs itself, or from the one
     * running already, or from one that finished since {@code stale} was read.
     */
    private StoredTokens renew(StoredTokens stale) {
        CompletableFuture<StoredTokens> flight;
        boolean leader = false;
        synchronized (this) {
            if (refused != null) {
                throw new AuthorizationRequiredException(instanceId, refused);
            }
            if (current != null && current != stale && !current.due(clock.instant(), ahead)) {
                return current; // renewed meanwhile
            }
            if (inFlight == null) {
                if (lastFailure != null && current == stale && clock.instant().isBefore(lastFailureAt.plus(COOLDOWN))) {
                    // it failed a moment ago for a reason that may pass: no storm of requests meanwhile
                    throw again(lastFailure);
                }
                inFlight = new CompletableFuture<>();
                leader = true;
            }
            flight = inFlight;
        }
        if (leader) {
            lead(flight);
        }
        return await(flight);
    }

    private void lead(CompletableFuture<StoredTokens> flight) {
        try {
            // from the latest tokens, not the caller's: its refresh token may have been rotated away since
            StoredTokens fresh = obtain(snapshot());
            // durable before it is used: a rotated refresh token is never only in memory
            try {
                vault.put(instanceId, StoredTokens.VAULT_NAME, fresh.toJson());
            } catch (RuntimeException e) {
                LOG.error("Instance {}: new tokens could not be stored in the vault, so they are not used: {}", instanceId, e.getMessage());
                throw new TokenException(null, "the new tokens of instance " + instanceId + " could not be stored in the vault: "
                        + e.getMessage(), e);
            }
            synchronized (this) {
                current = fresh;
                inFlight = null;
                lastFailure = null;
            }
            LOG.debug("Instance {}: new access token, valid until {}", instanceId, fresh.expires());
            flight.complete(fresh);
        } catch (RuntimeException e) {
            synchronized (this) {
                inFlight = null;
                if (e instanceof AuthorizationRequiredException) {
                    refused = e.getMessage();
                } else {
                    lastFailure = e;
                    lastFailureAt = clock.instant();
                }
            }
            flight.completeExceptionally(e);
        }
    }

    /** Asks the provider for tokens to replace {@code base}; a refused refresh token makes the instance wait for a person. */
    private StoredTokens obtain(StoredTokens base) {
        if (settings.grant() != Grant.AUTHORIZATION_CODE) {
            return client.request(instanceId, settings);
        }
        if (base == null || base.refreshToken() == null) {
            String why = base == null
                    ? "Instance " + instanceId + " is not connected to " + settings.authorizationEndpoint().getHost() + " yet."
                    : "Instance " + instanceId + "'s access token expired and " + settings.tokenEndpoint().getHost()
                            + " gave no refresh token to renew it.";
            throw pause(why);
        }
        try {
            return base.renewedBy(client.refresh(instanceId, settings, base.refreshToken()));
        } catch (TokenException e) {
            if (!"invalid_grant".equals(e.error())) {
                throw e;
            }
            // revoked or expired for good: forget it, so nothing uses it again
            vault.delete(instanceId, StoredTokens.VAULT_NAME);
            throw pause("Instance " + instanceId + " needs re-authorization: its refresh token was revoked or has expired ("
                    + e.getMessage() + ").");
        }
    }

    private AuthorizationRequiredException pause(String why) {
        String message = why + " Its syncs are paused: run 'bin/tributary authorize " + instanceId
                + "' and approve access in a browser to resume them.";
        LOG.warn("{}", message);
        needsAuthorization.accept(instanceId, message);
        return new AuthorizationRequiredException(instanceId, message);
    }

    private StoredTokens await(CompletableFuture<StoredTokens> flight) {
        try {
            return flight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException(null, "interrupted while waiting for the token of instance " + instanceId, e);
        } catch (ExecutionException e) {
            throw again(e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause()));
        }
    }

    /** The failure again, for this caller (its own stack, the same message). */
    private RuntimeException again(RuntimeException e) {
        if (e instanceof AuthorizationRequiredException a) {
            return new AuthorizationRequiredException(a.instanceId(), a.getMessage());
        }
        if (e instanceof TokenException t) {
            return new TokenException(t.error(), t.getMessage(), t);
        }
        return new TokenException(null, "the token of instance " + instanceId + " could not be had: " + e.getMessage(), e);
    }

    /** A failure that may pass by itself: the endpoint unreachable or failing, not a refusal. */
    private static boolean passing(TokenException e) {
        return e.error() == null || e.error().equals("server_error") || e.error().equals("temporarily_unavailable");
    }

    private StoredTokens load() {
        return vault.get(instanceId, StoredTokens.VAULT_NAME).map(json -> {
            try {
                return StoredTokens.fromJson(json);
            } catch (IllegalStateException e) {
                LOG.warn("Instance {}: {}; new ones are requested", instanceId, e.getMessage());
                return null;
            } finally {
                Arrays.fill(json, '\0');
            }
        }).orElse(null);
    }

    private static String fingerprint(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "OAuth " + settings.grant().name().toLowerCase(Locale.ROOT) + " credentials of " + instanceId + " (redacted)";
    }
}
