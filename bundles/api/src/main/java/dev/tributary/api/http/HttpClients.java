package dev.tributary.api.http;

import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The HTTP toolkit as a service: clients, and what they saw. */
@ProviderType
public interface HttpClients {

    /** A client for one instance; rate limits and circuits are shared with every other client. */
    SourceClient client(ClientSettings settings);

    /** State of every host's circuit breaker seen so far: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
    Map<String, String> circuits();

    /** What an instance's clients did since the host started, or empty when it sent no request. */
    Optional<ClientMetrics> metrics(String instanceId);

    /**
     * One instance's requests since the host started, and the circuits of the hosts it asked.
     *
     * @param requests       requests sent (every attempt)
     * @param retries        attempts that repeated a transient failure
     * @param rateLimited    answers that were a rate limit (429, or 403 with the source's limit signs)
     * @param failures       requests given up (after retries, or permanent)
     * @param meanMillis     mean time of a request
     * @param maxMillis      the slowest request
     * @param circuits       host → {@code CLOSED}, {@code OPEN} (not asked for a while) or {@code HALF_OPEN}
     */
    record ClientMetrics(long requests, long retries, long rateLimited, long failures, double meanMillis, long maxMillis,
            Map<String, String> circuits) {
        public ClientMetrics {
            circuits = Map.copyOf(circuits);
        }
    }
}
