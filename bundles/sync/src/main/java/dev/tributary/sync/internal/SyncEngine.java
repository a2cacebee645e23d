package dev.tributary.sync.internal;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.SyncMode;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.http.HttpClients;
import dev.tributary.api.schedule.JobState;
import dev.tributary.api.schedule.Schedule;
import dev.tributary.api.schedule.Scheduler;
import dev.tributary.api.store.DocumentStore;
import dev.tributary.api.store.DocumentStore.RunCounts;
import dev.tributary.api.store.Run;
import dev.tributary.api.sync.InstanceInfo;
import dev.tributary.api.sync.Progress;
import dev.tributary.api.sync.RunCount;
import dev.tributary.api.sync.SyncService;
import dev.tributary.api.vault.Vault;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs connector instances. A connector registers one {@link Connector} service per instance
 * (a factory configuration such as {@code etc/dev.tributary.connector.filesystem~docs.cfg}); the
 * engine schedules each with the scheduler, and its job stops when the service goes away (the
 * bundle stopped or was updated) and resumes when it comes back: a sync it interrupted is recorded
 * as {@code interrupted} and runs again, from its checkpoint, as soon as the instance's connector is
 * back (after the interrupted run has stopped: two runs of one instance never overlap). Deleting the instance's
 * configuration purges its documents and secrets: nothing outlives the permissions it was
 * synced with.
 */
@Component(name = "dev.tributary.sync", service = {SyncService.class, ConfigurationListener.class}, immediate = true)
public final class SyncEngine implements SyncService, ConfigurationListener {

    /** Service property of a connector's instance: when it runs by itself (default {@value #DEFAULT_SCHEDULE}). */
    static final String SCHEDULE = "schedule";
    static final String DEFAULT_SCHEDULE = "15m";
    static final String JITTER = "schedule.jitter";
    /** Service property naming the instance when the configuration's name does not. */
    static final String INSTANCE = "instance";

    /** Each store commit is a disk sync: a connector committing every few items would spend its time there. */
    static final Duration WRITE_EVERY = Duration.ofMillis(250);
    /** The logging context key naming the run ({@code <instance>#<run id>}) in every line logged during it. */
    public static final String RUN_MDC = "run";
    /**
     * The vault entry (in the instance's scope) that keeps an instance paused as needs-authorization
     * across restarts; it holds the message. Deleted with the instance, like its secrets.
     */
    static final String NEEDS_AUTHORIZATION = "sync.needs-authorization";

    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);

    private final DocumentStore store;
    private final Vault vault;
    private final Scheduler scheduler;
    private final Duration writeEvery;
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final Set<String> fullRequested = ConcurrentHashMap.newKeySet();
    /** Instances paused until a person authorizes them again → why, and how to fix it. */
    private final Map<String, String> needsAuthorization = new ConcurrentHashMap<>();
    /** Runs finished since the host started, by instance, mode and status (for metrics). */
    private final Map<RunKey, LongAdder> finished = new ConcurrentHashMap<>();
    /** The sync running for each instance (not webhook runs), for its progress. */
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Instances whose sync was running or queued when their connector went away: it resumes when one binds again. */
    private final Set<String> resumeOnBind = ConcurrentHashMap.newKeySet();
    /** Held by an instance's sync while it runs: a sync of a replaced connector may still be stopping when the next starts. */
    private final Map<String, ReentrantLock> runLocks = new ConcurrentHashMap<>();

    private record Running(long runId, String mode, RunContext context) {}
    /** The HTTP toolkit, when its bundle runs: connectors that need it fail their run with a clear message otherwise. */
    private volatile HttpClients http;

    private record Instance(String id, Connector connector, Map<String, Object> properties, String schedule, String factoryPid) {
        String sourceType() {
            return connector.descriptor().typeId();
        }
    }

    private record RunKey(String instanceId, String mode, String status) {}

    @Activate
    public SyncEngine(@Reference DocumentStore store, @Reference Vault vault, @Reference Scheduler scheduler) {
        this(store, vault, scheduler, WRITE_EVERY);
    }

    /**
     * @param writeEvery commits of a connector quicker than this are grouped into one store transaction;
     *                   {@link Duration#ZERO} writes each one (the test kit, to crash after any of them)
     */
    public SyncEngine(DocumentStore store, Vault vault, Scheduler scheduler, Duration writeEvery) {
        this.store = store;
        this.vault = vault;
        this.scheduler = scheduler;
        this.writeEvery = writeEvery;
    }

    @Deactivate
    void deactivate() {
        instances.keySet().forEach(id -> scheduler.unschedule(jobKey(id)));
        instances.clear();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindHttp(HttpClients toolkit) {
        this.http = toolkit;
    }

    public void unbindHttp(HttpClients toolkit) {
        if (this.http == toolkit) {
            this.http = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void bindConnector(Connector connector, Map<String, Object> properties) {
        String id = instanceId(properties);
        String factoryPid = string(properties.get("service.factoryPid"));
        String scheduleText = properties.containsKey(SCHEDULE) ? string(properties.get(SCHEDULE)) : DEFAULT_SCHEDULE;
        Schedule schedule;
        try {
            Duration jitter = properties.containsKey(JITTER) ? Schedule.duration(string(properties.get(JITTER))) : Duration.ofSeconds(30);
            schedule = Schedule.parse(scheduleText, jitter);
        } catch (IllegalArgumentException e) {
            LOG.error("Instance {} is not scheduled: {} (fix '{}' in its configuration)", id, e.getMessage(), SCHEDULE);
            schedule = Schedule.MANUAL;
        }
        Instance instance = new Instance(id, connector, Map.copyOf(properties), scheduleText, factoryPid);
        vault.get(id, NEEDS_AUTHORIZATION).ifPresent(message -> needsAuthorization.put(id, new String(message)));
        // a sync under way for the instance's previous service (its configuration changed) is interrupted by the new schedule
        boolean resume = busy(id) | resumeOnBind.remove(id);
        Instance previous = instances.put(id, instance);
        if (previous != null && previous.connector != connector) {
            LOG.warn("Two connector services claim instance {}: the newer replaces the older", id);
        }
        Instant lastRun = store.runs(id, 1).stream().findFirst().map(Run::started).orElse(null);
        scheduler.schedule(jobKey(id), schedule, lastRun, cancelled -> run(id, cancelled));
        LOG.info("Instance {} ({}) scheduled: {}", id, instance.sourceType(), scheduleText);
        if (resume) {
            LOG.info("Instance {}: its interrupted sync resumes from its checkpoint", id);
            scheduler.trigger(jobKey(id));
        }
    }

    void updatedConnector(Connector connector, Map<String, Object> properties) {
        bindConnector(connector, properties);
    }

    public void unbindConnector(Connector connector, Map<String, Object> properties) {
        String id = instanceId(properties);
        Instance current = instances.get(id);
        if (current != null && current.connector == connector && instances.remove(id, current)) {
            if (busy(id)) {
                resumeOnBind.add(id);
            }
            scheduler.unschedule(jobKey(id));
            LOG.info("Instance {} stopped: its connector went away (its documents stay)", id);
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() != ConfigurationEvent.CM_DELETED || event.getFactoryPid() == null) {
            return;
        }
        String pid = event.getPid();
        String id = pid.contains("~") ? pid.substring(pid.indexOf('~') + 1) : pid;
        boolean known = instances.values().stream().anyMatch(i -> event.getFactoryPid().equals(i.factoryPid)) || store.count(id) > 0;
        if (!known) {
            return;
        }
        scheduler.unschedule(jobKey(id));
        instances.remove(id);
        resumeOnBind.remove(id);
        runLocks.remove(id);
        needsAuthorization.remove(id);
        finished.keySet().removeIf(k -> k.instanceId().equals(id));
        var purged = store.purge(id);
        vault.deleteScope(id);
        store.audit("system", "instance.deleted", id, "configuration " + pid + " deleted; " + purged.deleted() + " document(s) purged");
        LOG.info("Instance {} deleted with its configuration: {} document(s) and its secrets purged", id, purged.deleted());
    }

    @Override
    public List<InstanceInfo> instances() {
        return instances.keySet().stream().sorted(Comparator.naturalOrder()).map(this::info).flatMap(Optional::stream).toList();
    }

    @Override
    public Optional<InstanceInfo> instance(String instanceId) {
        return info(instanceId);
    }

    @Override
    public boolean sync(String instanceId, boolean full) {
        if (!instances.containsKey(instanceId)) {
            return false;
        }
        String paused = needsAuthorization.get(instanceId);
        if (paused != null) {
            throw new IllegalStateException(paused);
        }
        if (full) {
            fullRequested.add(instanceId);
        }
        return scheduler.trigger(jobKey(instanceId));
    }

    @Override
    public boolean cancel(String instanceId) {
        return scheduler.cancel(jobKey(instanceId));
    }

    @Override
    public List<RunCount> runCounts() {
        return finished.entrySet().stream().map(e -> new RunCount(e.getKey().instanceId(), e.getKey().mode(), e.getKey().status(),
                e.getValue().sum())).sorted(Comparator.comparing(RunCount::instanceId).thenComparing(RunCount::mode)
                .thenComparing(RunCount::status)).toList();
    }

    @Override
    public Optional<Connector> connector(String instanceId) {
        return Optional.ofNullable(instances.get(instanceId)).map(Instance::connector);
    }

    @Override
    public boolean needsAuthorization(String instanceId, String message) {
        if (!instances.containsKey(instanceId)) {
            return false;
        }
        // durable first: a restart must not run it again with a credential known to be refused
        vault.put(instanceId, NEEDS_AUTHORIZATION, message.toCharArray());
        if (needsAuthorization.put(instanceId, message) == null) {
            store.audit("system", "instance.needs-authorization", instanceId, message);
            LOG.warn("Instance {} paused: {}", instanceId, message);
        }
        return true;
    }

    @Override
    public boolean authorized(String instanceId) {
        if (!instances.containsKey(instanceId)) {
            return false;
        }
        vault.delete(instanceId, NEEDS_AUTHORIZATION);
        if (needsAuthorization.remove(instanceId) != null) {
            store.audit("system", "instance.authorized", instanceId, "authorized again; syncs resumed");
            LOG.info("Instance {} authorized: its syncs resume", instanceId);
        }
        scheduler.trigger(jobKey(instanceId));
        return true;
    }

    private Optional<InstanceInfo> info(String id) {
        Instance i = instances.get(id);
        if (i == null) {
            return Optional.empty();
        }
        Optional<JobState> job = scheduler.state(jobKey(id));
        String paused = needsAuthorization.get(id);
        String state = paused != null ? InstanceInfo.NEEDS_AUTHORIZATION
                : job.map(j -> j.running() ? "running" : j.queued() ? "queued" : "idle").orElse("idle");
        Run last = store.runs(id, 1).stream().findFirst().orElse(null);
        HttpClients toolkit = http;
        Running r = running.get(id);
        Progress progress = r == null ? null : Progress.of(r.runId, r.mode, r.context.startedAt(), r.context.seen(), r.context.done(),
                r.context.total(), Instant.now());
        return Optional.of(new InstanceInfo(id, i.sourceType(), state, i.schedule, last,
                paused != null ? null : job.map(JobState::nextRun).orElse(null), store.count(id),
                toolkit == null ? null : toolkit.metrics(id).orElse(null), paused, progress));
    }

    /**
     * One run of one instance, recorded with its counts and error (public for the connector test kit).
     * It first waits for a run of the instance that is still stopping.
     */
    public void run(String id, BooleanSupplier cancelled) {
        ReentrantLock lock = runLocks.computeIfAbsent(id, k -> new ReentrantLock());
        if (!acquire(lock, id, cancelled)) {
            return;
        }
        try {
            runAlone(id, cancelled);
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the lock until it is free or the waiting run is cancelled. */
    private static boolean acquire(ReentrantLock lock, String id, BooleanSupplier cancelled) {
        try {
            boolean told = false;
            while (!lock.tryLock(100, TimeUnit.MILLISECONDS)) {
                if (cancelled.getAsBoolean()) {
                    return false;
                }
                if (!told) {
                    LOG.info("Instance {}: waiting for its previous run to stop", id);
                    told = true;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void runAlone(String id, BooleanSupplier cancelled) {
        Instance i = instances.get(id);
        if (i == null) {
            return;
        }
        if (needsAuthorization.containsKey(id)) {
            // no run, no request: only a person can fix its credential (bin/tributary authorize)
            LOG.debug("Instance {} not synced: it needs authorization", id);
            return;
        }
        boolean full = fullRequested.remove(id) || store.checkpoint(id).isEmpty();
        if (full) {
            store.resetCheckpoint(id);
        }
        SyncMode mode = full ? SyncMode.FULL : SyncMode.INCREMENTAL;
        execute(i, mode, full ? Optional.empty() : store.checkpoint(id), cancelled, false, ctx -> i.connector.sync(ctx));
    }

    @Override
    public Optional<WebhookReceiver.Accepted> verifyWebhook(String instanceId, WebhookDelivery delivery)
            throws WebhookReceiver.WebhookRejected {
        Instance i = instances.get(instanceId);
        if (i == null || !(i.connector instanceof WebhookReceiver receiver)) {
            return Optional.empty();
        }
        WebhookReceiver.Accepted accepted = receiver.verify(delivery, name -> vault.get(instanceId, name));
        if (accepted == null) {
            throw new IllegalStateException("connector " + i.sourceType() + " accepted a delivery without naming it (verify returned null)");
        }
        return Optional.of(accepted);
    }

    @Override
    public boolean processWebhook(String instanceId, WebhookDelivery delivery) throws Exception {
        Instance i = instances.get(instanceId);
        if (i == null || needsAuthorization.containsKey(instanceId)) {
            return false;
        }
        if (!(i.connector instanceof WebhookReceiver receiver)) {
            throw new IllegalStateException("instance " + instanceId + " (" + i.sourceType() + ") does not receive webhooks any more");
        }
        Thread worker = Thread.currentThread();
        Throwable failure = execute(i, SyncMode.INCREMENTAL, store.checkpoint(instanceId), worker::isInterrupted, true,
                ctx -> receiver.process(delivery, ctx));
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure.toString(), failure);
        }
        return true;
    }

    private interface Work {
        void run(RunContext context) throws Exception;
    }

    /**
     * Runs {@code work} as a recorded run: mode {@code webhook} for a webhook run (whose context never
     * commits the checkpoint and prunes nothing), else the sync mode.
     *
     * @return what it failed with, or null
     */
    private Throwable execute(Instance i, SyncMode mode, Optional<String> checkpoint, BooleanSupplier cancelled, boolean webhook, Work work) {
        String recordedMode = webhook ? "webhook" : mode.name().toLowerCase(java.util.Locale.ROOT);
        long runId = store.startRun(i.id, recordedMode);
        // every line logged on this thread during the run names it, whichever logger writes it
        MDC.put(RUN_MDC, i.id + "#" + runId);
        try {
            RunContext ctx = new RunContext(i.id, i.sourceType(), i.properties, mode, checkpoint, store, vault, () -> http, cancelled, writeEvery);
            if (webhook) {
                ctx.forWebhook();
            }
            String status;
            String error = null;
            Throwable failure = null;
            Running current = new Running(runId, recordedMode, ctx);
            if (!webhook) {
                running.put(i.id, current);
            }
            try {
                work.run(ctx);
                ctx.flush();
                if (cancelled.getAsBoolean()) {
                    status = stopped(i);
                    error = interruption(status);
                } else {
                    ctx.prune();
                    status = "succeeded";
                }
            } catch (Exception | LinkageError e) {
                failure = e;
                status = cancelled.getAsBoolean() ? stopped(i) : "failed";
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                try {
                    ctx.flush();
                } catch (RuntimeException flushFailed) {
                    e.addSuppressed(flushFailed);
                }
                if (!webhook) {
                    // a webhook's failure is reported by whoever retries it
                    ctx.log().error("Sync failed: {}", error, e);
                }
            }
            running.remove(i.id, current);
            var r = ctx.result();
            finished.computeIfAbsent(new RunKey(i.id, recordedMode, status), k -> new LongAdder()).increment();
            store.finishRun(runId, status, new RunCounts(ctx.seen(), r.added(), r.updated(), r.unchanged() + r.stale(), r.deleted(),
                    ctx.failedItems()), error);
            ctx.log().info("{} {} ({}): seen {}, added {}, updated {}, unchanged {}, deleted {}, failed {}", webhook ? "Webhook run" : "Sync",
                    status, recordedMode, ctx.seen(), r.added(), r.updated(), r.unchanged() + r.stale(), r.deleted(), ctx.failedItems());
            return failure;
        } finally {
            running.computeIfPresent(i.id, (id, r) -> r.runId == runId ? null : r);
            MDC.remove(RUN_MDC);
        }
    }

    /**
     * Why a cancelled run stopped: {@code cancelled} when a person asked, {@code interrupted} when the
     * instance's connector went away or was replaced (a bundle update, a configuration change).
     */
    private String stopped(Instance i) {
        return instances.get(i.id) == i ? "cancelled" : "interrupted";
    }

    private static String interruption(String status) {
        return status.equals("interrupted")
                ? "the instance's connector went away or changed during the run; the sync resumes from its last checkpoint when it is back"
                : null;
    }

    /** Whether the instance's sync is running or waiting for a slot. */
    private boolean busy(String id) {
        return scheduler.state(jobKey(id)).map(s -> s.running() || s.queued()).orElse(false);
    }

    static String instanceId(Map<String, Object> properties) {
        Object explicit = properties.get(INSTANCE);
        if (explicit != null && !explicit.toString().isBlank()) {
            return explicit.toString().trim();
        }
        String pid = string(properties.get("service.pid"));
        if (pid == null) {
            pid = string(properties.get("component.name")) + "." + properties.get("service.id");
        }
        return pid.contains("~") ? pid.substring(pid.indexOf('~') + 1) : pid;
    }

    private static String jobKey(String id) {
        return "sync:" + id;
    }

    private static String string(Object o) {
        if (o instanceof String[] a) {
            return a.length == 0 ? null : a[0];
        }
        return o == null ? null : o.toString();
    }
}
