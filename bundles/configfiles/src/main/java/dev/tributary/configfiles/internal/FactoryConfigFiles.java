package dev.tributary.configfiles.internal;

import dev.tributary.api.connector.Connectors;
import dev.tributary.api.health.HealthCheck;
import dev.tributary.api.health.HealthCheckResult;
import dev.tributary.configfiles.internal.ConfigFileReader.InvalidFileException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.SynchronousConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code etc/<factory pid>~<name>.cfg} the named factory configuration
 * {@code <factory pid>~<name>}, e.g. one connector instance. FileInstall (3.7) reads only
 * {@code <factory pid>-<name>.cfg} as a factory configuration; a file with {@code ~} it would
 * turn into a plain configuration of that PID, which no factory component ever binds.
 *
 * <p>FileInstall asks its installers in order of service ranking and uses the first that can
 * handle a file; this one ranks above FileInstall's own and takes every {@code .cfg} whose name
 * holds {@code ~}. It keeps FileInstall's conventions, so the rest of the platform sees no
 * difference: {@code felix.fileinstall.filename} holds the file's URI (FileInstall then writes
 * changes made through the API back into the file, and {@code ConfigFileGuard} watches it), and
 * deleting the configuration through the API deletes the file.
 *
 * <p>A {@code -} file and a {@code ~} file for the same configuration conflict: FileInstall
 * applies the {@code -} file regardless, so the {@code ~} file is ignored, with an error, until
 * one of the two is removed. When the {@code -} file goes (and FileInstall deletes the
 * configuration with it), the {@code ~} file applies.
 *
 * <p>A file that cannot be applied — its name, its content, or (once the connector is deployed) values
 * its Metatype refuses ({@link SettingsCheck}) — changes nothing: the configuration keeps the values
 * it runs with. The file gets one ERROR line per version and a DEGRADED check {@code etc/<file>} in
 * {@code /health} until it applies or is removed.
 *
 * <p>This bundle starts before FileInstall, so FileInstall's first scan already finds it.
 * Configurations FileInstall made from {@code ~} files before this bundle existed (plain ones)
 * are deleted then, before FileInstall runs, and made again from their files by the first scan.
 */
@Component(name = "dev.tributary.configfiles", configurationPolicy = ConfigurationPolicy.IGNORE, immediate = true,
        service = {ArtifactInstaller.class, SynchronousConfigurationListener.class, HealthCheck.class},
        property = Constants.SERVICE_RANKING + ":Integer=" + FactoryConfigFiles.RANKING)
public final class FactoryConfigFiles implements ArtifactInstaller, SynchronousConfigurationListener, HealthCheck {

    /** Where FileInstall (and this installer) note the file a configuration comes from, as a URI. */
    static final String FILENAME = "felix.fileinstall.filename";
    /** Above FileInstall's own installer (0). */
    static final int RANKING = 100;
    /** How long a file must have been left alone before it is read: a write in progress is over by then. */
    static final long SETTLE_MILLIS = 300;

    private static final String FILEINSTALL = "org.apache.felix.fileinstall";
    private static final Logger LOG = LoggerFactory.getLogger(FactoryConfigFiles.class);

    private final ConfigurationAdmin configAdmin;
    /** Runs what follows the deletion of a configuration, outside Configuration Admin's call, and reads files again that were still changing. */
    private final ScheduledExecutorService afterDelete;
    /** The files to read again once they have been left alone for {@link #SETTLE_MILLIS}. */
    private final Set<File> settling = ConcurrentHashMap.newKeySet();
    /** The {@code ~} files FileInstall handed to this installer, by the PID each names. */
    private final Map<String, File> files = new ConcurrentHashMap<>();
    /** The {@code felix.fileinstall.filename} of each configuration with a {@code ~} in its PID, as of its last change. */
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    /** The {@code ~} files not applied as they are now, by file name: why, for /health. */
    private final Map<String, String> refused = new ConcurrentSkipListMap<>();
    /** Describes connectors' settings, to check a file's values before they replace ones that work. */
    private volatile MetaTypeService metaType;
    private final BundleContext context;

    @Activate
    public FactoryConfigFiles(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.afterDelete = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-configfiles");
            t.setDaemon(true);
            return t;
        });
        try {
            boolean fileInstallRuns = fileInstallRuns(context);
            for (Configuration c : list("(" + FILENAME + "=*)")) {
                String pid = c.getPid();
                Dictionary<String, Object> props = c.getProperties();
                if (pid.indexOf(FactoryFileName.SEPARATOR) < 0 || props == null) {
                    continue;
                }
                String owner = String.valueOf(props.get(FILENAME));
                if (c.getFactoryPid() == null && !fileInstallRuns && isLeftOverFrom(pid, owner)) {
                    // Safe only now: FileInstall, once running, deletes a configuration's file when the configuration is deleted.
                    c.delete();
                    File file = file(owner);
                    LOG.info("Deleted the plain configuration {} that FileInstall made from {} before this bundle existed (no instance of {} "
                            + "could use it); {}", pid, file, pid.substring(0, pid.indexOf(FactoryFileName.SEPARATOR)),
                            file.isFile() ? "the file makes it again now, as an instance" : "the file is gone");
                    continue;
                }
                owners.put(pid, owner);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot look through the existing configurations: {}", e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        afterDelete.shutdownNow();
    }

    /** Optional: files read before the Metatype service runs are applied unchecked (the connector then reports what it cannot use). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindMetaType(MetaTypeService service) {
        this.metaType = service;
    }

    void unbindMetaType(MetaTypeService service) {
        if (this.metaType == service) {
            this.metaType = null;
        }
    }

    /** One DEGRADED line per {@code ~} file that is not applied, until it is fixed or removed. */
    @Override
    public List<HealthCheckResult> check() {
        if (refused.isEmpty()) {
            return List.of(HealthCheckResult.up("etc", "every <factory pid>~<name>.cfg file applied"));
        }
        List<HealthCheckResult> results = new ArrayList<>();
        refused.forEach((file, reason) -> results.add(HealthCheckResult.degraded("etc/" + file, reason)));
        return results;
    }

    @Override
    public boolean canHandle(File artifact) {
        return FactoryFileName.isTildeForm(artifact.getName()) || FactoryFileName.hasControlCharacter(artifact.getName());
    }

    @Override
    public void install(File artifact) {
        apply(artifact);
    }

    @Override
    public void update(File artifact) {
        apply(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        remove(artifact);
    }

    /** Runs inside Configuration Admin's call: notes who owns each configuration; work that follows a deletion is queued. */
    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        if (pid == null || pid.indexOf(FactoryFileName.SEPARATOR) < 0) {
            return;
        }
        if (event.getType() == ConfigurationEvent.CM_UPDATED) {
            try {
                Configuration c = find(pid);
                Object owner = c == null ? null : c.getProperties().get(FILENAME);
                if (owner != null) {
                    owners.put(pid, owner.toString());
                } else if (c != null) {
                    owners.remove(pid);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot look at configuration {}: {}", pid, e.toString());
            }
        } else if (event.getType() == ConfigurationEvent.CM_DELETED) {
            String owner = owners.remove(pid);
            try {
                afterDelete.execute(() -> deleted(pid, owner));
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    /** Creates or updates the configuration a {@code ~} file names. */
    synchronized void apply(File file) {
        if (stillChanging(file)) {
            return; // read again once it has been left alone
        }
        FactoryFileName name;
        try {
            name = FactoryFileName.parse(file.getName());
        } catch (IllegalArgumentException e) {
            refuse(file, "Cannot apply " + Quoted.escaped(file.toString()) + ": " + e.getMessage()
                    + "; name it <factory pid>~<name>.cfg, e.g. dev.tributary.connector.filesystem~docs.cfg");
            return;
        }
        files.put(name.pid(), file);
        Optional<File> dash = dashFile(file, name);
        if (dash.isPresent()) {
            String dashName = dash.get().getName();
            refuse(file, "Ignored " + file + ": " + dash.get() + " names the same configuration " + name.pid() + " and is the one applied. "
                    + "Remove one of the two files: " + dashName + " to use " + file.getName() + " from now on (the configuration is then made "
                    + "again from it: a connector instance loses its documents until its next sync), or " + file.getName() + " to keep what runs");
            return;
        }
        String uri = uri(file);
        try {
            Configuration existing = find(name.pid());
            String keeps = existing == null ? "until then there is no configuration " + name.pid()
                    : "until then configuration " + name.pid() + " keeps the values it runs with";
            Map<String, String> values;
            try {
                values = ConfigFileReader.read(file.toPath());
            } catch (InvalidFileException e) {
                refuse(file, "Cannot apply " + file + ": " + e.getMessage() + ". Fix it (UTF-8 lines of key = value) and save it again; " + keeps);
                return;
            }
            List<String> problems = settingsProblems(name.factoryPid(), values);
            if (!problems.isEmpty()) {
                refuse(file, "Cannot apply " + file + ": " + String.join("; ", problems) + ". Fix it and save it again; " + keeps);
                return;
            }
            if (existing != null && !name.factoryPid().equals(existing.getFactoryPid())) {
                reportWrongKind(file, name, existing, uri);
                return;
            }
            Configuration config = configAdmin.getFactoryConfiguration(name.factoryPid(), name.name(), "?");
            Hashtable<String, Object> props = new Hashtable<>(values);
            props.put(FILENAME, uri);
            if (config.updateIfDifferent(props)) {
                LOG.info("{} configuration {} from {}", existing == null ? "Created" : "Updated", name.pid(), file);
            }
            if (refused.remove(file.getName()) != null) {
                LOG.info("{} applies now", file);
            }
        } catch (IOException | RuntimeException e) {
            refuse(file, "Cannot apply " + file + ": Configuration Admin refused it (" + e + "); fix the file and save it again");
        }
    }

    /** Logs why the file is not applied (once per reason) and shows it in /health until the file applies or goes. */
    private void refuse(File file, String why) {
        if (!why.equals(refused.put(file.getName(), why))) {
            LOG.error("{}", why);
        }
    }

    /** What the connector's Metatype refuses in the values; nothing when no deployed connector describes the factory PID. */
    private List<String> settingsProblems(String factoryPid, Map<String, String> values) {
        MetaTypeService service = metaType;
        if (service == null) {
            return List.of();
        }
        for (Bundle b : context.getBundles()) {
            try {
                MetaTypeInformation info = Connectors.isConnectorBundle(b) ? service.getMetaTypeInformation(b) : null;
                if (info != null && Arrays.asList(info.getFactoryPids()).contains(factoryPid)) {
                    ObjectClassDefinition ocd = info.getObjectClassDefinition(factoryPid, null);
                    return ocd == null ? List.of() : SettingsCheck.problems(ocd, values);
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                // uninstalled or being updated while we looked
            }
        }
        return List.of();
    }

    /**
     * Whether the file changed less than {@link #SETTLE_MILLIS} ago; if so, it is applied again once it is that
     * old. It may still be being written: FileInstall writes a configuration back into its file in place
     * (truncating it first) after every change, editors may do the same, and FileInstall hands over a file it
     * knows as soon as it sees it changed. Read in that moment, the file was empty: its configuration lost every
     * value, and FileInstall then wrote the empty configuration back into the file (SoakIT, 1 start in ~20).
     */
    private boolean stillChanging(File file) {
        long age = System.currentTimeMillis() - file.lastModified();
        if (!changedWithin(age)) {
            return false;
        }
        if (settling.add(file)) {
            try {
                afterDelete.schedule(() -> {
                    settling.remove(file);
                    if (file.isFile()) { // else FileInstall reports it gone
                        apply(file);
                    }
                }, SETTLE_MILLIS - age, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                settling.remove(file); // stopping
            }
        }
        return true;
    }

    /** Whether a file last changed {@code ageMillis} ago may still be being written (a clock set back makes it look older). */
    static boolean changedWithin(long ageMillis) {
        return ageMillis >= 0 && ageMillis < SETTLE_MILLIS;
    }

    /** The file is gone: its configuration goes too, if it came from this file. */
    synchronized void remove(File file) {
        FactoryFileName name;
        try {
            name = FactoryFileName.parse(file.getName());
        } catch (IllegalArgumentException e) {
            refused.remove(file.getName());
            return; // never applied
        }
        files.remove(name.pid());
        refused.remove(file.getName());
        String uri = uri(file);
        try {
            Configuration config = find(name.pid());
            if (config == null) {
                return;
            }
            Object owner = config.getProperties().get(FILENAME);
            if (!uri.equals(owner)) {
                LOG.info("{} was removed; configuration {} stays: it comes from {}", file, name.pid(),
                        owner == null ? "the API" : display(owner.toString()));
                return;
            }
            Optional<File> dash = dashFile(file, name);
            if (dash.isPresent()) {
                // FileInstall found the '-' file equal to the configuration and left it as it was: it is that file's now
                Hashtable<String, Object> props = withoutBookkeeping(config.getProperties());
                props.put(FILENAME, uri(dash.get()));
                config.update(props);
                LOG.info("{} was removed; configuration {} stays, kept by {}", file, name.pid(), dash.get());
                return;
            }
            config.delete();
            LOG.info("Deleted configuration {}: its file {} was removed", name.pid(), file);
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot delete configuration {} after its file {} was removed: {}", name.pid(), file, e.toString());
        }
    }

    /**
     * A configuration was deleted. If it was not its {@code ~} file's own (e.g. it came from the
     * conflicting {@code -} file, which was removed), that file applies now. Its own configuration
     * deleted through the API is left deleted: FileInstall deletes the file as well.
     */
    synchronized void deleted(String pid, String owner) {
        File file = files.get(pid);
        if (file == null || !file.isFile() || uri(file).equals(owner)) {
            return;
        }
        try {
            if (find(pid) != null) {
                return;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot look at configuration {}: {}", pid, e.toString());
            return;
        }
        LOG.info("Configuration {} was deleted{}; {} applies now", pid, owner == null ? "" : " with " + display(owner), file);
        apply(file);
    }

    private void reportWrongKind(File file, FactoryFileName name, Configuration existing, String uri) {
        if (existing.getFactoryPid() == null && uri.equals(existing.getProperties().get(FILENAME))) {
            refuse(file, "Cannot apply " + file + ": configuration " + name.pid() + " exists as a plain configuration, not as an instance of "
                    + name.factoryPid() + " (FileInstall made it from this file while this bundle was not running), so nothing uses it; "
                    + "restart the host to make it again from the file");
        } else {
            refuse(file, "Cannot apply " + file + ": configuration " + name.pid() + " exists but is not an instance of " + name.factoryPid() + " ("
                    + (existing.getFactoryPid() == null ? "it is a plain configuration" : "it is an instance of " + existing.getFactoryPid())
                    + "); delete that configuration, then save this file again");
        }
    }

    private Configuration find(String pid) throws IOException {
        Configuration[] found = list("(" + Constants.SERVICE_PID + "=" + escape(pid) + ")");
        return found.length == 0 ? null : found[0];
    }

    private Configuration[] list(String filter) throws IOException {
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean fileInstallRuns(BundleContext context) {
        try {
            for (ServiceReference<ArtifactInstaller> r : context.getServiceReferences(ArtifactInstaller.class, null)) {
                if (r.getBundle() != null && FILEINSTALL.equals(r.getBundle().getSymbolicName())) {
                    return true;
                }
            }
            return false;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a plain configuration {@code pid} is what FileInstall made of the {@code ~} file {@code owner}. */
    static boolean isLeftOverFrom(String pid, String owner) {
        try {
            String fileName = file(owner).getName();
            return FactoryFileName.isTildeForm(fileName) && FactoryFileName.parse(fileName).pid().equals(pid);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<File> dashFile(File file, FactoryFileName name) {
        File dir = file.getAbsoluteFile().getParentFile();
        return name.dashFileName().map(n -> new File(dir, n)).filter(File::isFile);
    }

    /** As FileInstall writes it. */
    static String uri(File file) {
        return file.getAbsoluteFile().toURI().toString();
    }

    private static File file(String uri) {
        return new File(URI.create(uri));
    }

    /** A {@code felix.fileinstall.filename} as a path, for the log. */
    private static String display(String uri) {
        try {
            return file(uri).getPath();
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }

    private static Hashtable<String, Object> withoutBookkeeping(Dictionary<String, Object> props) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (Enumeration<String> keys = props.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            if (!ConfigFileReader.BOOKKEEPING.contains(k)) {
                copy.put(k, props.get(k));
            }
        }
        return copy;
    }

    /** RFC 1960 filter value escaping. */
    static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
