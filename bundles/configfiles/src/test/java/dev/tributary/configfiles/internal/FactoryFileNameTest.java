package dev.tributary.configfiles.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FactoryFileNameTest {

    @Test
    void theFactoryPidIsBeforeTheFirstTildeAndTheNameIsTheRest() {
        FactoryFileName n = FactoryFileName.parse("dev.tributary.connector.filesystem~docs.cfg");
        assertThat(n.factoryPid()).isEqualTo("dev.tributary.connector.filesystem");
        assertThat(n.name()).isEqualTo("docs");
        assertThat(n.pid()).isEqualTo("dev.tributary.connector.filesystem~docs");
        assertThat(n.fileName()).isEqualTo("dev.tributary.connector.filesystem~docs.cfg");

        FactoryFileName more = FactoryFileName.parse("acme~team_a-b.c.cfg");
        assertThat(more.factoryPid()).isEqualTo("acme");
        assertThat(more.name()).isEqualTo("team_a-b.c");
        assertThat(more.pid()).isEqualTo("acme~team_a-b.c");
    }

    @Test
    void aNameTheRestApiWouldRefuseAsAnInstanceIdIsRefusedHere() {
        for (String name : new String[] {"team~a", "my docs", "dökümanlar", "😀", "-dash", ".hidden", "x".repeat(201)}) {
            assertThatThrownBy(() -> FactoryFileName.parse("acme~" + name + ".cfg")).as(name)
                    .hasMessageContaining("must be 1 to 200 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        assertThatThrownBy(() -> FactoryFileName.parse("acme~my\u00a0docs.cfg")).hasMessageContaining("('my\u00a0docs', the instance name)");
        assertThatThrownBy(() -> FactoryFileName.parse("acme~new\nline.cfg")).hasMessage("the name holds a control character (a line break?)");
        assertThatThrownBy(() -> FactoryFileName.parse("ac\tme.cfg")).hasMessage("the name holds a control character (a line break?)");
        assertThat(FactoryFileName.hasControlCharacter("new\nline.cfg")).isTrue();
        assertThat(FactoryFileName.parse("acme~" + "x".repeat(200) + ".cfg").name()).hasSize(200);
    }

    @Test
    void onlyCfgFilesWithATildeInTheirBaseNameAreHandled() {
        assertThat(FactoryFileName.isTildeForm("dev.tributary.connector.filesystem~docs.cfg")).isTrue();
        assertThat(FactoryFileName.isTildeForm("~docs.cfg")).isTrue(); // ours, to report it
        assertThat(FactoryFileName.isTildeForm("dev.tributary.connector.filesystem-docs.cfg")).isFalse();
        assertThat(FactoryFileName.isTildeForm("dev.tributary.scheduler.cfg")).isFalse();
        assertThat(FactoryFileName.isTildeForm("a~b.cfg.bak")).isFalse();
        assertThat(FactoryFileName.isTildeForm("a~b.config")).isFalse();
        assertThat(FactoryFileName.isTildeForm("a.cfg~")).isFalse();
    }

    @Test
    void anEmptyFactoryPidOrNameIsNamedAsTheProblem() {
        assertThatThrownBy(() -> FactoryFileName.parse("~docs.cfg")).hasMessageContaining("before '~'").hasMessageContaining("is empty");
        assertThatThrownBy(() -> FactoryFileName.parse("dev.tributary.connector.filesystem~.cfg"))
                .hasMessageContaining("after '~'").hasMessageContaining("is empty");
        assertThatThrownBy(() -> FactoryFileName.parse(" ~docs.cfg")).hasMessageContaining("before '~'");
        assertThatThrownBy(() -> FactoryFileName.parse("plain.cfg")).hasMessageContaining("not <factory pid>~<name>.cfg");
    }

    @Test
    void theDashFormNamingTheSameConfigurationIsKnownUnlessThePidHoldsADash() {
        assertThat(FactoryFileName.parse("dev.tributary.connector.filesystem~docs.cfg").dashFileName())
                .hasValue("dev.tributary.connector.filesystem-docs.cfg");
        assertThat(FactoryFileName.parse("acme~my-docs.cfg").dashFileName()).hasValue("acme-my-docs.cfg");
        // FileInstall reads my-connector-docs.cfg as factory "my", name "connector-docs": not the same configuration
        assertThat(FactoryFileName.parse("my-connector~docs.cfg").dashFileName()).isEmpty();
    }
}
