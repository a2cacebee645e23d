package dev.tributary.testkit.github;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** One request as an endpoint sees it: the authenticated user, path parameters and query. */
final class Call {
    final Account user;
    final String path;
    final Query query;
    final Map<String, String> params;
    final Map<String, String> headers;
    final Instant now;
    /** The docs page of the matched endpoint, GitHub's {@code documentation_url} for its errors. */
    final String docs;

    Call(Account user, String path, Query query, Map<String, String> params, Map<String, String> headers,
            Instant now, String docs) {
        this.user = user;
        this.path = path;
        this.query = query;
        this.params = params;
        this.headers = headers;
        this.now = now;
        this.docs = docs;
    }

    String param(String name) {
        return params.get(name);
    }

    /** A numeric path parameter; anything else names nothing that exists: 404. */
    long number(String name) {
        try {
            return Long.parseLong(params.get(name));
        } catch (NumberFormatException e) {
            throw notFound();
        }
    }

    Optional<String> query(String name) {
        return query.get(name);
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    Answer notFound() {
        return new Answer(Reply.notFound(docs));
    }
}
