package dev.tributary.rest.internal;

import dev.tributary.api.oauth.OAuthService;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.store.DocumentStore;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.api.sync.SyncService;
import dev.tributary.api.users.UserService;
import dev.tributary.api.vault.Vault;
import java.util.function.Supplier;

/**
 * The services the routes call, each looked up when a request needs it (any of them may be gone:
 * the route then answers 503). Tests set only those they use.
 */
record Services(Supplier<SearchService> search, Supplier<SyncService> sync, Supplier<Vault> vault, Supplier<WebhookInbox> inbox,
        Supplier<OAuthService> oauth, Supplier<UserService> users, Supplier<DocumentStore> store, Supplier<InstanceConfigs> configs,
        Supplier<ConnectorBundles> bundles) {

    static Services none() {
        return new Services(() -> null, () -> null, () -> null, () -> null, () -> null, () -> null, () -> null, () -> null, () -> null);
    }

    Services search(SearchService s) {
        return new Services(() -> s, sync, vault, inbox, oauth, users, store, configs, bundles);
    }

    Services sync(SyncService s) {
        return new Services(search, () -> s, vault, inbox, oauth, users, store, configs, bundles);
    }

    Services vault(Vault v) {
        return new Services(search, sync, () -> v, inbox, oauth, users, store, configs, bundles);
    }

    Services inbox(WebhookInbox i) {
        return new Services(search, sync, vault, () -> i, oauth, users, store, configs, bundles);
    }

    Services oauth(OAuthService o) {
        return new Services(search, sync, vault, inbox, () -> o, users, store, configs, bundles);
    }

    Services users(UserService u) {
        return new Services(search, sync, vault, inbox, oauth, () -> u, store, configs, bundles);
    }

    Services store(DocumentStore s) {
        return new Services(search, sync, vault, inbox, oauth, users, () -> s, configs, bundles);
    }
}
