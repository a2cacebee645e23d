package dev.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTest {

    private static final String DOC = "# Benchmarks\n\n## Machine\n\nold machine\n\n## Host runtime\n\nold host\n\n## Index\n\nindex figures\n";

    @Test
    void replacesOnlyItsOwnSection() {
        String out = Report.withSection(DOC, "Host runtime", "new host\n");
        assertThat(out).isEqualTo("# Benchmarks\n\n## Machine\n\nold machine\n\n## Host runtime\n\nnew host\n\n## Index\n\nindex figures\n");
    }

    @Test
    void replacesTheLastSection() {
        assertThat(Report.withSection(DOC, "Index", "new index")).endsWith("## Index\n\nnew index\n")
                .contains("old host").doesNotContain("index figures");
    }

    @Test
    void appendsAMissingSection() {
        assertThat(Report.withSection(DOC, "Search", "p95 3 ms")).startsWith(DOC.stripTrailing())
                .endsWith("\n\n## Search\n\np95 3 ms\n");
    }

    @Test
    void doesNotMistakeALongerHeadingForItsOwn() {
        String doc = "# B\n\n## Index (component)\n\nkeep\n";
        assertThat(Report.withSection(doc, "Index", "x")).contains("## Index (component)\n\nkeep").endsWith("## Index\n\nx\n");
    }
}
