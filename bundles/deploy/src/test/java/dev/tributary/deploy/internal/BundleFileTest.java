package dev.tributary.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

class BundleFileTest {

    @Test
    void aBundleJarIsRecognisedWithItsNameAndVersion() throws IOException {
        BundleFile f = BundleFile.inspect(jar("acme.connector;singleton:=true", "1.2.3"));
        assertThat(f.kind).isEqualTo(BundleFile.Kind.BUNDLE);
        assertThat(f.symbolicName).isEqualTo("acme.connector");
        assertThat(f.version).isEqualTo("1.2.3");
        assertThat(f.sha256()).hasSize(64);
    }

    @Test
    void plainTextIsNotAJar() {
        BundleFile f = BundleFile.inspect("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(f.kind).isEqualTo(BundleFile.Kind.INVALID);
        assertThat(f.problem).contains("not a jar file");
    }

    @Test
    void aJarWithoutBundleHeadersIsNotABundle() throws IOException {
        BundleFile f = BundleFile.inspect(jar(null, null));
        assertThat(f.kind).isEqualTo(BundleFile.Kind.INVALID);
        assertThat(f.problem).contains("no Bundle-SymbolicName");
    }

    @Test
    void aZipWithoutManifestIsNotABundle() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new ZipEntry("readme.txt"));
            jar.write("x".getBytes(StandardCharsets.UTF_8));
        }
        BundleFile f = BundleFile.inspect(out.toByteArray());
        assertThat(f.kind).isEqualTo(BundleFile.Kind.INVALID);
        assertThat(f.problem).contains("no META-INF/MANIFEST.MF");
    }

    @Test
    void aTruncatedJarIsIncompleteNotInstalled() throws IOException {
        byte[] whole = jar("acme", "1.0.0");
        BundleFile f = BundleFile.inspect(Arrays.copyOf(whole, whole.length / 2));
        assertThat(f.kind).isEqualTo(BundleFile.Kind.INCOMPLETE);
        assertThat(f.problem).contains("truncated");
    }

    @Test
    void aJarWithAnEntryNameThatIsNotUtf8IsReportedNotThrown() throws IOException {
        byte[] bytes = jar("acme", "1.0.0");
        byte[] name = "acme/Data.txt".getBytes(StandardCharsets.US_ASCII);
        // the name appears in the local header and in the central directory
        for (int i = 0; i + name.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + name.length, name, 0, name.length)) {
                bytes[i] = (byte) 0xFF;
            }
        }
        BundleFile f = BundleFile.inspect(bytes);
        assertThat(f.kind).isEqualTo(BundleFile.Kind.INVALID);
        assertThat(f.problem).isEqualTo("not a readable jar: the name of an entry is not valid UTF-8");
    }

    @Test
    void aManifestLineOver512BytesIsNamed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(("Manifest-Version: 1.0\r\nBundle-SymbolicName: acme\r\nX-Huge: " + "h".repeat(600) + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        BundleFile f = BundleFile.inspect(out.toByteArray());
        assertThat(f.kind).isEqualTo(BundleFile.Kind.INVALID);
        assertThat(f.problem).startsWith("not a readable jar: a line of META-INF/MANIFEST.MF is longer than 512 bytes");
    }

    @Test
    void aBundleVersionThatIsNotAVersionIsNamed() throws IOException {
        BundleFile f = BundleFile.inspect(jar("acme", "1.x.3"));
        assertThat(f.kind).isEqualTo(BundleFile.Kind.INVALID);
        assertThat(f.problem).startsWith("its manifest is invalid: Bundle-Version '1.x.3' is not a version (");
    }

    static byte[] jar(String bsn, String version) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
            m.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
            m.getMainAttributes().putValue("Bundle-Version", version);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.putNextEntry(new ZipEntry("acme/Data.txt"));
            jar.write(new byte[4096]);
        }
        return out.toByteArray();
    }
}
