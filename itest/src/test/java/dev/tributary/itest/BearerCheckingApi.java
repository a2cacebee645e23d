package dev.tributary.itest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A source's API at {@code /items} that takes a while to answer (as real ones do, so calls of several
 * threads overlap) and accepts only a bearer token its provider issued and that has not expired when
 * the request arrives; 401 otherwise. It records every call, what it refused and why, how many calls
 * it had at once, and the tokens it has seen.
 */
final class BearerCheckingApi implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService requests = Executors.newFixedThreadPool(8);
    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);
    private final Duration latency;
    /** Access token → when it expires, or empty when the provider never issued it. */
    private final Function<String, Optional<Instant>> issued;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    BearerCheckingApi(Function<String, Optional<Instant>> issued, Duration latency) throws IOException {
        this.issued = issued;
        this.latency = latency;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(requests);
        server.createContext("/items", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/items";
    }

    int calls() {
        return calls.get();
    }

    /** Why each refused call was refused (empty when every call carried a valid token). */
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    int mostAtOnce() {
        return mostAtOnce.get();
    }

    boolean hasSeen(String accessToken) {
        return accessToken != null && seen.contains(accessToken);
    }

    private void handle(HttpExchange exchange) {
        mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        calls.incrementAndGet();
        Instant arrived = Instant.now();
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String token = auth.startsWith("Bearer ") ? auth.substring(7) : "";
        seen.add(token);
        Optional<Instant> expires = issued.apply(token);
        String refusal = token.isEmpty() ? "no bearer token"
                : expires.isEmpty() ? "a token the provider never issued"
                : !expires.get().isAfter(arrived) ? "a token that expired at " + expires.get() + ", used at " + arrived : null;
        if (refusal != null) {
            refusals.add(refusal);
        }
        answers.schedule(() -> answer(exchange, refusal), latency.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void answer(HttpExchange exchange, String refusal) {
        try (exchange) {
            byte[] body = (refusal == null ? "The kumquat report, read with a fresh token" : "{\"error\":\"invalid_token\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(refusal == null ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        answers.shutdownNow();
        requests.shutdownNow();
    }
}
