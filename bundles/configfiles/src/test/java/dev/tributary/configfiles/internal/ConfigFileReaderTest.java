package dev.tributary.configfiles.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.configfiles.internal.ConfigFileReader.InvalidFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileReaderTest {

    @TempDir
    Path tmp;

    @Test
    void keyValueLinesAreReadAsTrimmedStringsInUtf8() throws Exception {
        Path f = write("""
                # comment
                ! also a comment
                root = /srv/dökümanlar   \t
                schedule=manual
                include : **.md, **.pdf
                empty =
                long = one \\
                       two
                escaped = caf\\u00e9
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(ConfigFileReader.read(f)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "root", "/srv/dökümanlar",
                "schedule", "manual",
                "include", "**.md, **.pdf",
                "empty", "",
                "long", "one two",
                "escaped", "café"));
    }

    @Test
    void bookkeepingPropertiesInTheFileAreIgnored() throws Exception {
        Path f = write("""
                root = /srv
                service.pid = other
                service.factoryPid = other
                service.bundleLocation = somewhere
                felix.fileinstall.filename = file:/elsewhere.cfg
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(ConfigFileReader.read(f)).containsExactly(Map.entry("root", "/srv"));
    }

    @Test
    void anEmptyFileHasNoProperties() throws Exception {
        assertThat(ConfigFileReader.read(write(new byte[0]))).isEmpty();
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedWithTheReason() throws Exception {
        Path f = write("root = /srv/d\u00f6k\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ConfigFileReader.read(f)).isInstanceOf(InvalidFileException.class).hasMessage("it is not UTF-8 text");
    }

    @Test
    void utf16IsNotUtf8EvenWhereItsBytesWouldDecode() throws Exception {
        // without a byte order mark, UTF-16 text of ASCII characters is valid UTF-8, with NUL between the letters
        Path f = write("root = /srv\n".getBytes(StandardCharsets.UTF_16LE));
        assertThatThrownBy(() -> ConfigFileReader.read(f)).isInstanceOf(InvalidFileException.class)
                .hasMessage("it is not UTF-8 text (it holds NUL bytes: saved as UTF-16, or not text at all)");
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstKey() throws Exception {
        Path f = write("\uFEFFroot = /srv\n".getBytes(StandardCharsets.UTF_8));
        assertThat(ConfigFileReader.read(f)).containsExactly(Map.entry("root", "/srv"));
    }

    @Test
    void aFileOverAMebibyteIsRefusedUnread() throws Exception {
        Path f = write(("root = " + "x".repeat((int) ConfigFileReader.MAX_BYTES)).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ConfigFileReader.read(f)).isInstanceOf(InvalidFileException.class)
                .hasMessage("it is 1048583 bytes long; a configuration file holds at most 1048576 bytes");
    }

    @Test
    void aBrokenEscapeIsRefusedWithTheReason() throws Exception {
        Path f = write("root = \\u12\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ConfigFileReader.read(f)).isInstanceOf(InvalidFileException.class)
                .hasMessageStartingWith("it is not in key = value form");
    }

    @Test
    void aValueWithoutKeyIsRefused() throws Exception {
        Path f = write("= /srv\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ConfigFileReader.read(f)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("no key");
    }

    @Test
    void anUnreadableFileIsRefusedWithTheReason() throws Exception {
        Path f = write("root = /srv\n".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(f)) {
            return; // running as root: nothing is unreadable
        }
        assertThatThrownBy(() -> ConfigFileReader.read(f)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("permission denied");
    }

    @Test
    void aMissingFileIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ConfigFileReader.read(tmp.resolve("gone~x.cfg"))).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("disappeared");
    }

    private Path write(byte[] content) throws Exception {
        return Files.write(tmp.resolve("acme~x.cfg"), content);
    }
}
