package dev.tributary.oauth.internal;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.JWTBearerGrant;
import dev.tributary.api.oauth.OAuthSettings;
import dev.tributary.api.oauth.OAuthSettings.Grant;
import dev.tributary.api.oauth.TokenException;
import dev.tributary.api.vault.Vault;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Requests to a provider's token endpoint (Nimbus OAuth 2.0 SDK): code exchange, refresh, client
 * credentials and JWT bearer. The client secret and the signing key are read from the instance's
 * vault scope for each request and not kept. Failures become {@link TokenException}s that name the
 * provider's error and never a secret.
 */
final class TokenClient {

    /** Longest part of a provider's error description quoted. */
    private static final int QUOTED = 300;

    private final Vault vault;
    private final Duration timeout;
    private final Clock clock;

    TokenClient(Vault vault, Duration timeout, Clock clock) {
        this.vault = vault;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The authorization code grant's second step: the code and the PKCE verifier for tokens. */
    StoredTokens exchange(String instanceId, OAuthSettings s, String code, CodeVerifier verifier, URI redirectUri) {
        return send(instanceId, s, new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier), false,
                "the exchange of the authorization code");
    }

    /** A new access token for a refresh token; the answer may rotate the refresh token. */
    StoredTokens refresh(String instanceId, OAuthSettings s, String refreshToken) {
        return send(instanceId, s, new RefreshTokenGrant(new RefreshToken(refreshToken)), false, "the token refresh");
    }

    /** A token by the client's own grant: client credentials, or a freshly signed JWT bearer assertion. */
    StoredTokens request(String instanceId, OAuthSettings s) {
        AuthorizationGrant grant;
        if (s.grant() == Grant.JWT_BEARER) {
            char[] key = secret(instanceId, s.assertion().privateKey(), "private key");
            try {
                grant = new JWTBearerGrant(Assertions.sign(s, key, clock.instant()));
            } catch (IllegalArgumentException e) {
                throw new TokenException(null, "instance " + instanceId + ": " + e.getMessage(), null);
            } finally {
                Arrays.fill(key, '\0');
            }
        } else {
            grant = new ClientCredentialsGrant();
        }
        return send(instanceId, s, grant, true, s.grant() == Grant.JWT_BEARER ? "the JWT bearer grant" : "the client credentials grant");
    }

    private StoredTokens send(String instanceId, OAuthSettings s, AuthorizationGrant grant, boolean scoped, String what) {
        TokenRequest.Builder builder;
        if (s.clientSecret() != null) {
            char[] secret = secret(instanceId, s.clientSecret(), "client secret");
            try {
                builder = new TokenRequest.Builder(s.tokenEndpoint(), new ClientSecretBasic(new ClientID(s.clientId()), new Secret(new String(secret))),
                        grant);
            } finally {
                Arrays.fill(secret, '\0');
            }
        } else if (s.grant() == Grant.JWT_BEARER) {
            builder = new TokenRequest.Builder(s.tokenEndpoint(), grant); // the assertion authenticates (RFC 7523 §2.1)
        } else {
            builder = new TokenRequest.Builder(s.tokenEndpoint(), new ClientID(s.clientId()), grant); // a public client: PKCE protects the code
        }
        if (scoped) {
            if (!s.scopes().isEmpty()) {
                builder.scope(new Scope(s.scopes().toArray(String[]::new)));
            }
            s.parameters().forEach(builder::customParameter);
        }
        HTTPRequest http = builder.build().toHTTPRequest();
        // GitHub's token endpoint answers form-encoded unless JSON is asked for; RFC 6749 answers are JSON anyway
        http.setAccept("application/json");
        http.setConnectTimeout((int) timeout.toMillis());
        http.setReadTimeout((int) timeout.toMillis());
        http.setFollowRedirects(false);
        String endpoint = s.tokenEndpoint().getHost();
        Instant sent = clock.instant();
        HTTPResponse response;
        try {
            response = http.send();
        } catch (IOException e) {
            throw new TokenException(null, what + " for instance " + instanceId + " failed: the token endpoint at " + endpoint
                    + " could not be reached (" + e.getClass().getSimpleName() + "); it is tried again on the next request", e);
        }
        TokenResponse parsed;
        try {
            parsed = TokenResponse.parse(response);
        } catch (ParseException e) {
            throw new TokenException(null, what + " for instance " + instanceId + " failed: the token endpoint at " + endpoint + " answered "
                    + response.getStatusCode() + " without an OAuth answer; it is tried again on the next request", null);
        }
        if (!parsed.indicatesSuccess()) {
            ErrorObject error = parsed.toErrorResponse().getErrorObject();
            String code = error.getCode() == null ? "error " + response.getStatusCode() : error.getCode();
            throw new TokenException(error.getCode(), what + " for instance " + instanceId + " was refused by " + endpoint + ": " + code
                    + describe(error.getDescription()), null);
        }
        AccessTokenResponse ok = parsed.toSuccessResponse();
        AccessToken access = ok.getTokens().getAccessToken();
        RefreshToken refresh = ok.getTokens().getRefreshToken();
        return new StoredTokens(access.getValue(), refresh == null ? null : refresh.getValue(),
                access.getScope() == null ? null : access.getScope().toString(), sent,
                access.getLifetime() > 0 ? sent.plusSeconds(access.getLifetime()) : null);
    }

    private char[] secret(String instanceId, String name, String what) {
        return vault.get(instanceId, name).orElseThrow(() -> new TokenException(null, "instance " + instanceId + " has no " + what + " '"
                + name + "' in the vault: set it with bin/tributary secret set " + instanceId + " " + name, null));
    }

    /** The provider's description, on one line and bounded (it is the provider's text, not a secret). */
    static String describe(String description) {
        if (description == null || description.isBlank()) {
            return "";
        }
        String text = description.replaceAll("\\p{Cntrl}+", " ").strip();
        return " (" + (text.length() > QUOTED ? text.substring(0, QUOTED) + "…" : text) + ")";
    }
}
