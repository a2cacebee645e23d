package dev.tributary.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupListTest {

    @TempDir
    Path system;

    @Test
    void readsLevelsAndFilesInOrder() throws Exception {
        Files.writeString(system.resolve("a.jar"), "");
        Files.writeString(system.resolve("b.jar"), "");
        Files.writeString(system.resolve(StartupList.FILE), "# comment\n1 a.jar\n\n5 b.jar\n");
        StartupList list = StartupList.read(system);
        assertThat(list.entries()).extracting(StartupList.Entry::startLevel).containsExactly(1, 5);
        assertThat(list.entries().get(1).file()).isEqualTo(system.resolve("b.jar"));
        assertThat(list.highestLevel()).isEqualTo(5);
    }

    @Test
    void aMissingJarOrListIsNamed() throws Exception {
        assertThatThrownBy(() -> StartupList.read(system)).hasMessageContaining("startup.list is missing");
        Files.writeString(system.resolve(StartupList.FILE), "1 gone.jar\n");
        assertThatThrownBy(() -> StartupList.read(system)).hasMessageContaining("line 1 names gone.jar");
    }
}
