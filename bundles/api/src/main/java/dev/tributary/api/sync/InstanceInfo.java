package dev.tributary.api.sync;

import dev.tributary.api.http.HttpClients.ClientMetrics;
import dev.tributary.api.store.Run;
import java.time.Instant;

/**
 * A configured connector instance as the host sees it.
 *
 * @param state     {@code idle}, {@code queued} or {@code running}
 * @param schedule  as configured, e.g. {@code 15m}, {@code cron:0 3 * * *} or {@code manual}
 * @param lastRun   the latest recorded run, or null
 * @param nextRun   when it runs next by itself, or null
 * @param documents documents stored for it
 * @param http      its requests to remote sources since the host started, with the circuit of each
 *                  host it asked; null when it sent none
 */
public record InstanceInfo(String instanceId, String sourceType, String state, String schedule, Run lastRun, Instant nextRun,
        long documents, ClientMetrics http) {

    /** An instance that sent no HTTP request. */
    public InstanceInfo(String instanceId, String sourceType, String state, String schedule, Run lastRun, Instant nextRun,
            long documents) {
        this(instanceId, sourceType, state, schedule, lastRun, nextRun, documents, null);
    }
}
