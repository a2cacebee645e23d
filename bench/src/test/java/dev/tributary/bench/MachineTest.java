package dev.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineTest {

    @Test
    void namesCpuRamDiskOsAndJdk(@TempDir Path dir) throws Exception {
        String machine = Machine.describe(dir);
        assertThat(machine.lines()).as(machine).hasSize(5);
        assertThat(machine).containsPattern("- CPU: .+, " + Runtime.getRuntime().availableProcessors() + " cores\n")
                .containsPattern("- RAM: [0-9.]+ GiB\n")
                .containsPattern("- Disk: \\S+ on .+, [0-9]+ GiB \\([0-9]+ GiB free\\)\n")
                .containsPattern("- OS: .+, kernel " + System.getProperty("os.version"))
                .contains("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }
}
