package dev.tributary.webhooks.internal;

import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.api.store.WebhookInbox.Entry;
import dev.tributary.api.sync.InstanceInfo;
import dev.tributary.api.sync.SyncService;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works through the inbox: per instance its oldest pending delivery, one at a time, handed to the
 * sync engine (which runs it like a targeted sync). A failure is retried with exponential backoff and
 * full jitter; after the last attempt the delivery is a dead letter with its reason. A delivery of an
 * instance that is not running now (its bundle starts after this one, or is being updated) waits for
 * it without using up an attempt: the source was told it arrived, so it must not be lost.
 */
@Component(service = WebhookWorker.class, configurationPid = WebhooksConfig.PID, immediate = true)
@Designate(ocd = WebhooksConfig.class)
public final class WebhookWorker {

    /** How often the inbox is looked at when nothing woke the worker (a replay, an instance coming back). */
    static final Duration RECHECK = Duration.ofSeconds(5);
    private static final int HEADS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookWorker.class);

    /** What the worker needs from its configuration, in units tests can make small. */
    record Settings(int maxAttempts, Backoff backoff, int concurrency, Duration recheck) {
        static Settings of(WebhooksConfig c) {
            return new Settings(Math.max(1, c.maxAttempts()), new Backoff(Duration.ofSeconds(Math.max(1, c.firstRetryDelaySeconds())),
                    Duration.ofSeconds(Math.max(Math.max(1, c.firstRetryDelaySeconds()), c.maxRetryDelaySeconds())),
                    () -> ThreadLocalRandom.current().nextDouble()), Math.max(1, c.concurrency()), RECHECK);
        }
    }

    private final SyncService sync;
    private final WebhookInbox inbox;
    private final Settings settings;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Looks at the inbox so far (tests wait on it). */
    private final AtomicLong rounds = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean woken;
    private volatile boolean stopping;
    private final ExecutorService pool;
    private final Thread dispatcher;

    @Activate
    public WebhookWorker(@Reference SyncService sync, @Reference WebhookInbox inbox, WebhooksConfig config) {
        this(sync, inbox, Settings.of(config));
    }

    WebhookWorker(SyncService sync, WebhookInbox inbox, Settings settings) {
        this.sync = sync;
        this.inbox = inbox;
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "tributary-webhooks-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.dispatcher = new Thread(this::dispatch, "tributary-webhooks");
        dispatcher.setDaemon(true);
        dispatcher.start();
        LOG.info("Webhook worker started: {} attempt(s), retries after up to {} doubling to {}, {} instance(s) at once",
                settings.maxAttempts(), settings.backoff().first(), settings.backoff().max(), settings.concurrency());
    }

    /** Stops taking deliveries and interrupts those being processed: they stay pending and run again after the next start. */
    @Deactivate
    public void stop() {
        stopping = true;
        dispatcher.interrupt();
        pool.shutdownNow();
        try {
            dispatcher.join(TimeUnit.SECONDS.toMillis(10));
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("A webhook delivery was still being processed 10 s after it was interrupted; it stays pending");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Webhook worker stopped");
    }

    /** Something changed (a delivery was stored or finished): look at the inbox now rather than at the next recheck. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long rounds() {
        return rounds.get();
    }

    private void dispatch() {
        while (!stopping) {
            Instant now = Instant.now();
            Instant next = now.plus(settings.recheck());
            try {
                for (Entry head : inbox.heads(HEADS)) {
                    if (inFlight.contains(head.instanceId())) {
                        continue;
                    }
                    if (head.nextAttempt().isAfter(now)) {
                        next = head.nextAttempt().isBefore(next) ? head.nextAttempt() : next;
                        continue;
                    }
                    Optional<InstanceInfo> instance = sync.instance(head.instanceId());
                    if (instance.isEmpty() || InstanceInfo.NEEDS_AUTHORIZATION.equals(instance.get().state())) {
                        continue; // not running now, or paused until authorized: its deliveries wait for it
                    }
                    inFlight.add(head.instanceId());
                    pool.execute(() -> process(head));
                }
                rounds.incrementAndGet();
            } catch (RuntimeException e) {
                LOG.warn("Cannot read the webhook inbox ({}); trying again in {}", e.getMessage(), settings.recheck());
            }
            if (!await(next)) {
                return;
            }
        }
    }

    /** Waits until {@code until} or a wake-up; false when interrupted. */
    private boolean await(Instant until) {
        lock.lock();
        try {
            long nanos = Duration.between(Instant.now(), until).toNanos();
            while (!woken && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            woken = false;
            return true;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void process(Entry entry) {
        try {
            Optional<WebhookDelivery> delivery = inbox.delivery(entry.id());
            if (delivery.isEmpty()) {
                return; // processed or purged meanwhile
            }
            if (!sync.processWebhook(entry.instanceId(), delivery.get())) {
                return; // the instance went away: the delivery waits for it
            }
            inbox.done(entry.id());
            LOG.debug("Webhook delivery {} of {} ({}) processed", entry.deliveryId(), entry.instanceId(), entry.event());
        } catch (Exception e) {
            if (stopping) {
                return; // interrupted by the stop: stays pending, runs again after the next start
            }
            failed(entry, e);
        } finally {
            inFlight.remove(entry.instanceId());
            wake();
        }
    }

    private void failed(Entry entry, Exception e) {
        int attempt = entry.attempts() + 1;
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        try {
            if (attempt >= settings.maxAttempts()) {
                inbox.failed(entry.id(), reason, null);
                LOG.error("Webhook delivery {} of instance {} ({}) is a dead letter after {} attempt(s): {}. Fix the cause, then "
                        + "bin/tributary webhooks replay {}", entry.deliveryId(), entry.instanceId(), entry.event(), attempt, reason, entry.id());
            } else {
                Duration delay = settings.backoff().delay(attempt);
                inbox.failed(entry.id(), reason, Instant.now().plus(delay));
                LOG.warn("Webhook delivery {} of instance {} ({}) failed (attempt {} of {}); retrying in {} ms: {}", entry.deliveryId(),
                        entry.instanceId(), entry.event(), attempt, settings.maxAttempts(), delay.toMillis(), reason);
            }
        } catch (RuntimeException storeFailed) {
            LOG.warn("Webhook delivery {} of instance {} failed ({}) and the failure could not be recorded ({}); it stays pending",
                    entry.deliveryId(), entry.instanceId(), reason, storeFailed.getMessage());
        }
    }
}
