package dev.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void readsNameValuePairsWithDefaultsForTheRest() {
        Options o = Options.parse(new String[] {"--mode", "quick", "--dist", "x/y"}, "mode", "dist", "out", "jfr");
        assertThat(o.get("mode", "full")).isEqualTo("quick");
        assertThat(o.path("dist", "runtime")).isEqualTo(Paths.get("x/y"));
        assertThat(o.path("out", "docs/BENCHMARKS.md")).isEqualTo(Paths.get("docs/BENCHMARKS.md"));
        assertThat(o.has("jfr")).isFalse();
        assertThat(o.path("jfr")).isNull();
    }

    @Test
    void refusesUnknownNamesAndLoneWords() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--fils", "2"}, "files")).hasMessageContaining("unknown option --fils");
        assertThatThrownBy(() -> Options.parse(new String[] {"--files"}, "files")).hasMessageContaining("--name value pairs");
        assertThatThrownBy(() -> Options.parse(new String[] {"files", "2"}, "files")).hasMessageContaining("--name value pairs");
    }
}
