package dev.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultsTest {

    private static Results twoBenchmarks() {
        Results results = new Results();
        Results.Section host = results.section("host", "Host runtime");
        host.method("Started with `bin/tributary run`.");
        Figure start = host.figure("cold start", "ms", 0).atMost(1500);
        start.add(2000);
        start.add(1000);
        start.add(1200);
        host.note("Measured while others built.");
        Results.Section search = results.section("search", "Search");
        Figure pg = search.figure("PostgreSQL p95", "ms", 1).versus("Tributary");
        pg.add(50, 2);
        return results;
    }

    @Test
    void printsEveryFigureInOnePaddedTable() {
        assertThat(twoBenchmarks().table()).isEqualTo(""
                + "| benchmark | figure         |      min |   median | runs | goal       | ratio           | met |\n"
                + "|-----------|----------------|---------:|---------:|-----:|------------|-----------------|-----|\n"
                + "| host      | cold start     | 1,000 ms | 1,200 ms |    3 | ≤ 1,500 ms |                 | yes |\n"
                + "| search    | PostgreSQL p95 |  50.0 ms |  50.0 ms |    1 |            | 25.0× Tributary |     |\n");
    }

    @Test
    void writesEachBenchmarkAsASectionWithItsMethodFiguresAndNotes() {
        String md = twoBenchmarks().markdown("Written by a test.", "- CPU: test");
        assertThat(md).startsWith("# Benchmarks\n\nWritten by a test.\n\n## Machine\n\n- CPU: test\n\n## Host runtime\n\n"
                + "Started with `bin/tributary run`.\n\n| figure     |")
                .contains("| cold start | 1,000 ms | 1,200 ms |    3 | ≤ 1,500 ms |       | yes |\n\nMeasured while others built.\n\n## Search\n\n")
                .endsWith("| PostgreSQL p95 | 50.0 ms | 50.0 ms |    1 |      | 25.0× Tributary |     |\n");
    }

    @Test
    void showsAFailedBenchmarkInTheTableAndItsSection() {
        Results results = twoBenchmarks();
        Results.Section ingest = results.section("ingest", "Ingest");
        ingest.failed(new IllegalStateException("the full sync should have added 10 files"));
        assertThat(results.anyFailed()).isTrue();
        assertThat(results.table()).contains("| ingest    | FAILED: java.lang.IllegalStateException: the full sync should have added 10 files |");
        assertThat(results.markdown("p", "m")).endsWith("## Ingest\n\n**Failed**: `java.lang.IllegalStateException: the full sync "
                + "should have added 10 files`\n");
    }
}
