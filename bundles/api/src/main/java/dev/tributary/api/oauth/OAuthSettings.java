package dev.tributary.api.oauth;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How one instance gets its OAuth tokens: which grant, where, as which client. Nothing here is a
 * secret: secrets are named by their name in the instance's vault scope (set with
 * {@code bin/tributary secret set <instance> <name>}), and read only when a token is requested.
 *
 * @param grant                 how tokens are obtained
 * @param authorizationEndpoint where people approve access ({@link Grant#AUTHORIZATION_CODE} only, else null)
 * @param tokenEndpoint         where tokens are requested and refreshed
 * @param clientId              the client (OAuth app) registered with the provider
 * @param clientSecret          the vault name of the client's secret (sent with HTTP Basic); null for a public
 *                              client (authorization code with PKCE alone) or a JWT bearer grant without client
 *                              authentication
 * @param scopes                what access is asked for; empty: the provider's default
 * @param parameters            extra parameters: added to the authorization request for
 *                              {@link Grant#AUTHORIZATION_CODE} (e.g. {@code audience}, {@code prompt=consent},
 *                              {@code access_type=offline}), to the token request otherwise (e.g. {@code audience})
 * @param assertion             the signed assertion of a {@link Grant#JWT_BEARER} grant, else null
 */
public record OAuthSettings(Grant grant, URI authorizationEndpoint, URI tokenEndpoint, String clientId, String clientSecret,
        List<String> scopes, Map<String, String> parameters, JwtAssertion assertion) {

    /** The grants the host implements. */
    public enum Grant {
        /**
         * A person approves access once in a browser ({@code bin/tributary authorize <instance>});
         * the host keeps the refresh token and refreshes the access token (RFC 6749 §4.1 with PKCE S256, RFC 7636).
         */
        AUTHORIZATION_CODE,
        /** The client authenticates as itself with its secret (RFC 6749 §4.4). */
        CLIENT_CREDENTIALS,
        /** A JWT signed with a private key from the vault is exchanged for a token (RFC 7523 §2.1). */
        JWT_BEARER
    }

    /**
     * The JWT a {@link Grant#JWT_BEARER} grant presents, signed with RS256 (an RSA key) or ES256 (an EC P-256 key).
     *
     * @param privateKey the vault name of the signing key: PEM PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}) or a
     *                   private JWK (JSON)
     * @param keyId      the {@code kid} header the provider knows the key by, or null
     * @param issuer     the {@code iss} claim; null: the client id
     * @param subject    the {@code sub} claim (e.g. the service account or the user acted for); null: the issuer
     * @param audience   the {@code aud} claim; null: the token endpoint
     * @param lifetime   how long an assertion is valid; null: 5 minutes
     */
    public record JwtAssertion(String privateKey, String keyId, String issuer, String subject, String audience, Duration lifetime) {
        public JwtAssertion {
            Objects.requireNonNull(privateKey, "privateKey (the vault name of the signing key)");
            lifetime = lifetime == null ? Duration.ofMinutes(5) : lifetime;
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("an assertion's lifetime must be positive");
            }
        }

        /** An assertion signed with the key named {@code privateKey}, with the default claims. */
        public static JwtAssertion signedWith(String privateKey) {
            return new JwtAssertion(privateKey, null, null, null, null, null);
        }
    }

    public OAuthSettings {
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        requireHttp(tokenEndpoint, "token endpoint");
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("an OAuth client id is needed (the app registered with the provider)");
        }
        if (grant == Grant.AUTHORIZATION_CODE) {
            Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint (the authorization code grant needs one)");
            requireHttp(authorizationEndpoint, "authorization endpoint");
        }
        if (grant == Grant.JWT_BEARER && assertion == null) {
            throw new IllegalArgumentException("a JWT bearer grant needs its assertion (the vault name of the signing key)");
        }
        if (grant == Grant.CLIENT_CREDENTIALS && clientSecret == null) {
            throw new IllegalArgumentException("the client credentials grant needs the vault name of the client secret");
        }
        clientSecret = clientSecret == null || clientSecret.isBlank() ? null : clientSecret;
        scopes = List.copyOf(scopes == null ? List.of() : scopes);
        parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    }

    /** Authorization code with PKCE; {@code clientSecret} is a vault name, or null for a public client. */
    public static OAuthSettings authorizationCode(URI authorizationEndpoint, URI tokenEndpoint, String clientId, String clientSecret,
            List<String> scopes) {
        return new OAuthSettings(Grant.AUTHORIZATION_CODE, authorizationEndpoint, tokenEndpoint, clientId, clientSecret, scopes, Map.of(),
                null);
    }

    /** Client credentials; {@code clientSecret} is a vault name. */
    public static OAuthSettings clientCredentials(URI tokenEndpoint, String clientId, String clientSecret, List<String> scopes) {
        return new OAuthSettings(Grant.CLIENT_CREDENTIALS, null, tokenEndpoint, clientId, clientSecret, scopes, Map.of(), null);
    }

    /** JWT bearer (RFC 7523), without client authentication. */
    public static OAuthSettings jwtBearer(URI tokenEndpoint, String clientId, JwtAssertion assertion, List<String> scopes) {
        return new OAuthSettings(Grant.JWT_BEARER, null, tokenEndpoint, clientId, null, scopes, Map.of(), assertion);
    }

    /** These settings with extra request parameters (see {@link #parameters()}). */
    public OAuthSettings withParameters(Map<String, String> extra) {
        return new OAuthSettings(grant, authorizationEndpoint, tokenEndpoint, clientId, clientSecret, scopes, extra, assertion);
    }

    /** These settings with the client authenticated by the secret of vault name {@code name} (null: none). */
    public OAuthSettings withClientSecret(String name) {
        return new OAuthSettings(grant, authorizationEndpoint, tokenEndpoint, clientId, name, scopes, parameters, assertion);
    }

    /**
     * Settings from an instance's configuration, for connectors that let ops choose the provider:
     * {@code oauth.grant} ({@code authorization_code} (default), {@code client_credentials} or {@code jwt_bearer}),
     * {@code oauth.authorizationEndpoint}, {@code oauth.tokenEndpoint}, {@code oauth.clientId},
     * {@code oauth.clientSecret} (the vault name; default {@code clientSecret}, empty for a public client),
     * {@code oauth.scopes} (separated by spaces or commas), {@code oauth.parameters.<name>} (each an extra
     * parameter), and for JWT bearer {@code oauth.jwt.privateKey} (vault name, default {@code privateKey}),
     * {@code oauth.jwt.keyId}, {@code oauth.jwt.issuer}, {@code oauth.jwt.subject}, {@code oauth.jwt.audience}.
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    public static OAuthSettings fromConfiguration(Map<String, ?> configuration) {
        String grantText = optional(configuration, "oauth.grant");
        grantText = grantText == null ? "authorization_code" : grantText;
        Grant grant;
        try {
            grant = Grant.valueOf(grantText.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("oauth.grant = '" + grantText + "': use authorization_code, client_credentials or jwt_bearer");
        }
        URI token = uri(configuration, "oauth.tokenEndpoint", true);
        URI authorization = uri(configuration, "oauth.authorizationEndpoint", grant == Grant.AUTHORIZATION_CODE);
        String clientId = optional(configuration, "oauth.clientId");
        if (clientId == null) {
            throw new IllegalArgumentException("oauth.clientId is not set: the client id of the app registered with the provider");
        }
        // absent: the usual name; present but empty: a public client
        String secret = configuration.containsKey("oauth.clientSecret") ? optional(configuration, "oauth.clientSecret")
                : grant == Grant.JWT_BEARER ? null : "clientSecret";
        List<String> scopes = new ArrayList<>();
        Object rawScopes = configuration.get("oauth.scopes");
        for (String s : rawScopes instanceof String[] a ? a : new String[] {rawScopes == null ? "" : rawScopes.toString()}) {
            for (String scope : s.split("[\\s,]+")) {
                if (!scope.isBlank()) {
                    scopes.add(scope);
                }
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        configuration.forEach((k, v) -> {
            if (k.startsWith("oauth.parameters.") && v != null) {
                parameters.put(k.substring("oauth.parameters.".length()), v instanceof String[] a && a.length > 0 ? a[0] : v.toString());
            }
        });
        JwtAssertion assertion = grant != Grant.JWT_BEARER ? null
                : new JwtAssertion(Objects.requireNonNullElse(optional(configuration, "oauth.jwt.privateKey"), "privateKey"),
                        optional(configuration, "oauth.jwt.keyId"), optional(configuration, "oauth.jwt.issuer"),
                        optional(configuration, "oauth.jwt.subject"), optional(configuration, "oauth.jwt.audience"), null);
        return new OAuthSettings(grant, authorization, token, clientId, secret, scopes, parameters, assertion);
    }

    /** The setting's value, trimmed; null when it is absent or blank. */
    private static String optional(Map<String, ?> c, String key) {
        Object v = c.get(key);
        if (v instanceof String[] a) {
            v = a.length == 0 ? null : a[0];
        }
        return v == null || v.toString().isBlank() ? null : v.toString().trim();
    }

    private static URI uri(Map<String, ?> c, String key, boolean required) {
        String v = optional(c, key);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException(key + " is not set: the provider's URL for it (see its OAuth documentation)");
            }
            return null;
        }
        try {
            return URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " = '" + v + "' is not a URL: " + e.getMessage());
        }
    }

    private static void requireHttp(URI uri, String what) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException("the " + what + " '" + uri + "' is not an absolute http(s) URL");
        }
    }
}
