package dev.tributary.api.sync;

import dev.tributary.api.http.HttpClients.ClientMetrics;
import dev.tributary.api.store.Run;
import java.time.Instant;

/**
 * A configured connector instance as the host sees it.
 *
 * @param state     {@code idle}, {@code queued}, {@code running}, or {@code needs-authorization} (its
 *                  syncs are paused until a person approves access again: see {@code message})
 * @param schedule  as configured, e.g. {@code 15m}, {@code cron:0 3 * * *} or {@code manual}
 * @param lastRun   the latest recorded run, or null
 * @param nextRun   when it runs next by itself, or null
 * @param documents documents stored for it
 * @param http      its requests to remote sources since the host started, with the circuit of each
 *                  host it asked; null when it sent none
 * @param message   what people must do about its state (why it needs authorization, and how), or null
 * @param progress  how far its running sync is, or null when none runs (since 1.3)
 */
public record InstanceInfo(String instanceId, String sourceType, String state, String schedule, Run lastRun, Instant nextRun,
        long documents, ClientMetrics http, String message, Progress progress) {

    /** An instance with no sync running. */
    public InstanceInfo(String instanceId, String sourceType, String state, String schedule, Run lastRun, Instant nextRun,
            long documents, ClientMetrics http, String message) {
        this(instanceId, sourceType, state, schedule, lastRun, nextRun, documents, http, message, null);
    }

    /** The state of an instance whose syncs are paused until it is authorized again. @since 1.1 */
    public static final String NEEDS_AUTHORIZATION = "needs-authorization";

    /** An instance with nothing to tell people. */
    public InstanceInfo(String instanceId, String sourceType, String state, String schedule, Run lastRun, Instant nextRun,
            long documents, ClientMetrics http) {
        this(instanceId, sourceType, state, schedule, lastRun, nextRun, documents, http, null);
    }

    /** An instance that sent no HTTP request. */
    public InstanceInfo(String instanceId, String sourceType, String state, String schedule, Run lastRun, Instant nextRun,
            long documents) {
        this(instanceId, sourceType, state, schedule, lastRun, nextRun, documents, null, null);
    }
}
