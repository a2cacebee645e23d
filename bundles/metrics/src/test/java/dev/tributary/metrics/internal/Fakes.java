package dev.tributary.metrics.internal;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.ConnectorDescriptor;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.http.ClientSettings;
import dev.tributary.api.http.HttpClients;
import dev.tributary.api.http.SourceClient;
import dev.tributary.api.search.IndexSize;
import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.search.SearchResult;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.sync.InstanceInfo;
import dev.tributary.api.sync.RunCount;
import dev.tributary.api.sync.SyncService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The services /metrics reads, as plain objects whose answers a test sets. */
final class Fakes {

    private Fakes() {}

    /** The sync engine: instances, their connectors (a webhook receiver or not), and run counts. */
    static final class Sync implements SyncService {
        final List<InstanceInfo> instances = new ArrayList<>();
        final Map<String, Connector> connectors = new LinkedHashMap<>();
        final List<RunCount> runCounts = new ArrayList<>();
        RuntimeException failure;

        Sync instance(String id, String type, String state, long documents, boolean receivesWebhooks) {
            instances.add(new InstanceInfo(id, type, state, "15m", null, null, documents));
            connectors.put(id, receivesWebhooks ? new Receiver(type) : new Plain(type));
            return this;
        }

        @Override
        public List<InstanceInfo> instances() {
            if (failure != null) {
                throw failure;
            }
            return List.copyOf(instances);
        }

        @Override
        public Optional<InstanceInfo> instance(String instanceId) {
            return instances.stream().filter(i -> i.instanceId().equals(instanceId)).findFirst();
        }

        @Override
        public List<RunCount> runCounts() {
            return List.copyOf(runCounts);
        }

        @Override
        public Optional<Connector> connector(String instanceId) {
            return Optional.ofNullable(connectors.get(instanceId));
        }

        // what /metrics never calls
        public boolean sync(String instanceId, boolean full) { throw new UnsupportedOperationException(); }
        public boolean cancel(String instanceId) { throw new UnsupportedOperationException(); }
        public Optional<WebhookReceiver.Accepted> verifyWebhook(String instanceId, WebhookDelivery delivery) { throw new UnsupportedOperationException(); }
        public boolean processWebhook(String instanceId, WebhookDelivery delivery) { throw new UnsupportedOperationException(); }
        public boolean needsAuthorization(String instanceId, String message) { throw new UnsupportedOperationException(); }
        public boolean authorized(String instanceId) { throw new UnsupportedOperationException(); }
    }

    private static class Plain implements Connector {
        private final String type;

        Plain(String type) {
            this.type = type;
        }

        @Override
        public ConnectorDescriptor descriptor() {
            return new ConnectorDescriptor(type, type, "1.0.0", ConnectorDescriptor.AuthKind.NONE, "dev.tributary.connector." + type, Set.of());
        }

        @Override
        public void sync(SyncContext context) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Receiver extends Plain implements WebhookReceiver {
        Receiver(String type) {
            super(type);
        }

        public Accepted verify(WebhookDelivery delivery, Function<String, Optional<char[]>> secrets) { throw new UnsupportedOperationException(); }
        public void process(WebhookDelivery delivery, SyncContext context) { throw new UnsupportedOperationException(); }
    }

    /** The HTTP toolkit: what each instance's clients did, and the circuits. */
    static final class Http implements HttpClients {
        final Map<String, ClientMetrics> metrics = new LinkedHashMap<>();
        final Map<String, String> circuits = new LinkedHashMap<>();

        @Override
        public SourceClient client(ClientSettings settings) {
            throw new UnsupportedOperationException();
        }

        /** Thrown by circuits(), after every instance's metrics were read. */
        RuntimeException failure;

        @Override
        public Map<String, String> circuits() {
            if (failure != null) {
                throw failure;
            }
            return Map.copyOf(circuits);
        }

        @Override
        public Optional<ClientMetrics> metrics(String instanceId) {
            return Optional.ofNullable(metrics.get(instanceId));
        }
    }

    /** The index: its size only. */
    static final class Search implements SearchService {
        IndexSize size;

        public SearchResult search(SearchRequest request) { throw new UnsupportedOperationException(); }
        public long rebuild() { throw new UnsupportedOperationException(); }
        public long appliedSequence() { return 0; }

        @Override
        public Optional<IndexSize> size() {
            return Optional.ofNullable(size);
        }
    }
}
