package dev.tributary.api.connector;

import java.util.Objects;
import java.util.Set;

/**
 * What a connector is.
 *
 * @param typeId            stable id of the connector type, e.g. {@code filesystem}; also the
 *                          {@code source type} of its documents
 * @param name              for people, e.g. "File system"
 * @param version           the connector's version (usually its bundle version)
 * @param auth              how it authenticates to its source
 * @param configurationPid  the factory PID of its instances; its Metatype describes their settings
 * @param capabilities      what it can do beyond a plain sync
 */
public record ConnectorDescriptor(String typeId, String name, String version, AuthKind auth, String configurationPid,
        Set<Capability> capabilities) {

    public ConnectorDescriptor {
        Objects.requireNonNull(typeId, "typeId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(configurationPid, "configurationPid");
        capabilities = Set.copyOf(capabilities);
        if (!typeId.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("typeId '" + typeId + "' must be lower-case letters, digits and dashes");
        }
    }

    public enum AuthKind { NONE, API_KEY, BASIC, OAUTH2 }

    public enum Capability {
        /** Asks the source only for what changed since the last checkpoint. */
        INCREMENTAL,
        /** Lists every id it still has, so the host can delete the rest. */
        PRUNING,
        /** Receives change notifications pushed by the source. */
        WEBHOOKS,
        /** Can search the source live, beside the index. */
        LIVE_SEARCH
    }
}
