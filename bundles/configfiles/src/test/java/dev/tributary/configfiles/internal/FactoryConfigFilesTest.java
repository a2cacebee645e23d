package dev.tributary.configfiles.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import org.junit.jupiter.api.Test;

class FactoryConfigFilesTest {

    @Test
    void theFileUriIsWrittenAsFileInstallWritesIt() {
        File f = new File("/opt/tributary/etc/acme~docs.cfg");
        assertThat(FactoryConfigFiles.uri(f)).isEqualTo("file:/opt/tributary/etc/acme~docs.cfg");
    }

    @Test
    void aPlainConfigurationIsALeftOverOnlyOfTheTildeFileOfTheSamePid() {
        assertThat(FactoryConfigFiles.isLeftOverFrom("acme~docs", "file:/opt/t/etc/acme~docs.cfg")).isTrue();
        assertThat(FactoryConfigFiles.isLeftOverFrom("acme~docs", "file:/opt/t/etc/acme~other.cfg")).isFalse();
        assertThat(FactoryConfigFiles.isLeftOverFrom("acme~docs", "file:/opt/t/etc/acme-docs.cfg")).isFalse();
        assertThat(FactoryConfigFiles.isLeftOverFrom("acme~docs", "not a uri")).isFalse();
    }

    @Test
    void pidsAreEscapedInFilters() {
        assertThat(FactoryConfigFiles.escape("a~b(c)*\\d")).isEqualTo("a~b\\(c\\)\\*\\\\d");
    }
}
