package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * etc/*.cfg is live, and a change through the configuration API is written into the same file;
 * an edit of the file that the API overtakes is kept, not lost.
 */
class ConfigFilesIT {

    private static final String PID = "dev.tributary.itest.probe";
    private static final Duration LIVE = Duration.ofSeconds(3);

    @TempDir
    Path tmp;

    @Test
    void addingEditingAndDeletingACfgFileReconfiguresTheComponentAndApiChangesAreWrittenBack() throws Exception {
        try (InProcessHost host = new InProcessHost(tmp)) {
            deployProbe(host);
            await().atMost(LIVE).until(() -> probeMessage(host).endsWith("greeting=default"));

            Path cfg = host.dist.etc().resolve(PID + ".cfg");
            Files.writeString(cfg, "# written by ops\ngreeting = hello\n");
            await("added .cfg applied").atMost(LIVE).until(() -> probeMessage(host).endsWith("greeting=hello"));

            Files.writeString(cfg, "# written by ops\ngreeting = bye\n");
            await("edited .cfg applied").atMost(LIVE).until(() -> probeMessage(host).endsWith("greeting=bye"));

            updateThroughApi(host.context(), Map.of("greeting", "from-api"));
            await("API change applied").atMost(LIVE).until(() -> probeMessage(host).endsWith("greeting=from-api"));
            await("API change written into the file").atMost(LIVE).until(() -> Files.readString(cfg).contains("greeting = from-api"));
            assertThat(Files.readString(cfg)).contains("# written by ops");
            assertThat(host.dist.home.resolve("data/config-conflicts")).doesNotExist();

            Files.delete(cfg);
            await("deleted .cfg removes the configuration").atMost(LIVE).until(() -> probeMessage(host).endsWith("greeting=default"));
        }
    }

    @Test
    void anEditNotYetAppliedWhenTheApiChangesTheSameConfigurationIsKeptAndLogged() throws Exception {
        Distribution dist = Distribution.copy(tmp, "tributary");
        Path cfg = dist.etc().resolve(PID + ".cfg");
        Files.writeString(cfg, "greeting = first\n");
        // FileInstall reads etc/ only at start here, so the file edit below is certainly not applied yet
        try (InProcessHost host = InProcessHost.reopen(dist.home, Map.of("felix.fileinstall.poll", "3600000"))) {
            deployProbe(host);
            await().atMost(LIVE).until(() -> probeMessage(host).endsWith("greeting=first"));

            Files.writeString(cfg, "# ops edit\ngreeting = from-ops\n");
            updateThroughApi(host.context(), Map.of("greeting", "from-api"));

            await().atMost(LIVE).until(() -> probeMessage(host).endsWith("greeting=from-api"));
            await("the API change is written into the file").atMost(LIVE).until(() -> Files.readString(cfg).contains("greeting = from-api"));
            Path conflicts = host.dist.home.resolve("data/config-conflicts");
            await("the overtaken edit is kept").atMost(LIVE).until(() -> Files.isDirectory(conflicts));
            List<Path> kept;
            try (Stream<Path> s = Files.list(conflicts)) {
                kept = s.toList();
            }
            assertThat(kept).hasSize(1);
            assertThat(kept.get(0).getFileName().toString()).startsWith(PID + ".cfg.");
            assertThat(Files.readString(kept.get(0))).contains("greeting = from-ops");
            await().atMost(LIVE).until(() -> host.dist.logText().contains("was edited ([greeting])"));
            assertThat(host.dist.logText()).contains(kept.get(0).toString());
        }
    }

    private static void deployProbe(InProcessHost host) throws Exception {
        if (host.deployed("probe.jar") == null) {
            TestBundles.drop(host.dist.deploy(), "probe.jar", host.bundles.probe("1.0.0"));
        }
        await().atMost(LIVE).until(() -> host.deployed("probe.jar") != null && host.deployed("probe.jar").getState() == Bundle.ACTIVE);
    }

    private static String probeMessage(InProcessHost host) throws Exception {
        for (JsonNode c : new ObjectMapper().readTree(host.dist.get("/health").body()).path("checks")) {
            if (c.path("name").asText().equals("probe")) {
                return c.path("message").asText();
            }
        }
        return "";
    }

    /** ConfigurationAdmin.getConfiguration(pid, "?").update(...), as the console will call it. */
    private static void updateThroughApi(BundleContext context, Map<String, String> values) throws Exception {
        // getAllServiceReferences: the system bundle does not import the CM package itself
        ServiceReference<?> ref = context.getAllServiceReferences("org.osgi.service.cm.ConfigurationAdmin", null)[0];
        Object admin = context.getService(ref);
        try {
            Bundle cm = ref.getBundle();
            Class<?> adminType = cm.loadClass("org.osgi.service.cm.ConfigurationAdmin");
            Class<?> configType = cm.loadClass("org.osgi.service.cm.Configuration");
            Object config = adminType.getMethod("getConfiguration", String.class, String.class).invoke(admin, PID, "?");
            @SuppressWarnings("unchecked")
            Dictionary<String, Object> props = (Dictionary<String, Object>) configType.getMethod("getProperties").invoke(config);
            Dictionary<String, Object> updated = props == null ? new Hashtable<>() : props;
            values.forEach(updated::put);
            configType.getMethod("update", Dictionary.class).invoke(config, updated);
        } finally {
            context.ungetService(ref);
        }
    }
}
