package dev.tributary.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.tributary.api.oauth.OAuthService;
import dev.tributary.api.oauth.OAuthSettings;
import dev.tributary.api.store.Run;
import dev.tributary.testkit.LogCapture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The authorization code flow with PKCE S256, against mock-oauth2-server, answered at /oauth/callback over real HTTP. */
class AuthorizationCodeTest {

    final OAuthWorld world;

    AuthorizationCodeTest() throws Exception {
        world = new OAuthWorld();
    }

    @AfterEach
    void close() throws Exception {
        world.close();
    }

    @Test
    void theHostStartsItTheCallbackExchangesTheCodeWithThePkceVerifierAndTheInstanceSyncs() throws Exception {
        OAuthService.Authorization authorization = world.host.authorize(OAuthWorld.INSTANCE);
        assertThat(authorization.redirectUri()).isEqualTo(world.hostUrl.resolve("/oauth/callback")).isEqualTo(world.host.redirectUri());
        Map<String, String> asked = OAuthWorld.query(authorization.url());
        assertThat(authorization.url().toString()).startsWith(world.endpoint("authorize") + "?");
        assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", "tributary-app")
                .containsEntry("redirect_uri", world.hostUrl + "oauth/callback").containsEntry("scope", "openid read")
                .containsEntry("code_challenge_method", "S256").containsKeys("state", "code_challenge");

        try (LogCapture log = new LogCapture()) {
            HttpResponse<String> provider = world.browser.send(java.net.http.HttpRequest.newBuilder(authorization.url()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(provider.statusCode()).as("no login page: straight back to the host").isEqualTo(302);
            URI callback = URI.create(provider.headers().firstValue("Location").orElseThrow());
            assertThat(callback.toString()).startsWith(world.hostUrl + "oauth/callback?");
            String code = OAuthWorld.query(callback).get("code");

            HttpResponse<String> page = world.get(callback);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(page.body()).contains("Instance crm is connected", "resumes its syncs now")
                    .doesNotContain(code, asked.get("state"));

            Map<String, String> exchange = world.tokenRequests("authorization_code").get(0);
            assertThat(exchange).containsEntry("code", code).containsEntry("redirect_uri", world.hostUrl + "oauth/callback");
            CodeVerifier verifier = new CodeVerifier(exchange.get("code_verifier"));
            assertThat(CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue()).as("the verifier of the challenge sent")
                    .isEqualTo(asked.get("code_challenge"));
            assertThat(exchange.get(":authorization")).as("a confidential client authenticates with HTTP Basic").startsWith("Basic ");

            StoredTokens stored = world.stored();
            assertThat(stored.accessToken()).isNotBlank();
            assertThat(stored.refreshToken()).isNotBlank();
            assertThat(stored.expires()).isAfter(stored.obtained());
            assertThat(page.body()).doesNotContain(stored.accessToken(), stored.refreshToken());

            world.engine.run(OAuthWorld.INSTANCE, () -> false);
            Run run = world.store.runs(OAuthWorld.INSTANCE, 1).get(0);
            assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("succeeded");
            assertThat(world.api.presented).containsExactly(stored.accessToken());
            assertThat(String.join("\n", log.lines("INFO")) + String.join("\n", log.lines("WARN")))
                    .contains("Instance crm connected").doesNotContain(stored.accessToken(), stored.refreshToken(), code);
        }
    }

    @Test
    void aPublicClientAuthenticatesWithPkceAlone() throws Exception {
        world.settings = world.settings.withClientSecret(null);
        assertThat(world.connect().page().statusCode()).isEqualTo(200);
        Map<String, String> exchange = world.tokenRequests("authorization_code").get(0);
        assertThat(exchange).containsEntry("client_id", "tributary-app").containsKey("code_verifier");
        assertThat(exchange.get(":authorization")).isNull();
    }

    @Test
    void eachAnswerWorksOnceAndAForgedOrChangedStateChangesNothing() throws Exception {
        OAuthWorld.Connected first = world.connect();
        assertThat(first.page().statusCode()).isEqualTo(200);
        String tokens = world.stored().accessToken();

        HttpResponse<String> replay = world.get(first.callback());
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("Authorization failed", "already answered (each works once)",
                "bin/tributary authorize crm");

        URI tampered = URI.create(world.hostUrl + "oauth/callback?code=abc&state="
                + URLEncoder.encode("Z2g" + OAuthWorld.query(first.callback()).get("state").substring(4), StandardCharsets.UTF_8));
        HttpResponse<String> forged = world.get(tampered);
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("not issued by this host").doesNotContain("abc");

        assertThat(world.get(world.hostUrl.resolve("/oauth/callback?code=abc")).body()).contains("Not an authorization answer");
        assertThat(world.stored().accessToken()).as("nothing was changed").isEqualTo(tokens);
        assertThat(world.tokenRequests("authorization_code")).as("only the genuine answer was exchanged").hasSize(1);
    }

    @Test
    void anAnswerAfterTenMinutesIsRefused() throws Exception {
        URI url = world.host.authorize(OAuthWorld.INSTANCE).url();
        HttpResponse<String> provider = world.browser.send(java.net.http.HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofString());
        world.clock.advance(OAuthHost.STATE_TTL);

        HttpResponse<String> page = world.get(URI.create(provider.headers().firstValue("Location").orElseThrow()));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("The authorization of instance crm expired (it is valid for 10 minutes)");
        assertThat(world.stored()).isNull();
    }

    @Test
    void aRefusalAtTheProviderIsShownWithoutConnectingAnything() throws Exception {
        HttpResponse<String> page = answer("error=access_denied&error_description="
                + URLEncoder.encode("The <b>user</b> said no", StandardCharsets.UTF_8));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Instance crm was not connected", "access_denied", "The &lt;b&gt;user&lt;/b&gt; said no",
                "bin/tributary authorize crm").doesNotContain("<b>user");
        assertThat(world.stored()).isNull();
    }

    @Test
    void aCodeTheProviderRefusesIsShownAndNothingIsStored() throws Exception {
        HttpResponse<String> page = answer("code=made-up");

        assertThat(page.statusCode()).isEqualTo(502);
        assertThat(page.body()).contains("Instance crm was not connected", "invalid_grant").doesNotContain("made-up");
        assertThat(world.stored()).isNull();
    }

    @Test
    void onlyAnInstanceWhoseConnectorUsesTheAuthorizationCodeGrantCanBeAuthorized() {
        assertThatThrownBy(() -> world.host.authorize("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no connector instance 'nope'");
        world.settings = OAuthSettings.clientCredentials(world.endpoint("token"), "svc", "clientSecret", List.of());
        assertThatThrownBy(() -> world.host.authorize(OAuthWorld.INSTANCE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client_credentials grant: no person approves it");
        assertThat(world.host.pendingAuthorizations()).isZero();
    }

    @Test
    void anInstanceNeverConnectedIsPausedWithAMessageSayingWhatToRun() throws Exception {
        world.engine.run(OAuthWorld.INSTANCE, () -> false);

        Run run = world.store.runs(OAuthWorld.INSTANCE, 1).get(0);
        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.error()).contains("AuthorizationRequiredException", "is not connected to localhost yet",
                "run 'bin/tributary authorize crm'");
        assertThat(world.engine.instance(OAuthWorld.INSTANCE).orElseThrow().state()).isEqualTo("needs-authorization");
        assertThat(world.requests()).as("nothing was asked of the provider").isEmpty();

        assertThat(world.connect().page().body()).contains("resumes its syncs now");
        assertThat(world.engine.instance(OAuthWorld.INSTANCE).orElseThrow().state()).isEqualTo("idle");
        world.engine.run(OAuthWorld.INSTANCE, () -> false);
        assertThat(world.store.runs(OAuthWorld.INSTANCE, 1).get(0).status()).isEqualTo("succeeded");
    }

    /** Starts an authorization and answers it the way the provider would send the browser back: {@code parameters} and its state. */
    private HttpResponse<String> answer(String parameters) throws Exception {
        String state = OAuthWorld.query(world.host.authorize(OAuthWorld.INSTANCE).url()).get("state");
        return world.get(URI.create(world.hostUrl + "oauth/callback?" + parameters + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)));
    }
}
