package dev.tributary.connector.github.internal;

import dev.tributary.api.oauth.OAuthSettings;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * GitHub's web application flow (docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/
 * generating-a-user-access-token-for-a-github-app): a person approves at {@code <web host>/login/oauth/authorize};
 * the code is exchanged at {@code <web host>/login/oauth/access_token}. A GitHub App's user tokens expire
 * after 8 hours and come with a rotating refresh token; an OAuth app's do not expire.
 */
final class OAuthApps {

    /** The client secret's name in the instance's vault scope. */
    static final String CLIENT_SECRET = "clientSecret";

    private OAuthApps() {}

    static OAuthSettings settings(URI apiUrl, String clientId, String scopes) {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("auth = oauth needs clientId: the GitHub App's or OAuth app's client ID");
        }
        URI web = webHost(apiUrl);
        List<String> scopeList = Arrays.stream(scopes.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
        return OAuthSettings.authorizationCode(web.resolve("login/oauth/authorize"), web.resolve("login/oauth/access_token"), clientId.trim(),
                CLIENT_SECRET, scopeList);
    }

    /** github.com for api.github.com; the same host for GitHub Enterprise Server ({@code https://host/api/v3/}). */
    static URI webHost(URI apiUrl) {
        String host = apiUrl.getHost();
        if (host.equals("api.github.com")) {
            return URI.create("https://github.com/");
        }
        String base = apiUrl.toString();
        int api = base.indexOf("/api/v3");
        return URI.create((api >= 0 ? base.substring(0, api) : base.replaceAll("/+$", "")) + "/");
    }
}
