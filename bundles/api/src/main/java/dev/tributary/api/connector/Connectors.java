package dev.tributary.api.connector;

import java.util.List;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/** What the host's services agree on about connectors: which bundles are connectors, and how instances may be named. */
public final class Connectors {

    /**
     * A connector instance's name (the part after {@code ~} of its configuration's PID): it is the
     * instance's id in URLs, commands, file names and logs, so every way of making one (the REST API,
     * a file in {@code etc/}) refuses any other.
     */
    public static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    /** {@link #INSTANCE_NAME} in words, for error messages. */
    public static final String INSTANCE_NAME_RULE = "1 to 200 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private static final String CONNECTOR = Connector.class.getName();

    private Connectors() {}

    /**
     * Whether the bundle declares a {@link Connector} service (bnd writes that capability for each DS
     * component). True before any instance is configured, when no connector service is registered yet.
     */
    public static boolean isConnectorBundle(Bundle b) {
        BundleRevision revision = b.adapt(BundleRevision.class);
        if (revision == null) {
            return false; // uninstalled
        }
        for (BundleCapability c : revision.getDeclaredCapabilities("osgi.service")) {
            Object classes = c.getAttributes().get("objectClass");
            if (classes instanceof List<?> list ? list.contains(CONNECTOR) : CONNECTOR.equals(classes)) {
                return true;
            }
        }
        return false;
    }
}
