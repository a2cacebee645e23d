package dev.tributary.connector.github.internal;

import java.lang.annotation.Annotation;
import java.net.URI;

/** Instance configurations for tests, as Configuration Admin would hand them over. */
final class Configs {
    private Configs() {}

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
            public Class<? extends Annotation> annotationType() { return GitHubConnector.Config.class; }
        };
    }
}
