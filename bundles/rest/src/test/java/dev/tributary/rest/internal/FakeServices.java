package dev.tributary.rest.internal;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.search.SearchResult;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.sync.InstanceInfo;
import dev.tributary.api.sync.SyncService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The index and sync engine as the routes' tests need them: one instance {@code docs}, calls recorded. */
final class FakeServices {

    private FakeServices() {}

    /** Finds nothing, records each search; a rebuild finds 7 documents. */
    static SearchService search(Consumer<SearchRequest> searches) {
        return new SearchService() {
            public SearchResult search(SearchRequest r) {
                searches.accept(r);
                return new SearchResult(0, List.of(), Map.of());
            }
            public long rebuild() { return 7; }
            public long appliedSequence() { return 0; }
        };
    }

    /** One idle instance {@code docs}; records each sync asked for as {@code id} or {@code id full}; nothing runs to cancel. */
    static SyncService sync(Consumer<String> synced) {
        return new SyncService() {
            public List<InstanceInfo> instances() { return List.of(new InstanceInfo("docs", "filesystem", "idle", "15m", null, null, 3)); }
            public Optional<InstanceInfo> instance(String id) { return instances().stream().filter(i -> i.instanceId().equals(id)).findFirst(); }
            public boolean sync(String id, boolean full) { synced.accept(id + (full ? " full" : "")); return id.equals("docs"); }
            public boolean cancel(String id) { return false; }
            public Optional<WebhookReceiver.Accepted> verifyWebhook(String id, WebhookDelivery d) { return Optional.empty(); }
            public boolean processWebhook(String id, WebhookDelivery d) { return false; }
            public Optional<Connector> connector(String id) { return Optional.empty(); }
            public boolean needsAuthorization(String id, String message) { return false; }
            public boolean authorized(String id) { return false; }
        };
    }
}
