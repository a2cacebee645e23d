package dev.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.ConnectorDescriptor;
import dev.tributary.api.connector.Document;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.connector.SyncMode;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.http.ClientSettings;
import dev.tributary.api.http.Credentials;
import dev.tributary.api.http.HttpClients;
import dev.tributary.api.http.Request;
import dev.tributary.api.http.Response;
import dev.tributary.api.http.SourceClient;
import dev.tributary.api.schedule.Job;
import dev.tributary.api.schedule.JobState;
import dev.tributary.api.schedule.Schedule;
import dev.tributary.api.schedule.Scheduler;
import dev.tributary.api.store.Run;
import dev.tributary.api.sync.InstanceInfo;
import dev.tributary.api.vault.Vault;
import dev.tributary.sync.internal.SyncEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SyncEngineTest {

    final MemoryDocumentStore store = new MemoryDocumentStore();
    final Map<String, char[]> secrets = new HashMap<>();
    final Map<String, Schedule> scheduled = new HashMap<>();
    final SyncEngine engine = new SyncEngine(store, vault(), scheduler());

    /** A source of documents the test edits between runs; it honours checkpoints like a real connector. */
    final Map<String, String> source = new HashMap<>();
    final List<String> checkpointsSeen = new ArrayList<>();
    RuntimeException failAfterFirstCommit;
    boolean completeListing = true;

    final Connector connector = new Connector() {
        @Override
        public ConnectorDescriptor descriptor() {
            return new ConnectorDescriptor("fake", "Fake", "1.0.0", ConnectorDescriptor.AuthKind.NONE, "dev.tributary.connector.fake", Set.of());
        }

        @Override
        public void sync(SyncContext ctx) {
            checkpointsSeen.add(ctx.checkpoint().orElse("<none>") + "/" + ctx.mode());
            int n = 0;
            for (var e : new java.util.TreeMap<>(source).entrySet()) {
                if (ctx.isCancelled()) {
                    return;
                }
                if (e.getValue().equals("BROKEN")) {
                    ctx.failed(e.getKey(), "unreadable");
                    continue;
                }
                ctx.emit(doc(e.getKey(), e.getValue()));
                ctx.listed(e.getKey());
                if (++n % 2 == 0) {
                    ctx.commit("after-" + e.getKey());
                    if (failAfterFirstCommit != null) {
                        throw failAfterFirstCommit;
                    }
                }
            }
            if (completeListing) {
                ctx.listingComplete();
            }
            ctx.commit("end");
        }
    };

    @Test
    void aFirstRunIsFullAndAFollowingRunIsIncrementalWithoutWritingUnchangedDocuments() {
        bind("docs");
        source.putAll(Map.of("a", "alpha", "b", "beta", "c", "gamma"));
        engine.run("docs", () -> false);
        assertThat(store.count("docs")).isEqualTo(3);
        Run first = store.runs("docs", 1).get(0);
        assertThat(first.status()).isEqualTo("succeeded");
        assertThat(first.mode()).isEqualTo("full");
        assertThat(first.added()).isEqualTo(3);

        int writes = store.writes();
        engine.run("docs", () -> false);
        Run second = store.runs("docs", 1).get(0);
        assertThat(second.mode()).isEqualTo("incremental");
        assertThat(second.unchanged()).isEqualTo(3);
        assertThat(store.writes()).as("an unchanged source causes no writes").isEqualTo(writes);
        assertThat(checkpointsSeen).containsExactly("<none>/FULL", "end/INCREMENTAL");

        source.put("b", "beta 2");
        engine.run("docs", () -> false);
        assertThat(store.runs("docs", 1).get(0).updated()).isEqualTo(1);
        assertThat(store.get("docs", "b").orElseThrow().document().text()).isEqualTo("beta 2");
    }

    @Test
    void aCrashAfterACheckpointResumesFromItWithNothingLostOrDuplicated() {
        bind("docs");
        source.putAll(Map.of("a", "1", "b", "2", "c", "3", "d", "4"));
        failAfterFirstCommit = new IllegalStateException("connection reset");
        engine.run("docs", () -> false);
        Run failed = store.runs("docs", 1).get(0);
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.error()).contains("connection reset");
        assertThat(store.checkpoint("docs")).hasValue("after-b");

        failAfterFirstCommit = null;
        engine.run("docs", () -> false);
        assertThat(checkpointsSeen.get(1)).isEqualTo("after-b/INCREMENTAL");
        assertThat(store.externalIds("docs")).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(store.documents()).hasSize(4);
    }

    @Test
    void pruningDeletesWhatTheSourceNoLongerListsButOnlyAfterACompleteListing() {
        bind("docs");
        source.putAll(Map.of("a", "1", "b", "2", "c", "3"));
        engine.run("docs", () -> false);
        source.remove("c");
        completeListing = false;
        engine.run("docs", () -> false);
        assertThat(store.externalIds("docs")).as("a partial listing deletes nothing").contains("c");
        completeListing = true;
        engine.run("docs", () -> false);
        assertThat(store.externalIds("docs")).containsExactlyInAnyOrder("a", "b");
        assertThat(store.runs("docs", 1).get(0).deleted()).isEqualTo(1);
    }

    @Test
    void everyRunOfAnInstanceLogsThroughTheInstancesOneLogger() {
        // the logging backend keeps each logger asked for until it stops: one per run would grow the heap with every run
        List<org.slf4j.Logger> loggers = new ArrayList<>();
        Connector logging = new Connector() {
            @Override
            public ConnectorDescriptor descriptor() {
                return connector.descriptor();
            }

            @Override
            public void sync(SyncContext ctx) {
                loggers.add(ctx.log());
                ctx.commit("end");
            }
        };
        Map<String, Object> props = new HashMap<>();
        props.put("service.pid", "dev.tributary.connector.fake~docs");
        props.put("schedule", "manual");
        engine.bindConnector(logging, props);
        for (int i = 0; i < 3; i++) {
            engine.run("docs", () -> false);
        }
        assertThat(loggers).hasSize(3).extracting(org.slf4j.Logger::getName).containsOnly("dev.tributary.sync.docs");
        assertThat(loggers.get(2)).isSameAs(loggers.get(0));
    }

    @Test
    void oneBadItemIsRecordedAndSkippedNotFatal() {
        bind("docs");
        source.putAll(Map.of("a", "1", "b", "BROKEN", "c", "3"));
        engine.run("docs", () -> false);
        Run run = store.runs("docs", 1).get(0);
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.failed()).isEqualTo(1);
        assertThat(store.externalIds("docs")).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void aCancelledRunIsRecordedAsCancelledAndPrunesNothing() {
        bind("docs");
        source.putAll(Map.of("a", "1", "b", "2"));
        engine.run("docs", () -> false);
        source.remove("b");
        AtomicBoolean cancelled = new AtomicBoolean(true);
        engine.run("docs", cancelled::get);
        assertThat(store.runs("docs", 1).get(0).status()).isEqualTo("cancelled");
        assertThat(store.externalIds("docs")).contains("b");
    }

    @Test
    void aFullResyncStartsWithoutACheckpoint() {
        bind("docs");
        source.put("a", "1");
        engine.run("docs", () -> false);
        assertThat(engine.sync("docs", true)).isTrue();
        engine.run("docs", () -> false);
        assertThat(checkpointsSeen).containsExactly("<none>/FULL", "<none>/FULL");
        assertThat(engine.sync("nope", false)).isFalse();
    }

    @Test
    void instancesAreNamedByTheirConfigurationAndScheduledFromIt() {
        Map<String, Object> props = new HashMap<>();
        props.put("service.pid", "dev.tributary.connector.fake~team-docs");
        props.put("service.factoryPid", "dev.tributary.connector.fake");
        props.put("schedule", "2h");
        engine.bindConnector(connector, props);
        assertThat(scheduled).containsKey("sync:team-docs");
        assertThat(scheduled.get("sync:team-docs").interval()).hasHours(2);
        assertThat(engine.instances()).extracting(i -> i.instanceId() + " " + i.sourceType() + " " + i.schedule())
                .containsExactly("team-docs fake 2h");
        engine.unbindConnector(connector, props);
        assertThat(scheduled).doesNotContainKey("sync:team-docs");
        assertThat(engine.instances()).isEmpty();
    }

    @Test
    void finishedRunsAreCountedByInstanceModeAndStatusUntilTheInstanceIsDeleted() {
        bind("docs");
        bind("wiki");
        source.putAll(Map.of("a", "1", "b", "2", "c", "3"));
        engine.run("docs", () -> false);
        engine.run("docs", () -> false);
        engine.run("docs", () -> true);
        failAfterFirstCommit = new IllegalStateException("connection reset");
        engine.run("docs", () -> false);
        engine.run("wiki", () -> false);

        assertThat(engine.runCounts()).extracting(c -> c.instanceId() + " " + c.mode() + " " + c.status() + " " + c.runs()).containsExactly(
                "docs full succeeded 1", "docs incremental cancelled 1", "docs incremental failed 1", "docs incremental succeeded 1",
                "wiki full failed 1");

        deleteConfiguration("docs");
        assertThat(engine.runCounts()).extracting(c -> c.instanceId() + " " + c.mode() + " " + c.status() + " " + c.runs())
                .containsExactly("wiki full failed 1");
    }

    private void deleteConfiguration(String id) {
        @SuppressWarnings("unchecked")
        var configAdmin = (org.osgi.framework.ServiceReference<org.osgi.service.cm.ConfigurationAdmin>) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {org.osgi.framework.ServiceReference.class}, (proxy, m, args) -> null);
        engine.configurationEvent(new org.osgi.service.cm.ConfigurationEvent(configAdmin, org.osgi.service.cm.ConfigurationEvent.CM_DELETED,
                "dev.tributary.connector.fake", "dev.tributary.connector.fake~" + id));
    }

    @Test
    void deletingTheInstanceConfigurationPurgesItsDocumentsAndSecrets() {
        bind("docs");
        source.put("a", "1");
        engine.run("docs", () -> false);
        secrets.put("docs/token", "t".toCharArray());
        deleteConfiguration("docs");
        assertThat(store.count("docs")).isZero();
        assertThat(secrets).isEmpty();
        assertThat(store.auditTrail()).anySatisfy(a -> assertThat(a).contains("instance.deleted docs"));
    }

    @Test
    void aConnectorGetsAnHttpClientWithItsInstanceSettingsAndAClearErrorWithoutTheToolkit() {
        List<ClientSettings> asked = new ArrayList<>();
        HttpClients toolkit = new HttpClients() {
            @Override
            public SourceClient client(ClientSettings settings) {
                asked.add(settings);
                return request -> new Response(200, request.uri(), Map.of(), new byte[0]);
            }

            @Override
            public Map<String, String> circuits() {
                return Map.of("api.example.test", "OPEN");
            }

            @Override
            public Optional<ClientMetrics> metrics(String instanceId) {
                return Optional.of(new ClientMetrics(3, 1, 0, 0, 12.5, 40, Map.of("api.example.test", "OPEN")));
            }
        };
        Connector remote = new Connector() {
            @Override
            public ConnectorDescriptor descriptor() {
                return new ConnectorDescriptor("remote", "Remote", "1.0.0", ConnectorDescriptor.AuthKind.API_KEY, "dev.tributary.connector.remote",
                        Set.of());
            }

            @Override
            public void sync(SyncContext ctx) throws Exception {
                ctx.http(Credentials.token("Bearer", "t".toCharArray())).send(Request.get("https://api.example.test/items"));
                ctx.listingComplete();
            }
        };
        Map<String, Object> props = new HashMap<>();
        props.put("service.pid", "dev.tributary.connector.remote~crm");
        props.put("schedule", "manual");
        props.put("http.readTimeout", "5s");
        props.put("http.requestsPerSecond", "2.5");
        engine.bindConnector(remote, props);

        engine.run("crm", () -> false);
        assertThat(store.runs("crm", 1).get(0).status()).isEqualTo("failed");
        assertThat(store.runs("crm", 1).get(0).error()).contains("HTTP toolkit", "not running");

        engine.bindHttp(toolkit);
        engine.run("crm", () -> false);
        assertThat(store.runs("crm", 1).get(0).status()).isEqualTo("succeeded");
        assertThat(asked).singleElement().satisfies(s -> {
            assertThat(s.instanceId()).isEqualTo("crm");
            assertThat(s.readTimeout()).hasSeconds(5);
            assertThat(s.requestsPerSecond()).isEqualTo(2.5);
            assertThat(s.connectTimeout()).as("default").hasSeconds(10);
        });
        assertThat(engine.instance("crm").orElseThrow().http().circuits()).as("the breaker's state shows in the instance's status")
                .containsEntry("api.example.test", "OPEN");

        props.put("http.readTimeout", "soon");
        engine.bindConnector(remote, props);
        engine.run("crm", () -> false);
        assertThat(store.runs("crm", 1).get(0).error()).contains("http.readTimeout", "soon", "not a duration");
    }

    @Test
    void anInstanceThatNeedsAuthorizationIsNotRunUntilAuthorizedAndStaysPausedAcrossARestart() throws Exception {
        bind("crm");
        source.put("a", "1");
        String message = "Instance crm needs re-authorization: its refresh token was revoked. Run 'bin/tributary authorize crm'.";
        assertThat(engine.needsAuthorization("crm", message)).isTrue();
        assertThat(engine.needsAuthorization("nope", message)).isFalse();

        engine.run("crm", () -> false);
        assertThat(checkpointsSeen).as("the connector is not called").isEmpty();
        assertThat(store.runs("crm", 10)).as("no run is recorded").isEmpty();
        assertThat(engine.instance("crm").orElseThrow()).satisfies(i -> {
            assertThat(i.state()).isEqualTo(InstanceInfo.NEEDS_AUTHORIZATION);
            assertThat(i.message()).isEqualTo(message);
        });
        assertThatThrownBy(() -> engine.sync("crm", false)).isInstanceOf(IllegalStateException.class).hasMessage(message);
        assertThat(engine.processWebhook("crm", new WebhookDelivery(Map.of(), new byte[0], Instant.now()))).as("deliveries wait").isFalse();
        assertThat(store.auditTrail()).anySatisfy(a -> assertThat(a).contains("instance.needs-authorization crm"));

        SyncEngine restarted = new SyncEngine(store, vault(), scheduler());
        Map<String, Object> props = new HashMap<>();
        props.put("service.pid", "dev.tributary.connector.fake~crm");
        props.put("schedule", "manual");
        restarted.bindConnector(connector, props);
        restarted.run("crm", () -> false);
        assertThat(checkpointsSeen).as("still paused after a restart").isEmpty();
        assertThat(restarted.instance("crm").orElseThrow().state()).isEqualTo(InstanceInfo.NEEDS_AUTHORIZATION);

        assertThat(restarted.authorized("crm")).isTrue();
        assertThat(restarted.instance("crm").orElseThrow()).satisfies(i -> {
            assertThat(i.state()).isEqualTo("idle");
            assertThat(i.message()).isNull();
        });
        restarted.run("crm", () -> false);
        assertThat(checkpointsSeen).containsExactly("<none>/FULL");
        assertThat(secrets).as("nothing of the pause is left").isEmpty();
        assertThat(restarted.connector("crm")).containsSame(connector);
        assertThat(restarted.connector("nope")).isEmpty();
    }

    private void bind(String id) {
        Map<String, Object> props = new HashMap<>();
        props.put("service.pid", "dev.tributary.connector.fake~" + id);
        props.put("service.factoryPid", "dev.tributary.connector.fake");
        props.put("schedule", "manual");
        engine.bindConnector(connector, props);
    }

    private static Document doc(String id, String text) {
        return Document.builder(id).title(id).text(text).url("fake://" + id).principals(Set.of("everyone")).build();
    }

    private Vault vault() {
        return new Vault() {
            public void put(String scope, String name, char[] secret) { secrets.put(scope + "/" + name, secret); }
            public Optional<char[]> get(String scope, String name) { return Optional.ofNullable(secrets.get(scope + "/" + name)); }
            public boolean delete(String scope, String name) { return secrets.remove(scope + "/" + name) != null; }
            public void deleteScope(String scope) { secrets.keySet().removeIf(k -> k.startsWith(scope + "/")); }
            public Set<String> names(String scope) { return Set.of(); }
            public void rotateMasterKey() { }
        };
    }

    private Scheduler scheduler() {
        return new Scheduler() {
            public void schedule(String key, Schedule schedule, Instant lastRun, Job job) { scheduled.put(key, schedule); }
            public void unschedule(String key) { scheduled.remove(key); }
            public boolean trigger(String key) { return scheduled.containsKey(key); }
            public boolean cancel(String key) { return false; }
            public Optional<JobState> state(String key) { return Optional.empty(); }
        };
    }
}
