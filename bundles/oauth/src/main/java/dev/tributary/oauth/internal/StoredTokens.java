package dev.tributary.oauth.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An instance's tokens as kept in the vault: one entry, written in one put, so the access token,
 * the refresh token it came with and its expiry never disagree.
 *
 * @param refreshToken null when the grant gives none (client credentials, JWT bearer)
 * @param obtained     when the provider issued them
 * @param expires      when the access token expires, or null when the provider did not say
 */
record StoredTokens(String accessToken, String refreshToken, String scope, Instant obtained, Instant expires) {

    /** The vault entry (in the instance's scope) holding them. */
    static final String VAULT_NAME = "oauth.tokens";

    /**
     * Whether the access token should be replaced now: within {@code ahead} of its expiry, or within
     * half its lifetime for short-lived tokens (a token valid 4 s is renewed 2 s before it expires).
     */
    boolean due(Instant now, Duration ahead) {
        if (expires == null) {
            return false;
        }
        Duration lifetime = Duration.between(obtained, expires);
        Duration margin = ahead.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : ahead;
        return !now.isBefore(expires.minus(margin));
    }

    boolean expired(Instant now) {
        return expires != null && !now.isBefore(expires);
    }

    /** These tokens with a new access token: a refresh that brings no refresh token keeps the old one (RFC 6749 §6). */
    StoredTokens renewedBy(StoredTokens fresh) {
        return fresh.refreshToken != null ? fresh
                : new StoredTokens(fresh.accessToken, refreshToken, fresh.scope != null ? fresh.scope : scope, fresh.obtained, fresh.expires);
    }

    char[] toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("access_token", accessToken);
        json.put("refresh_token", refreshToken);
        json.put("scope", scope);
        json.put("obtained_at", obtained.getEpochSecond());
        json.put("expires_at", expires == null ? null : expires.getEpochSecond());
        json.values().removeIf(v -> v == null);
        return JSONObjectUtils.toJSONString(json).toCharArray();
    }

    static StoredTokens fromJson(char[] text) {
        try {
            Map<String, Object> json = JSONObjectUtils.parse(new String(text));
            String access = JSONObjectUtils.getString(json, "access_token");
            if (access == null) {
                throw new ParseException("no access_token", 0);
            }
            return new StoredTokens(access, JSONObjectUtils.getString(json, "refresh_token"), JSONObjectUtils.getString(json, "scope"),
                    Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "obtained_at")),
                    json.get("expires_at") == null ? null : Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "expires_at")));
        } catch (ParseException | RuntimeException e) {
            // the message could quote the entry: say only where it failed
            throw new IllegalStateException("the stored OAuth tokens are unreadable (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String toString() {
        return "tokens (redacted; " + (refreshToken == null ? "no refresh token" : "with a refresh token") + ", expiring "
                + (expires == null ? "at an unknown time" : expires) + ")";
    }
}
