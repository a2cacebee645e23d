package dev.tributary.host.internal;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.SynchronousConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what ops wrote in {@code etc/*.cfg} from being lost when the same configuration is changed
 * through the API. FileInstall writes API changes back into the file; if the file had been
 * edited in the moment before (its edit not yet applied), that edit would be overwritten
 * silently. This listener runs inside the API's {@code update()}, before the write-back, and in
 * that case keeps the edited file in {@code data/config-conflicts/} and says so in the log.
 */
@Component(immediate = true)
public final class ConfigFileGuard implements SynchronousConfigurationListener {

    static final String FILE_PROPERTY = "felix.fileinstall.filename";
    private static final Set<String> BOOKKEEPING = Set.of("service.pid", "service.factoryPid", FILE_PROPERTY, "service.bundleLocation");
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileGuard.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final ConfigurationAdmin configAdmin;
    private final Path conflicts;
    /** What each file-backed configuration held after its last event. */
    private final Map<String, Map<String, String>> lastKnown = new ConcurrentHashMap<>();

    @Activate
    public ConfigFileGuard(BundleContext context, @Reference ConfigurationAdmin configAdmin) throws IOException {
        this.configAdmin = configAdmin;
        String data = context.getProperty("tributary.data.dir");
        this.conflicts = Paths.get(data == null ? "data" : data).resolve("config-conflicts");
        try {
            Configuration[] all = configAdmin.listConfigurations("(" + FILE_PROPERTY + "=*)");
            if (all != null) {
                for (Configuration c : all) {
                    lastKnown.put(c.getPid(), values(c.getProperties()));
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            lastKnown.remove(event.getPid());
            return;
        }
        if (event.getType() != ConfigurationEvent.CM_UPDATED) {
            return;
        }
        try {
            Configuration config = configAdmin.getConfiguration(event.getPid(), "?");
            Dictionary<String, Object> props = config.getProperties();
            Object file = props == null ? null : props.get(FILE_PROPERTY);
            if (file == null) {
                return; // made through the API only: lives in data/config
            }
            Map<String, String> now = values(props);
            Map<String, String> before = lastKnown.put(event.getPid(), now);
            Path path = Paths.get(java.net.URI.create(file.toString()));
            if (before == null || !Files.isRegularFile(path)) {
                return;
            }
            Map<String, String> inFile = read(path);
            if (inFile.equals(now)) {
                return; // FileInstall applying the file, or an API change that matches it
            }
            Set<String> editedInFile = changed(before, inFile);
            if (!editedInFile.isEmpty()) {
                keepConflict(path, editedInFile, changed(before, now));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot check configuration {} against its file: {}", event.getPid(), e.toString());
        }
    }

    private void keepConflict(Path file, Set<String> editedInFile, Set<String> changedByApi) throws IOException {
        Files.createDirectories(conflicts);
        Path copy = conflicts.resolve(file.getFileName() + "." + LocalDateTime.now().format(STAMP));
        Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
        LOG.warn("{} was edited ({}) but the edit was not applied yet when the same configuration was changed through the API ({}). "
                + "The file now holds the API's version; your edit is kept in {}: merge it back into {} if it is still wanted",
                file, editedInFile, changedByApi, copy, file);
    }

    static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (!BOOKKEEPING.contains(k)) {
                m.put(k, p.getProperty(k).trim());
            }
        }
        return m;
    }

    static Map<String, String> values(Dictionary<String, Object> props) {
        Map<String, String> m = new TreeMap<>();
        if (props == null) {
            return m;
        }
        for (Enumeration<String> keys = props.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            if (!BOOKKEEPING.contains(k)) {
                m.put(k, text(props.get(k)));
            }
        }
        return m;
    }

    private static String text(Object v) {
        if (v != null && v.getClass().isArray()) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < Array.getLength(v); i++) {
                b.append(i == 0 ? "" : ",").append(Array.get(v, i));
            }
            return b.toString();
        }
        return String.valueOf(v).trim();
    }

    private static Set<String> changed(Map<String, String> a, Map<String, String> b) {
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        keys.removeIf(k -> Objects.equals(a.get(k), b.get(k)));
        return keys;
    }
}
