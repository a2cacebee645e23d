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

    /**
     * A host's circuit opens when at least this share of its requests failed within {@link #BREAKER_PERIOD},
     * once it was asked at least {@link #BREAKER_REQUESTS} times: a host that is down, not one that loses a
     * good share of requests (a run rides that out with its retries). It then stays open this long.
     */
    static final int BREAKER_FAILURE_PERCENT = 80;
    static final int BREAKER_REQUESTS = 10;
    static final Duration BREAKER_PERIOD = Duration.ofSeconds(30);
    static final Duration BREAKER_OPEN = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(HttpToolkit.class);

    private final Clock clock;
    private final int breakerRequests;
    private final Duration breakerOpen;
    /** One JDK client per connect timeout (it is fixed when the client is built); each keeps its connections. */
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<String, CredentialGate> gates = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreaker<Object>> breakers = new ConcurrentHashMap<>();
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();

    public HttpToolkit() {
        this(Clock.systemUTC(), BREAKER_REQUESTS, BREAKER_OPEN);
    }

    /** A toolkit on another clock: for tests against a fake source whose rate-limit resets are in its own time. */
    public HttpToolkit(Clock clock) {
        this(clock, BREAKER_REQUESTS, BREAKER_OPEN);
    }

    HttpToolkit(Clock clock, int breakerRequests, Duration breakerOpen) {
        this.clock = clock;
        this.breakerRequests = breakerRequests;
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
                .withFailureRateThreshold(BREAKER_FAILURE_PERCENT, breakerRequests, BREAKER_PERIOD)
                .withDelay(breakerOpen)
                .onOpen(e -> LOG.warn("Circuit for {} opened: {} % or more of its last requests failed: no requests to it for {} s", h,
                        BREAKER_FAILURE_PERCENT, breakerOpen.toSeconds()))
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
