package dev.tributary.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain JDK HTTP client speaking to the fake as a connector would; redirects are not followed. */
final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI base;
    private final String token;

    Api(FakeGitHub github, String token) {
        this.base = github.apiUrl();
        this.token = token;
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) {
        return send(base.resolve(pathAndQuery), headers);
    }

    HttpResponse<String> send(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("X-GitHub-Api-Version", "2022-11-28");
        if (!List.of(headers).contains("Accept")) {
            request.header("Accept", "application/vnd.github+json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode json(String pathAndQuery) {
        HttpResponse<String> response = get(pathAndQuery);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " → " + response.statusCode() + " " + response.body());
        }
        return parse(response);
    }

    /** Every item of a listing, following rel="next" links. */
    List<JsonNode> all(String pathAndQuery) {
        List<JsonNode> items = new ArrayList<>();
        URI next = base.resolve(pathAndQuery);
        while (next != null) {
            HttpResponse<String> page = send(next);
            if (page.statusCode() != 200) {
                throw new AssertionError("GET " + next + " → " + page.statusCode() + " " + page.body());
            }
            parse(page).forEach(items::add);
            next = next(page).map(URI::create).orElse(null);
        }
        return items;
    }

    static Optional<String> next(HttpResponse<?> response) {
        return response.headers().firstValue("link").map(NEXT::matcher).filter(Matcher::find).map(m -> m.group(1));
    }

    static JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long header(HttpResponse<?> response, String name) {
        return Long.parseLong(response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name)));
    }
}
