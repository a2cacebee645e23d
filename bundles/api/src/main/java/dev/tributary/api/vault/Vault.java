package dev.tributary.api.vault;

import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Secrets by scope (an instance id, or {@link #HOST} for the host's own) and name (e.g.
 * {@code token}). Values are encrypted at rest and never appear in logs, responses or files in
 * clear; callers should clear the returned arrays when done.
 */
@ProviderType
public interface Vault {

    /** The scope of the host's own secrets (e.g. the store's encryption key). */
    String HOST = "_host";

    /** Stores or replaces a secret; durable when this returns. */
    void put(String scope, String name, char[] secret);

    Optional<char[]> get(String scope, String name);

    /** @return whether there was such a secret */
    boolean delete(String scope, String name);

    /** Removes every secret of the scope (an instance was deleted). */
    void deleteScope(String scope);

    /** The names of the secrets a scope has: the console shows them as "set". */
    Set<String> names(String scope);

    /**
     * Re-encrypts every secret under a new master key and replaces the old key; a crash half-way
     * leaves either the old or the new key in use, never a mix.
     */
    void rotateMasterKey();
}
