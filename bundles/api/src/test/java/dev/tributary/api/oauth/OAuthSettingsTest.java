package dev.tributary.api.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.oauth.OAuthSettings.Grant;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OAuthSettingsTest {

    @Test
    void anInstanceConfigurationGivesTheAuthorizationCodeGrantByDefault() {
        OAuthSettings s = OAuthSettings.fromConfiguration(Map.of(
                "oauth.authorizationEndpoint", "https://idp.example/authorize",
                "oauth.tokenEndpoint", " https://idp.example/token ",
                "oauth.clientId", "app",
                "oauth.scopes", new String[] {"read, write offline_access"},
                "oauth.parameters.audience", "api.example",
                "schedule", "15m"));
        assertThat(s.grant()).isEqualTo(Grant.AUTHORIZATION_CODE);
        assertThat(s.tokenEndpoint()).isEqualTo(URI.create("https://idp.example/token"));
        assertThat(s.clientSecret()).as("the usual vault name").isEqualTo("clientSecret");
        assertThat(s.scopes()).containsExactly("read", "write", "offline_access");
        assertThat(s.parameters()).containsExactly(Map.entry("audience", "api.example"));
        assertThat(s.assertion()).isNull();
    }

    @Test
    void anEmptyClientSecretMakesAPublicClientAndJwtBearerNamesItsKey() {
        Map<String, Object> publicClient = Map.of("oauth.authorizationEndpoint", "https://idp.example/a", "oauth.tokenEndpoint",
                "https://idp.example/t", "oauth.clientId", "app", "oauth.clientSecret", "");
        assertThat(OAuthSettings.fromConfiguration(publicClient).clientSecret()).isNull();

        OAuthSettings jwt = OAuthSettings.fromConfiguration(Map.of("oauth.grant", "jwt-bearer", "oauth.tokenEndpoint", "https://idp.example/t",
                "oauth.clientId", "svc@example", "oauth.jwt.subject", "ann@example", "oauth.jwt.keyId", "k1"));
        assertThat(jwt.grant()).isEqualTo(Grant.JWT_BEARER);
        assertThat(jwt.clientSecret()).isNull();
        assertThat(jwt.assertion()).isEqualTo(new OAuthSettings.JwtAssertion("privateKey", "k1", null, "ann@example", null, Duration.ofMinutes(5)));
    }

    @Test
    void whatIsMissingOrWrongIsNamed() {
        assertThatThrownBy(() -> OAuthSettings.fromConfiguration(Map.of("oauth.clientId", "app"))).hasMessageContaining("oauth.tokenEndpoint is not set");
        assertThatThrownBy(() -> OAuthSettings.fromConfiguration(Map.of("oauth.tokenEndpoint", "https://idp.example/t", "oauth.clientId", "a")))
                .hasMessageContaining("oauth.authorizationEndpoint is not set");
        assertThatThrownBy(() -> OAuthSettings.fromConfiguration(Map.of("oauth.grant", "password"))).hasMessageContaining("oauth.grant = 'password'");
        assertThatThrownBy(() -> OAuthSettings.clientCredentials(URI.create("ftp://idp.example/t"), "a", "s", List.of()))
                .hasMessageContaining("not an absolute http(s) URL");
        assertThatThrownBy(() -> OAuthSettings.clientCredentials(URI.create("https://idp.example/t"), "a", null, List.of()))
                .hasMessageContaining("vault name of the client secret");
    }
}
