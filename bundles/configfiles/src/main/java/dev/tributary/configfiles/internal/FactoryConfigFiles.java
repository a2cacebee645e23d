package dev.tributary.configfiles.internal;

import dev.tributary.configfiles.internal.ConfigFileReader.InvalidFileException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.felix.fileinstall.ArtifactInstaller;
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
 * <p>This bundle starts before FileInstall, so FileInstall's first scan already finds it.
 * Configurations FileInstall made from {@code ~} files before this bundle existed (plain ones)
 * are deleted then, before FileInstall runs, and made again from their files by the first scan.
 */
@Component(name = "dev.tributary.configfiles", configurationPolicy = ConfigurationPolicy.IGNORE, immediate = true,
        service = {ArtifactInstaller.class, SynchronousConfigurationListener.class},
        property = Constants.SERVICE_RANKING + ":Integer=" + FactoryConfigFiles.RANKING)
public final class FactoryConfigFiles implements ArtifactInstaller, SynchronousConfigurationListener {

    /** Where FileInstall (and this installer) note the file a configuration comes from, as a URI. */
    static final String FILENAME = "felix.fileinstall.filename";
    /** Above FileInstall's own installer (0). */
    static final int RANKING = 100;

    private static final String FILEINSTALL = "org.apache.felix.fileinstall";
    private static final Logger LOG = LoggerFactory.getLogger(FactoryConfigFiles.class);

    private final ConfigurationAdmin configAdmin;
    /** Runs what follows the deletion of a configuration, outside Configuration Admin's call. */
    private final ExecutorService afterDelete;
    /** The {@code ~} files FileInstall handed to this installer, by the PID each names. */
    private final Map<String, File> files = new ConcurrentHashMap<>();
    /** The {@code felix.fileinstall.filename} of each configuration with a {@code ~} in its PID, as of its last change. */
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    @Activate
    public FactoryConfigFiles(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
        this.afterDelete = Executors.newSingleThreadExecutor(r -> {
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

    @Override
    public boolean canHandle(File artifact) {
        return FactoryFileName.isTildeForm(artifact.getName());
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
        FactoryFileName name;
        try {
            name = FactoryFileName.parse(file.getName());
        } catch (IllegalArgumentException e) {
            LOG.error("Cannot apply {}: {}; name it <factory pid>~<name>.cfg, e.g. dev.tributary.connector.filesystem~docs.cfg",
                    file, e.getMessage());
            return;
        }
        files.put(name.pid(), file);
        Optional<File> dash = dashFile(file, name);
        if (dash.isPresent()) {
            String dashName = dash.get().getName();
            LOG.error("Ignored {}: {} names the same configuration {} and is the one applied. Remove one of the two files: "
                    + "{} to use {} from now on (the configuration is then made again from it: a connector instance loses its documents until its next sync), "
                    + "or {} to keep what runs", file, dash.get(), name.pid(), dashName, file.getName(), file.getName());
            return;
        }
        Map<String, String> values;
        try {
            values = ConfigFileReader.read(file.toPath());
        } catch (InvalidFileException e) {
            LOG.error("Cannot apply {}: {}. Fix it (UTF-8 lines of key = value) and save it again; until then configuration {} stays as it was",
                    file, e.getMessage(), name.pid());
            return;
        }
        String uri = uri(file);
        try {
            Configuration existing = find(name.pid());
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
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot apply {}: Configuration Admin refused it ({}); fix the file and save it again", file, e.toString());
        }
    }

    /** The file is gone: its configuration goes too, if it came from this file. */
    synchronized void remove(File file) {
        FactoryFileName name;
        try {
            name = FactoryFileName.parse(file.getName());
        } catch (IllegalArgumentException e) {
            return; // never applied
        }
        files.remove(name.pid());
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
            LOG.error("Cannot apply {}: configuration {} exists as a plain configuration, not as an instance of {} "
                    + "(FileInstall made it from this file while this bundle was not running), so nothing uses it; "
                    + "restart the host to make it again from the file", file, name.pid(), name.factoryPid());
        } else {
            LOG.error("Cannot apply {}: configuration {} exists but is not an instance of {} ({}); "
                    + "delete that configuration, then save this file again", file, name.pid(), name.factoryPid(),
                    existing.getFactoryPid() == null ? "it is a plain configuration" : "it is an instance of " + existing.getFactoryPid());
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
