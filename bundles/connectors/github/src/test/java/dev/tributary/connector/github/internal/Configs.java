package dev.tributary.connector.github.internal;

import java.lang.annotation.Annotation;
import java.net.URI;

/** Instance configurations for tests, as Configuration Admin would hand them over. */
final class Configs {
    private Configs() {}

    static GitHubConnector.Config of(URI apiUrl, String reconcileEvery, String... repositories) {
        return new GitHubConnector.Config() {
            public String apiUrl() { return apiUrl.toString(); }
            public String[] repositories() { return repositories.length == 0 ? new String[] {"*"} : repositories; }
            public String reconcileEvery() { return reconcileEvery; }
            public String schedule() { return "manual"; }
            public Class<? extends Annotation> annotationType() { return GitHubConnector.Config.class; }
        };
    }
}
