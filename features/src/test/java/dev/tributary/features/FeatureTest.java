package dev.tributary.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureTest {

    @Test
    void parsesFrameworkBundlesAndLevelsInOrder() {
        Feature f = Feature.parse("x", """
                # comment
                framework org.apache.felix:org.apache.felix.framework:7.0.5
                1 org.ops4j.pax.logging:pax-logging-api:2.3.2   # trailing comment
                5 dev.tributary:api:0.1.0
                """);
        assertThat(f.framework().fileName()).isEqualTo("org.apache.felix.framework-7.0.5.jar");
        assertThat(f.bundles()).extracting(Feature.Entry::startLevel).containsExactly(1, 5);
        assertThat(f.bundles().get(0).artifact().fileName()).isEqualTo("org.ops4j.pax.logging.pax-logging-api-2.3.2.jar");
        assertThat(f.bundles().get(1).artifact().fileName()).isEqualTo("dev.tributary.api-0.1.0.jar");
    }

    @Test
    void anUndefinedVersionPropertyIsNamed() {
        assertThatThrownBy(() -> Feature.parse("x", "1 a:b:${nope}\n"))
                .hasMessageContaining("x.feature line 1").hasMessageContaining("property is not defined");
    }

    @Test
    void deployLevelsAreReserved() {
        assertThatThrownBy(() -> Feature.parse("x", "20 a:b:1\n")).hasMessageContaining("must be 1..19");
    }

    @Test
    void theCoreFeatureIsCompleteAndFilteredByTheBuild() throws IOException {
        Feature core = Assemble.load("core");
        assertThat(core.framework()).isNotNull();
        assertThat(core.bundles()).extracting(e -> e.artifact().artifactId())
                .contains("org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.metatype",
                        "org.apache.felix.fileinstall", "org.apache.felix.http.jetty12", "pax-logging-log4j2",
                        "api", "deploy", "host", "configfiles");
        // logging starts before anything that logs
        assertThat(core.bundles().get(0).artifact().artifactId()).isEqualTo("pax-logging-api");
        // the ~ installer is registered before FileInstall's first scan of etc/: same level, listed before it
        List<String> order = core.bundles().stream().map(e -> e.artifact().artifactId()).toList();
        Feature.Entry configFiles = core.bundles().get(order.indexOf("configfiles"));
        Feature.Entry fileInstall = core.bundles().get(order.indexOf("org.apache.felix.fileinstall"));
        assertThat(configFiles.startLevel()).isEqualTo(fileInstall.startLevel());
        assertThat(order.indexOf("configfiles")).isLessThan(order.indexOf("org.apache.felix.fileinstall"));
    }
}
