package dev.tributary.itest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider's token endpoint as the host reaches it: mock-oauth2-server's, behind a gate that makes
 * refresh tokens single-use the way rotating providers do (a refresh token presented a second time is
 * answered 400 {@code invalid_grant} without asking the server) and records every grant — so a test
 * can count refreshes, see which refresh token each one used, and know every access token issued.
 */
final class RotatingTokenEndpoint implements AutoCloseable {

    /** One refresh request: when it was answered, whether it presented the newest refresh token, and what it got. */
    record Refresh(Instant answered, boolean presentedNewest, int status, String error) {
        boolean granted() {
            return status == 200;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final URI upstream;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Set<String> presented = ConcurrentHashMap.newKeySet();
    /** Access tokens issued → when they expire (their {@code exp}). */
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final List<Refresh> refreshes = new CopyOnWriteArrayList<>();
    private final AtomicInteger invalidGrants = new AtomicInteger();
    private volatile String newestRefreshToken;
    private volatile String newestAccessToken;

    RotatingTokenEndpoint(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    List<Refresh> refreshes() {
        return List.copyOf(refreshes);
    }

    int refreshCount() {
        return refreshes.size();
    }

    /** {@code invalid_grant} answers, the gate's and the server's. */
    int invalidGrants() {
        return invalidGrants.get();
    }

    /** When an access token issued here expires; empty for a token never issued here. */
    Optional<Instant> expiryOf(String accessToken) {
        return Optional.ofNullable(accessTokens.get(accessToken));
    }

    String newestAccessToken() {
        return newestAccessToken;
    }

    String newestRefreshToken() {
        return newestRefreshToken;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
            String used = "refresh_token".equals(form.get("grant_type")) ? form.get("refresh_token") : null;
            boolean newest = used != null && used.equals(newestRefreshToken);
            if (used != null && !presented.add(used)) {
                invalidGrants.incrementAndGet();
                refreshes.add(new Refresh(Instant.now(), newest, 400, "invalid_grant"));
                answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token already used\"}"
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpResponse<byte[]> answer = forward(exchange, body);
            JsonNode json = JSON.readTree(answer.body());
            String error = json.path("error").asText(null);
            if ("invalid_grant".equals(error)) {
                invalidGrants.incrementAndGet();
            }
            if (answer.statusCode() == 200) {
                String access = json.path("access_token").asText();
                accessTokens.put(access, expiry(access));
                newestAccessToken = access;
                if (json.hasNonNull("refresh_token")) {
                    newestRefreshToken = json.path("refresh_token").asText();
                }
            }
            if (used != null) {
                refreshes.add(new Refresh(Instant.now(), newest, answer.statusCode(), error));
            }
            answer(exchange, answer.statusCode(), answer.body());
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException {
        return TokenRelay.forward(http, upstream, exchange, body);
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Instant expiry(String jwt) {
        try {
            return SignedJWT.parse(jwt).getJWTClaimsSet().getExpirationTime().toInstant();
        } catch (ParseException e) {
            throw new IllegalStateException("the token server issued an access token that is not a JWT", e);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
