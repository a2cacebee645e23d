package dev.tributary.api.oauth;

import dev.tributary.api.http.Credentials;
import java.net.URI;
import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * OAuth 2.0 tokens for connector instances, kept in the vault. A connector asks for
 * {@link #credentials} and hands them to its HTTP client
 * ({@code ctx.http(oauth.credentials(ctx.instanceId(), settings))}); they add the access token to
 * each request, refresh it ahead of its expiry and once after a 401, and persist what the provider
 * answers (a rotated refresh token included) before the new access token is used.
 * <p>
 * Static API keys and personal access tokens are not OAuth: use {@link Credentials#token(String, char[])}
 * (e.g. {@code Credentials.token("Bearer", ctx.secret("token").orElseThrow())}) or
 * {@link Credentials#header(String, String)}.
 */
@ProviderType
public interface OAuthService {

    /**
     * Credentials for {@code instanceId} that keep themselves valid. Calls with the same instance and
     * settings return credentials sharing one set of tokens: however many threads use them, one refresh
     * at a time is sent, and the others wait for its result.
     * <ul>
     * <li>{@link OAuthSettings.Grant#AUTHORIZATION_CODE}: the tokens come from a person's approval
     * ({@link #authorize}). Before that, or once the provider refuses the refresh token
     * ({@code invalid_grant}: revoked or expired), using them throws {@link AuthorizationRequiredException}
     * and the instance is paused as {@code needs-authorization} until it is authorized again.</li>
     * <li>{@link OAuthSettings.Grant#CLIENT_CREDENTIALS} and {@link OAuthSettings.Grant#JWT_BEARER}: a new
     * token is requested when the last one is about to expire or was refused.</li>
     * </ul>
     * Failures to get a token surface from {@code authenticate} and {@code refresh} as
     * {@link AuthorizationRequiredException} or {@link TokenException}, with a message that says what
     * to do and holds no secret.
     */
    Credentials credentials(String instanceId, OAuthSettings settings);

    /**
     * Starts the authorization code flow for an instance whose connector is an {@link OAuthConnector}:
     * the URL a person opens to approve access. It carries a signed {@code state} that expires
     * after 10 minutes and works once, and a PKCE (S256) challenge; the provider then sends the
     * browser to {@link #redirectUri()}, where the host exchanges the code, stores the tokens and
     * resumes the instance's syncs.
     *
     * @throws IllegalArgumentException when there is no such instance running
     * @throws IllegalStateException    when its connector does not use the authorization code grant
     */
    Authorization authorize(String instanceId);

    /** Where providers send the browser back: {@code <host URL>/oauth/callback}, to be registered exactly so. */
    URI redirectUri();

    /**
     * An authorization to be approved.
     *
     * @param url         to open in a browser
     * @param redirectUri where the provider answers (register exactly this URI with the OAuth app)
     * @param expires     when the URL stops working
     */
    record Authorization(String instanceId, URI url, URI redirectUri, Instant expires) {}
}
