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
