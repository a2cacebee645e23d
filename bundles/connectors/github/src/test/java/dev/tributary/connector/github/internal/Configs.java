package dev.tributary.connector.github.internal;

import java.lang.annotation.Annotation;
import dev.tributary.http.internal.HttpToolkit;
import dev.tributary.testkit.ConnectorHarness;
import java.net.URI;
import java.util.Map;

/** Instance configurations for tests, as Configuration Admin would hand them over, and instances run from them. */
final class Configs {
    /** The token the fake GitHub of the tests knows. */
    static final String TOKEN = "t0k3n";

    private Configs() {}

    /** An instance of {@code config} in the test kit's harness, its token in the vault. */
    static ConnectorHarness harness(GitHubConnector.Config config, HttpToolkit http) {
        ConnectorHarness h = new ConnectorHarness(new GitHubConnector(config, "1.0.0"), Map.of(), http);
        h.vault().put(ConnectorHarness.INSTANCE, GitHubConnector.TOKEN, TOKEN.toCharArray());
        return h;
    }

    static GitHubConnector.Config of(URI apiUrl, String reconcileEvery, String... repositories) {
        return config(apiUrl, reconcileEvery, "token", "", repositories);
    }

    /** An instance authorized through a GitHub App or OAuth app with client id {@code clientId}. */
    static GitHubConnector.Config oauth(URI apiUrl, String clientId) {
        return config(apiUrl, "1d", "oauth", clientId, new String[0]);
    }

    private static GitHubConnector.Config config(URI apiUrl, String reconcileEvery, String auth, String clientId, String[] repositories) {
        return new GitHubConnector.Config() {
            public String apiUrl() { return apiUrl.toString(); }
            public String[] repositories() { return repositories.length == 0 ? new String[] {"*"} : repositories; }
            public String reconcileEvery() { return reconcileEvery; }
            public String schedule() { return "manual"; }
            public String auth() { return auth; }
            public String clientId() { return clientId; }
            public String scopes() { return "repo read:org"; }
            public String token() { return null; }
            public String clientSecret() { return null; }
            public String webhookSecret() { return null; }
            public Class<? extends Annotation> annotationType() { return GitHubConnector.Config.class; }
        };
    }
}
