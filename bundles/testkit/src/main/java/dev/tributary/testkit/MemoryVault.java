package dev.tributary.testkit;

import dev.tributary.api.vault.Vault;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** A vault in memory, for tests (no encryption, nothing durable). */
public class MemoryVault implements Vault {
    private final Map<String, char[]> secrets = new ConcurrentHashMap<>();

    @Override
    public void put(String scope, String name, char[] secret) {
        secrets.put(scope + "/" + name, secret.clone());
    }

    @Override
    public Optional<char[]> get(String scope, String name) {
        return Optional.ofNullable(secrets.get(scope + "/" + name)).map(char[]::clone);
    }

    @Override
    public boolean delete(String scope, String name) {
        return secrets.remove(scope + "/" + name) != null;
    }

    @Override
    public void deleteScope(String scope) {
        secrets.keySet().removeIf(k -> k.startsWith(scope + "/"));
    }

    @Override
    public Set<String> names(String scope) {
        return secrets.keySet().stream().filter(k -> k.startsWith(scope + "/")).map(k -> k.substring(scope.length() + 1))
                .collect(Collectors.toSet());
    }

    @Override
    public void rotateMasterKey() {
        // nothing to rotate in memory
    }
}
