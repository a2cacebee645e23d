package dev.tributary.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path home;

    @Test
    void defaultsListOnLoopback8080WithEverythingUnderTheHome() throws Exception {
        Settings s = Settings.load(home, Map.of());
        assertThat(s.httpHost()).isEqualTo("127.0.0.1");
        assertThat(s.httpPort()).isEqualTo(8080);
        assertThat(s.data()).isEqualTo(home.resolve("data"));
        assertThat(s.deploy()).isEqualTo(home.resolve("deploy"));
        assertThat(s.httpUrl()).isEqualTo("http://127.0.0.1:8080/");
    }

    @Test
    void thePropertiesFileIsReadAndTheEnvironmentWins() throws Exception {
        properties("http.host = 0.0.0.0\nhttp.port = 9000\ndata.dir = /var/lib/tributary\n");
        Settings fromFile = Settings.load(home, Map.of());
        assertThat(fromFile.httpPort()).isEqualTo(9000);
        assertThat(fromFile.data()).isEqualTo(Path.of("/var/lib/tributary"));
        assertThat(fromFile.httpUrl()).as("a wildcard bind is reached through loopback").isEqualTo("http://127.0.0.1:9000/");

        Settings fromEnv = Settings.load(home, Map.of("TRIBUTARY_HTTP_PORT", "9100", "TRIBUTARY_HTTP_HOST", "127.0.0.2",
                "TRIBUTARY_DATA", "elsewhere"));
        assertThat(fromEnv.httpPort()).isEqualTo(9100);
        assertThat(fromEnv.httpHost()).isEqualTo("127.0.0.2");
        assertThat(fromEnv.data()).as("relative to the home").isEqualTo(home.resolve("elsewhere"));
    }

    @Test
    void theMasterKeyLivesOutsideTheDataDirectory() throws Exception {
        assertThat(Settings.load(home, Map.of()).masterKeyFile()).isEqualTo(home.resolve("keys/master.key"));
        properties("vault.key.file = data/master.key\n");
        assertThatThrownBy(() -> Settings.load(home, Map.of())).hasMessageContaining("inside the data directory");
    }

    @Test
    void aBadPortSaysWhereItCameFromAndWhatIsAllowed() throws Exception {
        properties("http.port = 99999\n");
        assertThatThrownBy(() -> Settings.load(home, Map.of()))
                .hasMessageContaining("http.port is '99999'").hasMessageContaining("tributary.properties")
                .hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> Settings.load(home, Map.of("TRIBUTARY_HTTP_PORT", "x")))
                .hasMessageContaining("TRIBUTARY_HTTP_PORT");
    }

    private void properties(String text) throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc").resolve(Settings.PROPERTIES_FILE), text);
    }
}
