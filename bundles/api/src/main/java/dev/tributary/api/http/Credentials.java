package dev.tributary.api.http;

/**
 * How requests are authenticated. Implementations keep the secret out of {@code toString()} and
 * logs; the OAuth service provides ones that refresh.
 */
public interface Credentials {

    /** {@code request} with what authenticates it (e.g. an {@code Authorization} header). */
    Request authenticate(Request request);

    /**
     * After a 401: gets fresh credentials if it can (an OAuth refresh). Returns true when the
     * request may be tried once more with them; the client never retries a 401 otherwise.
     */
    default boolean refresh() {
        return false;
    }

    /**
     * The key of the rate limit these credentials are subject to: every client created with the same
     * key shares one limit (sources count per credential, not per instance).
     */
    String rateLimitKey();

    /** No authentication; rate limited per {@code key} (e.g. the host). */
    static Credentials none(String key) {
        return new Credentials() {
            @Override
            public Request authenticate(Request request) {
                return request;
            }

            @Override
            public String rateLimitKey() {
                return key;
            }

            @Override
            public String toString() {
                return "no credentials";
            }
        };
    }

    /** {@code Authorization: <scheme> <token>}, e.g. a personal access token as {@code Bearer}. */
    static Credentials token(String scheme, char[] token) {
        return header("Authorization", scheme + " " + new String(token));
    }

    /** One header carrying a secret (an API key header, say). */
    static Credentials header(String name, String value) {
        String key = "sha256:" + Secrets.sha256(name + ":" + value);
        return new Credentials() {
            @Override
            public Request authenticate(Request request) {
                return request.withHeader(name, value);
            }

            @Override
            public String rateLimitKey() {
                return key;
            }

            @Override
            public String toString() {
                return name + " header (redacted)";
            }
        };
    }
}
