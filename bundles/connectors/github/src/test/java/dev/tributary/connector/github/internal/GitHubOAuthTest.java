package dev.tributary.connector.github.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.connector.ConnectorDescriptor.AuthKind;
import dev.tributary.api.http.Credentials;
import dev.tributary.api.http.Request;
import dev.tributary.api.oauth.OAuthService;
import dev.tributary.api.oauth.OAuthSettings;
import dev.tributary.api.store.Run;
import dev.tributary.http.internal.HttpToolkit;
import dev.tributary.testkit.ConnectorHarness;
import dev.tributary.testkit.github.FakeGitHub;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A GitHub App / OAuth app instance: its settings point at GitHub's web flow, and its requests carry the OAuth service's token. */
class GitHubOAuthTest {

    @Test
    void theWebFlowIsGitHubsForGithubComAndTheServersOwnForEnterpriseServer() {
        OAuthSettings cloud = new GitHubConnector(Configs.oauth(URI.create("https://api.github.com/"), "Iv1.abc"), "1").oauthSettings();
        assertThat(cloud.grant()).isEqualTo(OAuthSettings.Grant.AUTHORIZATION_CODE);
        assertThat(cloud.authorizationEndpoint()).isEqualTo(URI.create("https://github.com/login/oauth/authorize"));
        assertThat(cloud.tokenEndpoint()).isEqualTo(URI.create("https://github.com/login/oauth/access_token"));
        assertThat(cloud.clientId()).isEqualTo("Iv1.abc");
        assertThat(cloud.clientSecret()).isEqualTo("clientSecret");
        assertThat(cloud.scopes()).containsExactly("repo", "read:org");

        OAuthSettings enterprise = new GitHubConnector(Configs.oauth(URI.create("https://git.acme.test/api/v3/"), "Iv1.abc"), "1")
                .oauthSettings();
        assertThat(enterprise.authorizationEndpoint()).isEqualTo(URI.create("https://git.acme.test/login/oauth/authorize"));
        assertThat(enterprise.tokenEndpoint()).isEqualTo(URI.create("https://git.acme.test/login/oauth/access_token"));
    }

    @Test
    void anOAuthInstanceNeedsAClientIdAndAPersonalTokenInstanceHasNoOAuthSettings() {
        assertThatThrownBy(() -> new GitHubConnector(Configs.oauth(URI.create("https://api.github.com/"), " "), "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientId");
        GitHubConnector pat = new GitHubConnector(Configs.of(URI.create("https://api.github.com/"), "1d"), "1");
        assertThat(pat.descriptor().auth()).isEqualTo(AuthKind.API_KEY);
        assertThatThrownBy(pat::oauthSettings).isInstanceOf(IllegalStateException.class).hasMessageContaining("personal access token");
    }

    @Test
    void itSyncsWithTheTokenTheOAuthServiceKeepsValid() {
        try (FakeGitHub fake = FakeGitHub.start()) {
            fake.token("gho_user_token", "octo");
            fake.repo("octo", "handbook", false).issue("Kumquat", "where?", "octo");
            List<String> asked = new ArrayList<>();
            OAuthService service = new OAuthService() {
                @Override
                public Credentials credentials(String instanceId, OAuthSettings settings) {
                    asked.add(instanceId + " " + settings.clientId());
                    return new Credentials() {
                        @Override
                        public Request authenticate(Request request) {
                            return request.withHeader("Authorization", "Bearer gho_user_token");
                        }

                        @Override
                        public String rateLimitKey() {
                            return "oauth:" + instanceId;
                        }
                    };
                }

                @Override
                public Authorization authorize(String instanceId) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public URI redirectUri() {
                    return URI.create("http://127.0.0.1/oauth/callback");
                }
            };
            GitHubConnector connector = new GitHubConnector(Configs.oauth(fake.apiUrl(), "Iv1.abc"), "1").withOAuth(service);
            assertThat(connector.descriptor().auth()).isEqualTo(AuthKind.OAUTH2);
            ConnectorHarness h = new ConnectorHarness(connector, Map.of(), new HttpToolkit());

            Run run = h.run();

            assertThat(run.status()).as("%s", run.error()).isEqualTo("succeeded");
            assertThat(asked).containsOnly(ConnectorHarness.INSTANCE + " Iv1.abc");
            assertThat(h.documents()).containsKey(Items.issueId("octo/handbook", 1));
        }
    }

    @Test
    void withoutTheOAuthServiceTheRunFailsSayingWhy() {
        try (FakeGitHub fake = FakeGitHub.start()) {
            ConnectorHarness h = new ConnectorHarness(new GitHubConnector(Configs.oauth(fake.apiUrl(), "Iv1.abc"), "1"), Map.of(),
                    new HttpToolkit());
            Run run = h.run();
            assertThat(run.status()).isEqualTo("failed");
            assertThat(run.error()).contains("OAuth service", "not running");
        }
    }
}
