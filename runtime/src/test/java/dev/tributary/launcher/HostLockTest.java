package dev.tributary.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostLockTest {

    @TempDir
    Path data;

    @Test
    void theLockIsExclusiveNamesItsHolderAndIsFreeAfterClose() throws Exception {
        Path file = data.resolve("tributary.lock");
        assertThat(HostLock.holder(file)).isEmpty();
        Optional<HostLock> first = HostLock.tryAcquire(file);
        assertThat(first).isPresent();
        assertThat(HostLock.holder(file)).hasValue(ProcessHandle.current().pid());
        assertThat(HostLock.tryAcquire(file)).as("a second host").isEmpty();
        first.get().close();
        assertThat(HostLock.holder(file)).isEmpty();
        try (HostLock again = HostLock.tryAcquire(file).orElseThrow()) {
            assertThat(again).isNotNull();
        }
    }
}
