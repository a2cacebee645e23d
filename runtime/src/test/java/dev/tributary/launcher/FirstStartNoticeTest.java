package dev.tributary.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/tributary start repeats the first start's banner from the log, and nothing else. */
class FirstStartNoticeTest {

    @TempDir
    Path dir;

    static final String STARS = "*".repeat(78);
    static final String BANNER = STARS + "\n" + StartCommand.FIRST_START + "\n\n    abcde-fghij-klmno-pqrst\n\nSign in with it at"
            + " http://127.0.0.1:8080/ …\nnothing else.\n" + STARS;

    @Test
    void theBannerLoggedByThisStartIsRepeated() throws Exception {
        Path log = dir.resolve("tributary.log");
        Files.writeString(log, "old line\n");
        long from = Files.size(log);
        Files.writeString(log, "old line\n2026-03-01 10:00:00,000 WARN  [main] dev.tributary.store.internal.FirstAdmin | \n" + BANNER
                + "\n2026-03-01 10:00:01,000 INFO  [x] y | Tributary 1.0 is up: http://127.0.0.1:8080/\n");

        assertThat(StartCommand.firstStartNotice(log, from, System.nanoTime())).hasValue(BANNER);
    }

    @Test
    void aStartThatCreatedNobodyRepeatsNothing() throws Exception {
        Path log = dir.resolve("tributary.log");
        Files.writeString(log, "earlier start:\n" + BANNER + "\n");
        long from = Files.size(log);
        Files.writeString(log, Files.readString(log) + "2026-03-01 INFO x | Tributary 1.0 is up: http://127.0.0.1:8080/\n");

        assertThat(StartCommand.firstStartNotice(log, from, System.nanoTime())).isEmpty();
        assertThat(StartCommand.firstStartNotice(dir.resolve("missing.log"), 0, System.nanoTime())).isEmpty();
    }
}
