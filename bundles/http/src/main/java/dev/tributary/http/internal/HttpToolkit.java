package dev.tributary.http.internal;

import dev.failsafe.CircuitBreaker;
import dev.tributary.api.http.ClientSettings;
import dev.tributary.api.http.HttpClients;
import dev.tributary.api.http.SourceClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP toolkit service. Rate limits are shared per credential and circuit breakers per host
 * across every instance, as the sources count them.
 */
@Component(service = HttpClients.class)
public final class HttpToolkit implements HttpClients, RetryingClient.Toolkit {

    /** Consecutive failures that open a host's circuit, and how long it then stays open. */
    static final int BREAKER_FAILURES = 5;
    static final Duration BREAKER_OPEN = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(HttpToolkit.class);

    private final Clock clock;
    private final int breakerFailures;
    private final Duration breakerOpen;
    /** One JDK client per connect timeout (it is fixed when the client is built); each keeps its connections. */
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<String, CredentialGate> gates = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreaker<Object>> breakers = new ConcurrentHashMap<>();
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();

    public HttpToolkit() {
        this(Clock.systemUTC(), BREAKER_FAILURES, BREAKER_OPEN);
    }

    /** A toolkit on another clock: for tests against a fake source whose rate-limit resets are in its own time. */
    public HttpToolkit(Clock clock) {
        this(clock, BREAKER_FAILURES, BREAKER_OPEN);
    }

    HttpToolkit(Clock clock, int breakerFailures, Duration breakerOpen) {
        this.clock = clock;
        this.breakerFailures = breakerFailures;
        this.breakerOpen = breakerOpen;
    }

    @Override
    public SourceClient client(ClientSettings settings) {
        HttpClient http = clients.computeIfAbsent(settings.connectTimeout(), timeout -> HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
        CredentialGate gate = gates.computeIfAbsent(settings.credentials().rateLimitKey(),
                key -> new CredentialGate(clock, settings.requestsPerSecond()));
        return new RetryingClient(settings, http, gate, this, clock, counters.computeIfAbsent(settings.instanceId(), id -> new Counters()));
    }

    @Override
    public CircuitBreaker<Object> breaker(String host) {
        return breakers.computeIfAbsent(host, h -> CircuitBreaker.builder()
                .withFailureThreshold(breakerFailures)
                .withDelay(breakerOpen)
                .onOpen(e -> LOG.warn("Circuit for {} opened after {} failures in a row: no requests to it for {} s", h, breakerFailures,
                        breakerOpen.toSeconds()))
                .onClose(e -> LOG.info("Circuit for {} closed: it answers again", h))
                .build());
    }

    @Override
    public Map<String, String> circuits() {
        Map<String, String> states = new TreeMap<>();
        breakers.forEach((host, b) -> states.put(host, b.getState().name()));
        return states;
    }

    @Override
    public Optional<ClientMetrics> metrics(String instanceId) {
        Counters c = counters.get(instanceId);
        if (c == null) {
            return Optional.empty();
        }
        Map<String, String> states = new TreeMap<>();
        for (String host : c.hosts()) {
            CircuitBreaker<Object> b = breakers.get(host);
            states.put(host, b == null ? "CLOSED" : b.getState().name());
        }
        return Optional.of(c.snapshot(states));
    }

    @Deactivate
    void close() {
        clients.clear(); // the JDK clients end with their last reference (close() exists only from Java 21)
    }
}
