package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * Every kind of bad drop leaves the host and its other bundles running, logs one line naming the
 * file and the reason, shows in /health (DEGRADED) and in status.json, and is retried once the
 * file changes.
 */
class BadDeployIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static InProcessHost host;

    @BeforeAll
    static void boot() throws Exception {
        host = new InProcessHost(tmp);
        TestBundles.drop(host.dist.deploy(), "good.jar", host.bundles.probe("1.0.0"));
        await().atMost(Duration.ofSeconds(3)).until(() -> host.deployed("good.jar") != null
                && host.deployed("good.jar").getState() == Bundle.ACTIVE);
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void aFileThatIsNotAJar() throws Exception {
        TestBundles.drop(host.dist.deploy(), "notes.jar", "just some notes".getBytes(StandardCharsets.UTF_8));
        assertReported("notes.jar", "not a jar file");
        fixAndRetry("notes.jar", "4.0.0");
    }

    @Test
    void aJarWithoutOsgiHeaders() throws Exception {
        TestBundles.drop(host.dist.deploy(), "plain.jar", TestBundles.plainJar());
        assertReported("plain.jar", "not an OSGi bundle");
        fixAndRetry("plain.jar", "5.0.0");
    }

    @Test
    void aBundleWhoseImportsDoNotResolve() throws Exception {
        TestBundles.drop(host.dist.deploy(), "unresolvable.jar", host.bundles.unresolvable());
        assertReported("unresolvable.jar", "missing package com.example.missing [1.0.0,2.0.0)");
        assertThat(host.deployed("unresolvable.jar").getState()).isEqualTo(Bundle.INSTALLED);
        fixAndRetry("unresolvable.jar", "6.0.0");
    }

    @Test
    void aBundleWhoseActivatorThrows() throws Exception {
        TestBundles.drop(host.dist.deploy(), "throwing.jar", host.bundles.throwing());
        assertReported("throwing.jar", "its activator failed on start: java.lang.IllegalStateException: the probe refuses to start");
        fixAndRetry("throwing.jar", "7.0.0");
    }

    /** The host stays UP apart from the bad file, the good bundle keeps running, and the reason is everywhere ops look. */
    private static void assertReported(String file, String reason) throws Exception {
        await(file + " reported in /health").atMost(Duration.ofSeconds(3)).until(() -> host.dist.get("/health").body().contains("deploy/" + file));
        HostHealth health = new HostHealth(host.dist);
        assertThat(health.report().path("status").asText()).isEqualTo("DEGRADED");
        JsonNode check = health.check("deploy/" + file).orElseThrow();
        assertThat(check.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(check.path("message").asText()).contains(reason);
        assertThat(health.check("platform").orElseThrow().path("status").asText()).isEqualTo("UP");
        assertThat(host.deployed("good.jar").getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(host.context().getBundles()).filteredOn(InProcessHost::isPlatform).allMatch(InProcessHost::isRunning);

        await(file + " in status.json").atMost(Duration.ofSeconds(3)).until(() -> statusFailure(file) != null);
        assertThat(statusFailure(file).path("reason").asText()).contains(reason);

        await(file + " logged").atMost(Duration.ofSeconds(3)).until(() -> host.dist.logText().contains("Deploy of " + file + " failed"));
        assertThat(health.linesSince(0, "Deploy of " + file + " failed")).as("log lines for " + file).singleElement().asString()
                .contains(reason);
    }

    /** Replacing the bad file with a good bundle clears the failure: it was retried because the file changed. */
    private static void fixAndRetry(String file, String version) throws Exception {
        byte[] good = host.bundles.client(version);
        // the client needs the probe's package, which good.jar exports
        TestBundles.drop(host.dist.deploy(), file, good);
        await(file + " retried").atMost(Duration.ofSeconds(3)).until(() -> {
            Bundle b = host.deployed(file);
            return b != null && b.getVersion().toString().equals(version) && b.getState() == Bundle.ACTIVE;
        });
        await(file + " no longer reported").atMost(Duration.ofSeconds(3))
                .until(() -> !host.dist.get("/health").body().contains("deploy/" + file) && statusFailure(file) == null);
        Files.delete(host.dist.deploy().resolve(file));
        await().atMost(Duration.ofSeconds(3)).until(() -> host.deployed(file) == null);
    }

    private static JsonNode statusFailure(String file) throws Exception {
        Path status = host.dist.home.resolve("data/run/status.json");
        if (!Files.exists(status)) {
            return null;
        }
        for (JsonNode f : JSON.readTree(status.toFile()).path("failures")) {
            if (f.path("file").asText().equals(file)) {
                return f;
            }
        }
        return null;
    }
}
