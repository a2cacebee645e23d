package dev.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void showsMinAndMedianOfTheRunsAndJudgesTheMedian() {
        Figure start = new Figure("cold start", "ms", 0).atMost(1500);
        for (double ms : new double[] {2100, 1400, 1450, 3000, 1490}) {
            start.add(ms);
        }
        assertThat(start.min()).isEqualTo("1,400 ms");
        assertThat(start.median()).as("the median of 5 runs").isEqualTo("1,490 ms");
        assertThat(start.runs()).isEqualTo(5);
        assertThat(start.goal()).isEqualTo("≤ 1,500 ms");
        assertThat(start.met()).as("median 1490 ≤ 1500").isEqualTo("yes");
        assertThat(start.ratio()).as("no peer").isEmpty();
    }

    @Test
    void comparesWithThePeerOfTheSameRun() {
        Figure ingest = new Figure("end to end", "docs/s", 0).versus("raw Lucene").ratioAtLeast(0.8);
        ingest.add(4_000, 20_000); // 0.2
        ingest.add(5_000, 25_000); // 0.2
        ingest.add(9_000, 10_000); // 0.9: a slow raw run, not a fast ingest
        assertThat(ingest.ratio()).as("the median of the runs' ratios").isEqualTo("0.20× raw Lucene");
        assertThat(ingest.goal()).isEqualTo("≥ 0.80× raw Lucene");
        assertThat(ingest.met()).isEqualTo("no");
        assertThat(ingest.median()).isEqualTo("5,000 docs/s");
    }

    @Test
    void saysNothingOfAGoalBeforeAnyRun() {
        Figure f = new Figure("p95", "ms", 2).atMost(10);
        assertThat(f.met()).isEmpty();
        assertThat(f.min()).isEmpty();
        assertThat(f.goal()).isEqualTo("≤ 10.00 ms");
    }

    @Test
    void refusesARatioWithoutAPeerAndAValueWithoutItsPeer() {
        assertThatThrownBy(() -> new Figure("x", "", 0).ratioAtMost(1)).hasMessageContaining("has no peer");
        assertThatThrownBy(() -> new Figure("x", "", 0).versus("listings").add(3)).hasMessageContaining("compared with listings");
    }
}
