package dev.tributary.host.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loud WARNs at start (and whenever the HTTP configuration changes) about settings of the host's
 * Jettys that expose secrets: plain HTTP on an address other machines can reach (passwords, session
 * cookies and API tokens would cross the network in clear), and a keystore password written into a
 * configuration file (Configuration Admin copies it, in clear, into {@code data/config/}; the
 * launcher takes it from the environment instead). Reads what Felix HTTP Jetty reads, for each
 * Jetty it runs: the main one's configuration ({@code etc/org.apache.felix.http.cfg}) over the
 * framework properties the launcher sets from {@code http.host}, and each further one's
 * ({@code etc/org.apache.felix.http~name.cfg}, e.g. HTTPS on every address) over the same
 * framework properties.
 */
@Component(immediate = true, service = ConfigurationListener.class)
public final class JettyWarnings implements ConfigurationListener {

    static final String JETTY_PID = "org.apache.felix.http";
    static final String HOST = "org.apache.felix.http.host";
    static final String HTTP_ENABLE = "org.apache.felix.http.enable";
    static final String HTTPS_ENABLE = "org.apache.felix.https.enable";
    static final String PORT = "org.osgi.service.http.port";
    /** The keystore's passwords, which Felix HTTP Jetty reads from a configuration, else from the framework properties the launcher sets. */
    static final List<String> PASSWORDS = List.of("org.apache.felix.https.keystore.password", "org.apache.felix.https.keystore.key.password");
    private static final Logger LOG = LoggerFactory.getLogger(JettyWarnings.class);

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private volatile String lastWarning;

    @Activate
    public JettyWarnings(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.configAdmin = configAdmin;
        check();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (JETTY_PID.equals(event.getPid()) || JETTY_PID.equals(event.getFactoryPid())) {
            check();
        }
    }

    private void check() {
        List<Dictionary<String, Object>> jettys = new ArrayList<>();
        Dictionary<String, Object> main = null;
        for (Configuration c : jettyConfigurations()) {
            if (JETTY_PID.equals(c.getFactoryPid())) {
                jettys.add(c.getProperties());
            } else {
                main = c.getProperties();
            }
        }
        jettys.add(0, main);
        StringBuilder warnings = new StringBuilder();
        for (Dictionary<String, Object> config : jettys) {
            String w = warning(value(config, HOST), value(config, PORT), value(config, HTTP_ENABLE), value(config, HTTPS_ENABLE));
            if (w != null) {
                warnings.append(w);
            }
            String p = passwordWarning(config);
            if (p != null) {
                warnings.append(p);
            }
        }
        String warning = warnings.length() == 0 ? null : warnings.toString();
        if (warning != null && !warning.equals(lastWarning)) {
            LOG.warn("{}", warning);
        }
        lastWarning = warning;
    }

    /** The banner to log, or null when plain HTTP is off or listens on loopback only. */
    static String warning(String host, String port, String httpEnabled, String httpsEnabled) {
        if ("false".equalsIgnoreCase(trim(httpEnabled)) || isLoopback(host)) {
            return null;
        }
        String where = (host == null || host.isBlank() ? "every address of this machine" : host.trim()) + ", port "
                + (port == null ? "8080" : port.trim());
        String stars = "!".repeat(78);
        return "\n" + stars + "\nPlain HTTP (no TLS) listens on " + where + ", reachable from other machines:\n"
                + "passwords, session cookies and API tokens cross the network in clear.\n"
                + ("true".equalsIgnoreCase(trim(httpsEnabled))
                        ? "HTTPS is on too: keep plain HTTP on 127.0.0.1 (http.host) for bin/tributary, or turn it off here.\n"
                        : "Keep http.host = 127.0.0.1 in etc/tributary.properties and serve HTTPS with a keystore\n"
                                + "(docs/OPERATIONS.md, \"Security headers, and TLS\"), or put a TLS proxy in front.\n")
                + stars;
    }

    /** The banner to log when the configuration itself holds a password (the framework property, from the environment, is fine), or null. */
    static String passwordWarning(Dictionary<String, Object> config) {
        if (config == null) {
            return null;
        }
        List<String> written = PASSWORDS.stream().filter(k -> config.get(k) != null).toList();
        if (written.isEmpty()) {
            return null;
        }
        Object file = config.get("felix.fileinstall.filename");
        String stars = "!".repeat(78);
        return "\n" + stars + "\n" + String.join(" and ", written) + " is written in " + (file != null ? file : "a configuration")
                + ":\nthe host keeps a copy of every configuration in clear under data/config/ (and so does every backup).\n"
                + "Remove the line and set TRIBUTARY_HTTPS_KEYSTORE_PASSWORD (and TRIBUTARY_HTTPS_KEY_PASSWORD if the key's differs)\n"
                + "in the host's environment instead (docs/OPERATIONS.md, \"Security headers, and TLS\").\n" + stars;
    }

    /** Whether an address is this machine only; a name is looked up, and a wildcard or an unknown name is not. */
    static boolean isLoopback(String host) {
        String h = trim(host);
        if (h == null || h.isEmpty() || h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) {
            return false;
        }
        try {
            return InetAddress.getByName(h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The main Jetty's configuration, if it has one, and those of further Jettys. */
    private List<Configuration> jettyConfigurations() {
        try {
            Configuration[] found = configAdmin.listConfigurations("(|(service.pid=" + JETTY_PID + ")(service.factoryPid=" + JETTY_PID + "))");
            return found == null ? List.of() : List.of(found);
        } catch (IOException | InvalidSyntaxException e) {
            LOG.debug("Cannot read the configurations of {}: {}", JETTY_PID, e.toString());
            return List.of();
        }
    }

    /** Felix HTTP Jetty's rule: its configuration first, then the framework property. */
    private String value(Dictionary<String, Object> config, String key) {
        Object v = config == null ? null : config.get(key);
        return v != null ? v.toString() : context.getProperty(key);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
