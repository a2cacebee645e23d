package dev.tributary.api.connector;

import dev.tributary.api.http.Credentials;
import dev.tributary.api.http.SourceClient;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;
import org.slf4j.Logger;

/**
 * What the host hands a connector for one run of one instance. Not thread-safe: call it from the
 * thread that runs {@link Connector#sync(SyncContext)}.
 */
@ProviderType
public interface SyncContext {

    /** The instance's name, e.g. {@code docs}. */
    String instanceId();

    /** The instance's settings (never secrets: those come from {@link #secret(String)}). */
    Map<String, Object> configuration();

    SyncMode mode();

    /** When this run started; a full run may use it as its next incremental cursor. */
    Instant startedAt();

    /** The cursor committed last; empty on a first or full run. */
    Optional<String> checkpoint();

    /** An item that is new or may have changed. Unchanged content is detected by the host. */
    void emit(Document document);

    /** An item that is gone at the source. */
    void delete(String externalId);

    /** One item could not be read: recorded in the run, skipped, and the run goes on. */
    void failed(String externalId, String reason);

    /**
     * Commits everything emitted and deleted since the last commit together with {@code checkpoint},
     * in one transaction: after a crash the next run starts from this checkpoint, with nothing lost
     * and nothing duplicated. Cheap to call often: commits that follow each other within a fraction
     * of a second are grouped into one transaction (a crash then resumes from the checkpoint before
     * the group), and the last one is written when {@code sync} returns.
     */
    void commit(String checkpoint);

    /**
     * For pruning: the connector names every id the source still has. After
     * {@link #listingComplete()}, stored documents it did not name are deleted when the run ends.
     * Without it (e.g. the listing broke off) nothing is deleted.
     */
    void listed(String externalId);

    void listingComplete();

    /**
     * The external ids stored for this instance that start with {@code prefix} (empty: all), as of
     * the last commit — for deleting what a source reports gone as a whole (a deleted repository, a
     * removed folder) without listing it.
     *
     * @since 1.1
     */
    Set<String> stored(String prefix);

    /**
     * An HTTP client for this run, authenticated by {@code credentials}: timeouts, retries, rate
     * limits (shared by everything using the same credential), a circuit breaker per host, paging and
     * redaction built in. Its waits end when the run is cancelled; its lines go to {@link #log()}.
     * Settings come from the instance's configuration ({@code http.connectTimeout},
     * {@code http.readTimeout}, {@code http.maxRetries}, {@code http.requestsPerSecond},
     * {@code http.maxRateLimitWait}).
     *
     * @throws IllegalStateException when the host's HTTP toolkit is not running
     * @since 1.1
     */
    SourceClient http(Credentials credentials);

    /** A secret of this instance from the vault (e.g. {@code token}), or empty. */
    Optional<char[]> secret(String name);

    /** Items done so far, and the total when known ({@code -1} otherwise). */
    void progress(long done, long total);

    /** True once the run was cancelled: commit what is done and return. */
    boolean isCancelled();

    /** A logger whose lines name the instance and the run. */
    Logger log();
}
