package dev.tributary.itest;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Builds the bundles (good and bad) that tests and benchmarks drop into {@code deploy/}, with bnd
 * from the compiled fixtures, and drops them the way ops should: written aside, then moved in.
 */
public final class TestBundles {

    public static final String PROBE = "dev.tributary.itest.probe";
    public static final String CLIENT = "dev.tributary.itest.client";

    private final File classes;
    private final File api;

    /** @param classes the compiled fixtures (this module's target/classes) */
    public TestBundles(Path classes) {
        this.classes = classes.toFile();
        this.api = codeSource(dev.tributary.api.health.HealthCheck.class);
    }

    /** The probe connector at {@code version}: a DS component with a thread, exporting a package. */
    public byte[] probe(String version) throws Exception {
        return build(PROBE, version, Map.of(
                "Private-Package", "dev.tributary.itest.probe",
                "Export-Package", "dev.tributary.itest.probe.shared",
                "-dsannotations", "dev.tributary.itest.probe.ProbeComponent",
                "-metatypeannotations", "dev.tributary.itest.probe.ProbeComponent*"));
    }

    /** A connector whose instances authenticate with OAuth (settings from their configuration). */
    public byte[] oauthProbe() throws Exception {
        return build("dev.tributary.itest.oauthprobe", "1.0.0", Map.of(
                "Private-Package", "dev.tributary.itest.oauthprobe",
                "-dsannotations", "dev.tributary.itest.oauthprobe.*",
                "-metatypeannotations", "!*"));
    }

    /** A connector that uses one instance's OAuth credential from several threads and from webhook runs at once. */
    public byte[] tokenProbe() throws Exception {
        return build("dev.tributary.itest.tokenprobe", "1.0.0", Map.of(
                "Private-Package", "dev.tributary.itest.tokenprobe",
                "-dsannotations", "dev.tributary.itest.tokenprobe.*",
                "-metatypeannotations", "!*"));
    }

    /** Depends on the probe's exported package. */
    public byte[] client(String version) throws Exception {
        return build(CLIENT, version, Map.of(
                "Private-Package", "dev.tributary.itest.client",
                "Bundle-Activator", "dev.tributary.itest.client.ClientActivator"));
    }

    /** A bundle whose activator throws. */
    public byte[] throwing() throws Exception {
        return withActivator("dev.tributary.itest.throwing", "dev.tributary.itest.probe.ThrowingActivator", Map.of());
    }

    /** A bundle whose stop takes a minute. */
    public byte[] slowToStop() throws Exception {
        return withActivator("dev.tributary.itest.slowstop", "dev.tributary.itest.probe.SlowStopActivator", Map.of());
    }

    /** A bundle importing a package nobody exports. */
    public byte[] unresolvable() throws Exception {
        return withActivator("dev.tributary.itest.unresolvable", "dev.tributary.itest.client.ClientActivator",
                Map.of("Import-Package", "com.example.missing;version=\"[1.0,2)\",*"));
    }

    /** A bundle of one activator (and the classes of its package), without components. */
    private byte[] withActivator(String bsn, String activator, Map<String, String> extra) throws Exception {
        Map<String, String> instructions = new java.util.HashMap<>(extra);
        instructions.put("Private-Package", activator.substring(0, activator.lastIndexOf('.')));
        instructions.put("Bundle-Activator", activator);
        instructions.put("-dsannotations", "!*");
        instructions.put("-metatypeannotations", "!*");
        return build(bsn, "1.0.0", instructions);
    }

    /** A plain jar: a manifest without OSGi headers. */
    public static byte[] plainJar() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.putNextEntry(new ZipEntry("com/example/Plain.txt"));
            jar.write("plain".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /**
     * A bundle {@code bsn} at {@code version}, built by bnd from the classes given to the
     * constructor (and the API jar) with these instructions (e.g. {@code Private-Package},
     * {@code -dsannotations}): how benchmarks build their own connectors from their compiled classes.
     */
    public byte[] build(String bsn, String version, Map<String, String> instructions) throws Exception {
        try (Builder b = new Builder()) {
            b.addClasspath(classes);
            b.addClasspath(api);
            b.setProperty("Bundle-SymbolicName", bsn);
            b.setProperty("Bundle-Version", version);
            instructions.forEach(b::setProperty);
            Jar jar = b.build();
            if (!b.isOk()) {
                throw new IllegalStateException("bnd could not build " + bsn + ": " + b.getErrors());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            jar.write(out);
            return out.toByteArray();
        }
    }

    /** Writes beside the folder first, then renames into it: the watcher never sees a partial file. */
    public static void drop(Path deployDir, String fileName, byte[] content) throws IOException {
        Path tmp = deployDir.resolve("." + fileName + ".part");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(content);
        }
        Files.move(tmp, deployDir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static File codeSource(Class<?> c) {
        try {
            return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the jar of " + c, e);
        }
    }
}
