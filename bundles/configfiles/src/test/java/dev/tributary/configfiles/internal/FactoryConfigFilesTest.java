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
    void aFileChangedInTheLastMomentsIsReadOnlyOnceItHasBeenLeftAlone() {
        // FileInstall truncates a file to write a configuration back into it: read in that moment, it is empty
        assertThat(FactoryConfigFiles.changedWithin(0)).isTrue();
        assertThat(FactoryConfigFiles.changedWithin(FactoryConfigFiles.SETTLE_MILLIS - 1)).isTrue();
        assertThat(FactoryConfigFiles.changedWithin(FactoryConfigFiles.SETTLE_MILLIS)).isFalse();
        assertThat(FactoryConfigFiles.changedWithin(60_000)).isFalse();
        assertThat(FactoryConfigFiles.changedWithin(-5_000)).as("changed 'in the future' (the clock was set back): read now").isFalse();
    }

    @Test
    void pidsAreEscapedInFilters() {
        assertThat(FactoryConfigFiles.escape("a~b(c)*\\d")).isEqualTo("a~b\\(c\\)\\*\\\\d");
    }
}
