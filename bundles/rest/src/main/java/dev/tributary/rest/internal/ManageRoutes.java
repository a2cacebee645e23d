package dev.tributary.rest.internal;

import dev.tributary.api.store.DocumentStore;
import dev.tributary.api.sync.SyncService;
import dev.tributary.api.vault.Vault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What ops manage: connector bundles ({@code /connectors}), instances' settings and secrets
 * ({@code /instances/<id>/config}), run history ({@code /instances/<id>/runs}) and the audit log
 * ({@code /audit}). Every change is written to the audit log with who made it.
 */
final class ManageRoutes {

    private final Services services;

    ManageRoutes(Services services) {
        this.services = services;
    }

    Api.Response connectors() {
        InstanceConfigs configs = services.configs().get();
        ConnectorBundles bundles = services.bundles().get();
        if (configs == null || bundles == null) {
            return Api.unavailable("deploy watcher or Metatype service");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("types", configs.types());
        body.put("bundles", bundles.bundles());
        body.put("failures", bundles.failures());
        body.put("catalog", bundles.catalog());
        return new Api.Response(200, body);
    }

    Api.Response upload(ApiRequest r, Caller c) {
        ConnectorBundles bundles = services.bundles().get();
        if (bundles == null) {
            return Api.unavailable("deploy watcher");
        }
        String fromCatalog = Api.first(r.params(), "catalog");
        if (fromCatalog == null && (r.bytes() == null || r.bytes().length == 0)) {
            throw new IllegalArgumentException("send the bundle (a .jar) as the request body with Content-Type: application/java-archive,"
                    + " or name a connector of the distribution with ?catalog=<id>");
        }
        try {
            ConnectorBundles.Deployed d = fromCatalog != null ? bundles.deployFromCatalog(Api.name(fromCatalog, "connector"))
                    : bundles.upload(Api.first(r.params(), "file"), r.bytes());
            audit(c, d.replaced() ? "connector.upgraded" : "connector.uploaded", d.symbolicName(), d.file() + " version " + d.version());
            return new Api.Response(202, d);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the deploy folder: " + e.getMessage(), e);
        }
    }

    Api.Response removeBundle(String symbolicName, Caller c) {
        ConnectorBundles bundles = services.bundles().get();
        if (bundles == null) {
            return Api.unavailable("deploy watcher");
        }
        try {
            return bundles.remove(symbolicName).map(file -> {
                audit(c, "connector.removed", symbolicName, "deploy/" + file + " deleted");
                return new Api.Response(202, Map.of("symbolicName", symbolicName, "file", file, "removed", true));
            }).orElseGet(() -> Api.problem(404, "Not Found", "no connector bundle '" + symbolicName + "' is in deploy/"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete from the deploy folder: " + e.getMessage(), e);
        }
    }

    /** An instance's settings, and which of its secrets are set (never their values). */
    Api.Response config(String instance) {
        InstanceConfigs configs = services.configs().get();
        Vault vault = services.vault().get();
        if (configs == null || vault == null) {
            return Api.unavailable(configs == null ? "Configuration Admin" : "vault");
        }
        return configs.view(instance).map(v -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("instance", v.instance());
            body.put("factoryPid", v.factoryPid());
            body.put("file", v.file());
            body.put("values", v.values());
            body.put("secrets", secretsSet(configs, v.factoryPid(), instance, vault));
            // how it authenticates, once its connector runs: OAUTH2 gets the console's Connect button
            SyncService sync = services.sync().get();
            body.put("auth", sync == null ? null : sync.connector(instance).map(k -> k.descriptor().auth().name()).orElse(null));
            body.put("connected", vault.names(instance).contains("oauth.tokens"));
            return new Api.Response(200, body);
        }).orElseGet(() -> Api.problem(404, "Not Found", "instance '" + instance + "' has no configuration"));
    }

    /**
     * Creates or changes an instance: {@code {"factoryPid", "values": {...}, "secrets": {...}}}. A secret
     * sent empty or not at all keeps its value. Refused values answer 422 with one error per field.
     */
    @SuppressWarnings("unchecked")
    Api.Response saveConfig(String instance, ApiRequest r, Caller c) {
        InstanceConfigs configs = services.configs().get();
        Vault vault = services.vault().get();
        if (configs == null || vault == null) {
            return Api.unavailable(configs == null ? "Configuration Admin" : "vault");
        }
        Map<String, Object> values = object(r, "values");
        Map<String, Object> secrets = object(r, "secrets");
        String factoryPid = r.field("factoryPid");
        String type = configs.view(instance).map(InstanceConfigs.View::factoryPid).orElse(factoryPid);
        InstanceConfigs.Type known = type == null ? null : configs.type(type).orElse(null);
        for (String name : secrets.keySet()) {
            if (!(secrets.get(name) == null || secrets.get(name) instanceof String)) {
                throw new IllegalArgumentException("secret '" + name + "' must be text");
            }
            if (known != null && known.secrets().stream().noneMatch(s -> s.id().equals(name))) {
                return invalid(List.of(new InstanceConfigs.Invalid(name, "not a secret of " + known.name())));
            }
        }
        boolean created;
        try {
            created = configs.save(instance, factoryPid, values, () -> {
                // before the configuration: its first run must find them
                secrets.forEach((name, value) -> {
                    if (value != null && !((String) value).isEmpty()) {
                        char[] chars = ((String) value).toCharArray();
                        vault.put(instance, name, chars);
                        java.util.Arrays.fill(chars, '\0');
                        audit(c, "secret.set", instance, name);
                    }
                });
            });
        } catch (InstanceConfigs.InvalidValues e) {
            return invalid(e.errors);
        } catch (IOException e) {
            throw new UncheckedIOException("Configuration Admin cannot store the configuration: " + e.getMessage(), e);
        }
        audit(c, created ? "instance.created" : "instance.updated", instance, "settings: " + String.join(", ", new TreeMap<>(values).keySet()));
        Api.Response view = config(instance);
        return created ? new Api.Response(201, view.body(), Map.of("Location", "/api/v1/instances/" + instance + "/config")) : view;
    }

    Api.Response deleteInstance(String instance, Caller c) {
        InstanceConfigs configs = services.configs().get();
        if (configs == null) {
            return Api.unavailable("Configuration Admin");
        }
        try {
            if (!configs.delete(instance)) {
                return Api.problem(404, "Not Found", "instance '" + instance + "' has no configuration");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Configuration Admin cannot delete the configuration: " + e.getMessage(), e);
        }
        audit(c, "instance.deleted", instance, "deleted through the API; its documents and secrets are purged");
        return new Api.Response(200, Map.of("instance", instance, "deleted", true));
    }

    Api.Response runs(String instance, ApiRequest r) {
        DocumentStore store = services.store().get();
        SyncService sync = services.sync().get();
        if (store == null) {
            return Api.unavailable("store");
        }
        if (sync != null && sync.instance(instance).isEmpty() && store.runCount(instance) == 0) {
            return Api.problem(404, "Not Found", "no instance '" + instance + "'");
        }
        Paging paging = Paging.of(r.params(), 20);
        return new Api.Response(200, paging.body("runs", store.runs(instance, paging.offset(), paging.size()), store.runCount(instance),
                Map.of("instance", instance)));
    }

    Api.Response audit(ApiRequest r) {
        DocumentStore store = services.store().get();
        if (store == null) {
            return Api.unavailable("store");
        }
        Paging paging = Paging.of(r.params(), 50);
        String actor = blankToNull(Api.first(r.params(), "actor"));
        String target = blankToNull(Api.first(r.params(), "target"));
        return new Api.Response(200, paging.body("entries", store.auditLog(actor, target, paging.offset(), paging.size()),
                store.auditCount(actor, target), Map.of()));
    }

    private Map<String, Boolean> secretsSet(InstanceConfigs configs, String factoryPid, String instance, Vault vault) {
        Map<String, Boolean> set = new TreeMap<>();
        configs.type(factoryPid).ifPresent(t -> t.secrets().forEach(s -> set.put(s.id(), false)));
        // oauth.* and sync.* are the host's own entries (tokens of a connection, a paused instance's reason)
        vault.names(instance).stream().filter(n -> !n.startsWith("oauth.") && !n.startsWith("sync.")).forEach(n -> set.put(n, true));
        return set;
    }

    private void audit(Caller c, String action, String target, String detail) {
        DocumentStore store = services.store().get();
        if (store != null) {
            store.audit(c.actor(), action, target, detail);
        }
    }

    private static Api.Response invalid(List<InstanceConfigs.Invalid> errors) {
        Api.Response p = Api.problem(422, "Unprocessable Content", errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " settings are not valid: see 'errors'");
        @SuppressWarnings("unchecked")
        Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) p.body());
        body.put("errors", errors);
        return new Api.Response(422, body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(ApiRequest r, String name) {
        Object v = r.json() == null ? null : r.json().get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("'" + name + "' must be a JSON object");
        }
        return (Map<String, Object>) v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
