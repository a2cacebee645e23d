package dev.tributary.api.http;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** The HTTP toolkit as a service: clients, and what they saw. */
@ProviderType
public interface HttpClients {

    /** A client for one instance; rate limits and circuits are shared with every other client. */
    SourceClient client(ClientSettings settings);

    /** State of every host's circuit breaker seen so far: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
    Map<String, String> circuits();

    /** What an instance's clients did since the host started. */
    ClientMetrics metrics(String instanceId);

    /**
     * Counters of one instance's requests.
     *
     * @param requests       requests sent (every attempt)
     * @param retries        attempts that repeated a transient failure
     * @param rateLimited    answers that were a rate limit (429, or 403 with the source's limit signs)
     * @param failures       requests given up (after retries, or permanent)
     * @param totalMillis    time spent in requests, for the mean latency
     * @param maxMillis      the slowest request
     */
    record ClientMetrics(long requests, long retries, long rateLimited, long failures, long totalMillis, long maxMillis) {
        public static final ClientMetrics NONE = new ClientMetrics(0, 0, 0, 0, 0, 0);

        public double meanMillis() {
            return requests == 0 ? 0 : (double) totalMillis / requests;
        }
    }
}
