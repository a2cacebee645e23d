package dev.tributary.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tributary.api.http.Credentials;
import dev.tributary.api.http.Request;
import dev.tributary.api.oauth.OAuthSettings;
import dev.tributary.api.oauth.OAuthSettings.JwtAssertion;
import dev.tributary.api.oauth.TokenException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Client credentials and JWT bearer (RFC 7523) against mock-oauth2-server: no person involved, a token whenever one is due. */
class ClientGrantsTest {

    static final String SERVICE = "svc";
    final OAuthWorld world;

    ClientGrantsTest() throws Exception {
        world = new OAuthWorld();
    }

    @AfterEach
    void close() throws Exception {
        world.close();
    }

    private static String bearer(Request authenticated) {
        return authenticated.headers().get("authorization").get(0).substring("Bearer ".length());
    }

    @Test
    void clientCredentialsAuthenticateTheClientWithItsSecretFromTheVaultAndKeepTheTokenUntilItIsDue() throws Exception {
        world.vault.put(SERVICE, "clientSecret", "cc-s3cret".toCharArray());
        OAuthSettings settings = OAuthSettings.clientCredentials(world.endpoint("token"), "svc-client", "clientSecret", List.of("read"))
                .withParameters(Map.of("audience", "crm-api"));
        Credentials credentials = world.host.credentials(SERVICE, settings);

        String token = bearer(credentials.authenticate(Request.get(world.api.url())));

        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("svc-client");
        Map<String, String> request = world.tokenRequests("client_credentials").get(0);
        assertThat(request).as("with the extra parameter").containsEntry("scope", "read").containsEntry("audience", "crm-api");
        assertThat(request.get(":authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("svc-client:cc-s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(world.vault.get(SERVICE, StoredTokens.VAULT_NAME)).as("kept in the vault").isPresent();

        assertThat(bearer(credentials.authenticate(Request.get(world.api.url())))).isEqualTo(token);
        assertThat(world.host.credentials(SERVICE, settings)).as("the same credentials for the same settings").isSameAs(credentials);
        assertThat(world.requests()).as("no request while the token is valid").isEmpty();

        assertThat(credentials.refresh()).isTrue(); // after a 401
        String renewed = bearer(credentials.authenticate(Request.get(world.api.url())));
        assertThat(renewed).isNotEqualTo(token);
        world.clock.advance(Duration.ofHours(1));
        assertThat(bearer(credentials.authenticate(Request.get(world.api.url())))).isNotEqualTo(renewed);
        assertThat(world.tokenRequests("client_credentials")).hasSize(2);
        assertThat(credentials.toString()).doesNotContain("cc-s3cret", token);
    }

    @Test
    void aTokenEndpointThatAnswersJsonOnlyWhenAskedIsAskedForJson() throws Exception {
        // GitHub's /login/oauth/access_token answers "access_token=…&token_type=bearer" unless Accept asks for JSON
        com.sun.net.httpserver.HttpServer github = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        github.createContext("/login/oauth/access_token", exchange -> {
            boolean json = exchange.getRequestHeaders().getOrDefault("Accept", List.of()).stream().anyMatch(a -> a.contains("application/json"));
            byte[] body = (json ? "{\"access_token\":\"gho_json\",\"token_type\":\"bearer\",\"scope\":\"repo\"}"
                    : "access_token=gho_form&token_type=bearer&scope=repo").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", json ? "application/json" : "application/x-www-form-urlencoded");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        github.start();
        try {
            world.vault.put(SERVICE, "clientSecret", "s".toCharArray());
            OAuthSettings settings = OAuthSettings.clientCredentials(
                    java.net.URI.create("http://127.0.0.1:" + github.getAddress().getPort() + "/login/oauth/access_token"), "gh-client",
                    "clientSecret", List.of());
            assertThat(bearer(world.host.credentials(SERVICE, settings).authenticate(Request.get(world.api.url())))).isEqualTo("gho_json");
        } finally {
            github.stop(0);
        }
    }

    @Test
    void aMissingClientSecretSaysHowToSetIt() {
        OAuthSettings settings = OAuthSettings.clientCredentials(world.endpoint("token"), "svc-client", "clientSecret", List.of());
        Credentials credentials = world.host.credentials("other", settings);
        assertThatThrownBy(() -> credentials.authenticate(Request.get(world.api.url()))).isInstanceOf(TokenException.class)
                .hasMessageContaining("instance other has no client secret 'clientSecret' in the vault")
                .hasMessageContaining("bin/tributary secret set other clientSecret");
    }

    @Test
    void jwtBearerSendsAnAssertionSignedWithThePrivateKeyFromTheVault() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        world.vault.put(SERVICE, "privateKey", pem.toCharArray());
        OAuthSettings settings = OAuthSettings.jwtBearer(world.endpoint("token"), "svc@example.iam",
                new JwtAssertion("privateKey", "key-1", null, "ann@example.com", null, null), List.of("read"));

        String token = bearer(world.host.credentials(SERVICE, settings).authenticate(Request.get(world.api.url())));

        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getSubject()).as("the provider acted on the assertion").isEqualTo("ann@example.com");
        Map<String, String> request = world.tokenRequests("urn:ietf:params:oauth:grant-type:jwt-bearer").get(0);
        assertThat(request).containsEntry("scope", "read").doesNotContainKey("client_id");
        assertThat(request.get(":authorization")).as("the assertion authenticates").isNull();
        SignedJWT assertion = SignedJWT.parse(request.get("assertion"));
        assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(assertion.getHeader().getKeyID()).isEqualTo("key-1");
        assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).as("signed with the key in the vault").isTrue();
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("svc@example.iam");
        assertThat(claims.getSubject()).isEqualTo("ann@example.com");
        assertThat(claims.getAudience()).containsExactly(world.endpoint("token").toString());
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant())).hasMinutes(5);
        assertThat(claims.getJWTID()).isNotBlank();
    }

    @Test
    void jwtBearerSignsWithAnEcKeyGivenAsAJwk() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        world.vault.put(SERVICE, "privateKey", key.toJSONString().toCharArray());
        OAuthSettings settings = OAuthSettings.jwtBearer(world.endpoint("token"), "svc-client", JwtAssertion.signedWith("privateKey"),
                List.of("read"));

        world.host.credentials(SERVICE, settings).authenticate(Request.get(world.api.url()));

        SignedJWT assertion = SignedJWT.parse(world.tokenRequests("urn:ietf:params:oauth:grant-type:jwt-bearer").get(0).get("assertion"));
        assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(assertion.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
        assertThat(assertion.getJWTClaimsSet().getSubject()).as("by default the client itself").isEqualTo("svc-client");
    }

    @Test
    void aKeyThatCannotSignIsNamedNeverQuoted() {
        world.vault.put(SERVICE, "privateKey", "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----".toCharArray());
        OAuthSettings settings = OAuthSettings.jwtBearer(world.endpoint("token"), "svc-client", JwtAssertion.signedWith("privateKey"),
                List.of("read"));
        assertThatThrownBy(() -> world.host.credentials(SERVICE, settings).authenticate(Request.get(world.api.url())))
                .isInstanceOf(TokenException.class).hasMessageContaining("'privateKey'").hasMessageContaining("openssl pkcs8 -topk8")
                .hasMessageNotContaining("MIIBOgIBAAJBAK");
        assertThat(world.requests()).isEmpty();
    }
}
