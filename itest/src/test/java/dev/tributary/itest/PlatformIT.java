package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/** The assembled platform boots completely: every bundle active, nothing unresolved, /health UP. */
class PlatformIT {

    @TempDir
    static Path tmp;
    static InProcessHost host;

    @BeforeAll
    static void boot() throws Exception {
        host = new InProcessHost(tmp);
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void everyPlatformBundleIsActiveAndNothingIsUnresolved() {
        List<Bundle> bundles = Arrays.asList(host.context().getBundles());
        assertThat(bundles).extracting(Bundle::getSymbolicName).contains(
                "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.metatype",
                "org.apache.felix.fileinstall", "org.apache.felix.http.jetty12",
                "org.ops4j.pax.logging.pax-logging-log4j2", "dev.tributary.api", "dev.tributary.deploy", "dev.tributary.host");
        assertThat(bundles).allSatisfy(b -> assertThat(InProcessHost.isRunning(b))
                .as("%s is %s", b.getSymbolicName(), b.getState()).isTrue());
    }

    @Test
    void healthIsUpAndNamesItsChecks() throws Exception {
        HttpResponse<String> r = host.dist.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode json = new ObjectMapper().readTree(r.body());
        assertThat(json.path("status").asText()).isEqualTo("UP");
        assertThat(json.path("checks").findValuesAsText("name")).contains("platform", "deploy");
        assertThat(json.path("checks").findValuesAsText("status")).containsOnly("UP");
    }

    @Test
    void theLogFileReceivesThePlatformsLogging() throws Exception {
        assertThat(host.dist.logText()).contains("Watching " + host.dist.deploy());
    }
}
