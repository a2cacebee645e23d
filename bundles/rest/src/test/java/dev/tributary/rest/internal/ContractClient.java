package dev.tributary.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tributary.testkit.openapi.Exchange;
import dev.tributary.testkit.openapi.OpenApiContract;
import dev.tributary.testkit.openapi.Operation;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sends requests to a real {@link Api} as a client of {@code /api/v1} would (a bearer token, or a browser
 * session with its CSRF token), writes each answer as {@link ApiServlet} does, and checks every exchange
 * against the OpenAPI description, recording which operation answered which status.
 */
final class ContractClient {

    /** The description as this bundle packs and serves it. */
    static final OpenApiContract CONTRACT = OpenApiContract.parse(new String(OpenApiServlet.Description.BYTES, StandardCharsets.UTF_8));
    /** Configured as {@link ApiServlet}'s. */
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final String HOST = "127.0.0.1:8080";

    /** What a client saw. */
    record Answer(int status, JsonNode body, Map<String, String> headers) {}

    private final Api api;
    private final Map<String, Set<Integer>> covered;
    private String bearer;
    private String cookie;
    private String csrf;

    /** @param covered where to note {@code operationId → statuses} checked */
    ContractClient(Api api, Map<String, Set<Integer>> covered) {
        this.api = api;
        this.covered = covered;
    }

    ContractClient bearer(String token) {
        this.bearer = token;
        return this;
    }

    /** Signs in (and checks that exchange too); later requests carry the cookie and the CSRF token. */
    Answer signIn(String name, String password) {
        Answer a = json("POST", "/session", Map.of("name", name, "password", password));
        if (a.status() == 200) {
            String setCookie = a.headers().get("Set-Cookie");
            cookie = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
            csrf = a.body().get("csrfToken").asText();
        }
        return a;
    }

    Answer get(String target) {
        return send(request("GET", target));
    }

    Answer send(String method, String target) {
        return send(request(method, target));
    }

    Answer json(String method, String target, Map<String, Object> body) {
        return send(request(method, target).json(body));
    }

    Answer text(String method, String target, String body) {
        return send(request(method, target).header("Content-Type", "text/plain").text(body.toCharArray()));
    }

    /** A request to {@code target} (path below /api/v1 with its query) with this client's credentials. */
    ApiRequest request(String method, String target) {
        int q = target.indexOf('?');
        ApiRequest r = ApiRequest.of(method, q < 0 ? target : target.substring(0, q), query(q < 0 ? "" : target.substring(q + 1)))
                .from("10.0.0.7", false).header("Host", HOST);
        if (bearer != null) {
            r = r.header("Authorization", "Bearer " + bearer);
        }
        if (cookie != null) {
            r = r.cookie(Sessions.COOKIE, cookie);
            if (r.changes()) {
                r = r.header(Api.CSRF_HEADER, csrf).header("Sec-Fetch-Site", "same-origin");
            }
        }
        return r;
    }

    /** Sends a request, checks the exchange against the description, and answers what the client saw. */
    Answer send(ApiRequest r) {
        Api.Response response = api.handle(r);
        // as ApiServlet writes it: a stream is opened by EventStream (its events are not produced here), the rest is JSON
        boolean stream = response.body() instanceof Api.Stream;
        String body;
        try {
            body = stream ? "" : JSON.writeValueAsString(response.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("the answer cannot be written as JSON: " + e.getMessage(), e);
        }
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        if (response.status() == 401) {
            headers.put("WWW-Authenticate", "Bearer realm=\"tributary\"");
        }
        String contentType = stream ? "text/event-stream" : response.problem() ? "application/problem+json" : "application/json";
        String target = r.path() + queryString(r.params());
        CONTRACT.check(new Exchange(r.method(), target, response.status(), contentType, body, headers));
        CONTRACT.operation(r.method(), target).ifPresent(op -> covered.computeIfAbsent(op.operationId(), k -> new TreeSet<>())
                .add(response.status()));
        try {
            return new Answer(response.status(), stream ? JSON.getNodeFactory().nullNode() : JSON.readTree(body), headers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** Every documented operation, by operationId. */
    static Map<String, Operation> operations() {
        Map<String, Operation> byId = new LinkedHashMap<>();
        CONTRACT.operations().forEach(o -> byId.put(o.operationId(), o));
        return byId;
    }

    private static Map<String, List<String>> query(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                params.computeIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), k -> new ArrayList<>())
                        .add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return params;
    }

    private static String queryString(Map<String, List<String>> params) {
        StringBuilder s = new StringBuilder();
        params.forEach((name, values) -> values.forEach(v -> s.append(s.isEmpty() ? '?' : '&').append(encode(name)).append('=')
                .append(encode(v))));
        return s.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
