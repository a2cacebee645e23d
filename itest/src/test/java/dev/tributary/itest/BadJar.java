package dev.tributary.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.osgi.framework.Version;

/**
 * A generated file for {@code deploy/} that cannot become a working bundle: not a zip, a truncated
 * jar, a manifest with a header the framework refuses, a bundle whose imports cannot resolve, or one
 * whose Declarative Services descriptions are broken.
 *
 * @param flaw   what is wrong, as a failing sample prints it
 * @param make   the file's bytes, given the test bundles and a symbolic name unique to the try
 * @param reason a regular expression the reported reason must match (found in it)
 */
record BadJar(String flaw, Maker make, String reason) {

    interface Maker {
        byte[] bytes(TestBundles bundles, String uniqueName) throws Exception;
    }

    @Override
    public String toString() {
        return flaw;
    }

    /** The kind of flaw, without the generated values: for the statistics of a run. */
    String kind() {
        return flaw.replaceAll("'[^']*'|\\d+", "…");
    }

    /** Every kind of flaw equally likely. */
    static Arbitrary<BadJar> any() {
        List<Arbitrary<BadJar>> all = new ArrayList<>(notJars());
        all.addAll(badManifests());
        all.addAll(badBundles());
        return Arbitraries.oneOf(all);
    }

    private static List<Arbitrary<BadJar>> notJars() {
        return List.of(
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2000).map(b -> new BadJar("random bytes (" + b.length + ")",
                        (t, n) -> {
                            byte[] c = b.clone();
                            c[0] = c[0] == 'P' ? (byte) 'Q' : c[0];
                            return c;
                        }, "^not a jar file")),
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(2000).map(b -> new BadJar("a zip header then random bytes",
                        (t, n) -> concat(new byte[] {'P', 'K', 3, 4}, b), "^the jar is truncated|^not a readable jar|no META-INF/MANIFEST.MF")),
                Arbitraries.doubles().between(0.01, 0.95).map(share -> new BadJar("a real bundle cut at " + Math.round(share * 100) + " %",
                        (t, n) -> {
                            byte[] whole = t.probe("1.0.0");
                            // the end-of-central-directory record (22 bytes) is the last part of a zip
                            return Arrays.copyOf(whole, Math.max(4, Math.min((int) (whole.length * share), whole.length - 23)));
                        }, "^the jar is truncated")),
                Arbitraries.just(new BadJar("a jar without OSGi headers", (t, n) -> TestBundles.plainJar(), "no Bundle-SymbolicName")));
    }

    private static List<Arbitrary<BadJar>> badManifests() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10);
        String invalid = "^its manifest is invalid: ";
        return List.of(
                Arbitraries.strings().withChars("0123456789.abcxyz-_ ").ofMinLength(1).ofMaxLength(12).filter(v -> !isVersion(v))
                        .map(v -> manifest("Bundle-Version '" + v + "'", m -> m.replace("Bundle-Version: 1.0.0", "Bundle-Version: " + v),
                                invalid + "Bundle-Version '" + v.trim() + "' is not a version")),
                Combinators.combine(word, Arbitraries.of(";", ",", ";;")).as((w, sep) -> manifest("Bundle-SymbolicName '" + w + sep + w + "'",
                        m -> m.replaceFirst("Bundle-SymbolicName: \\S+", "Bundle-SymbolicName: " + w + sep + w),
                        invalid + "Cannot have multiple symbolic names")),
                Arbitraries.of("0", "3", "99", "2.0", "-2", "abc", "two").map(v -> manifest("Bundle-ManifestVersion '" + v + "'",
                        m -> m.replace("Bundle-ManifestVersion: 2", "Bundle-ManifestVersion: " + v), invalid + "Unknown 'Bundle-ManifestVersion' value")),
                Combinators.combine(word, word.filter(w -> !isVersion(w))).as((p, v) -> manifest("Import-Package version '" + v + "'",
                        m -> m + "Import-Package: com.example." + p + ";version=" + v + "\r\n", invalid + "invalid range")),
                word.map(p -> manifest("Import-Package with an open quote", m -> m + "Import-Package: com.example." + p + ";version=\"1.0\r\n",
                        invalid + "Unable to parse header")),
                word.map(p -> manifest("Import-Package naming a package twice", m -> m + "Import-Package: com.example." + p + ",com.example." + p + "\r\n",
                        invalid + "Duplicate import")),
                Arbitraries.integers().between(513, 20_000).map(n -> manifest("a header line of " + n + " bytes",
                        m -> m + "X-Huge: " + "h".repeat(n) + "\r\n", "^not a readable jar: a line of META-INF/MANIFEST.MF is longer than 512 bytes")));
    }

    private static List<Arbitrary<BadJar>> badBundles() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10);
        String xml = "OSGI-INF/dev.tributary.itest.probe.xml";
        return List.of(
                word.map(p -> new BadJar("a bnd bundle importing com.missing." + p, (t, n) -> t.build(n, "1.0.0", Map.of(
                        "Private-Package", "dev.tributary.itest.client", "Bundle-Activator", "dev.tributary.itest.client.ClientActivator",
                        "Import-Package", "com.missing." + p + ";version=\"[1.0,2)\",*")),
                        "^missing package com\\.missing\\." + p + " \\[1\\.0\\.0,2\\.0\\.0\\): no deployed or platform bundle provides it")),
                Arbitraries.doubles().between(0.05, 0.95).map(share -> new BadJar("its DS description cut at " + Math.round(share * 100) + " %",
                        (t, n) -> replace(component(t, n), xml, x -> Arrays.copyOf(x, (int) (x.length * share))),
                        "^its component description " + xml + " is not valid XML \\(line \\d+: .+\\); rebuild the bundle$")),
                word.map(c -> new BadJar("its DS description names class com.missing." + c, (t, n) -> replace(component(t, n), xml,
                        x -> new String(x, StandardCharsets.UTF_8).replaceAll("class=\"[^\"]+\"", "class=\"com.missing." + c + "\"")
                                .getBytes(StandardCharsets.UTF_8)),
                        "^its component .+ is implemented by com\\.missing\\." + c + ", which the bundle cannot load")),
                Arbitraries.just(new BadJar("its DS description has no component", (t, n) -> replace(component(t, n), xml,
                        x -> "<?xml version=\"1.0\"?><components/>".getBytes(StandardCharsets.UTF_8)), "holds no <component> element")),
                Arbitraries.just(new BadJar("its Service-Component header names a missing file", (t, n) -> replace(component(t, n),
                        "META-INF/MANIFEST.MF", m -> new String(m, StandardCharsets.UTF_8).replace("OSGI-INF/dev.tributary", "OSGI-INF/gone.tributary")
                                .getBytes(StandardCharsets.UTF_8)), "^its component description OSGI-INF/gone\\.tributary.+ is not in the jar")));
    }

    /** A bundle of one DS component (the probe's classes, importing the package good.jar exports), named {@code name}. */
    private static byte[] component(TestBundles t, String name) throws Exception {
        return t.build(name, "1.0.0", Map.of("Private-Package", "dev.tributary.itest.probe",
                "-dsannotations", "dev.tributary.itest.probe.ProbeComponent", "-metatypeannotations", "!*"));
    }

    /** A manifest-only bundle whose good manifest {@code edit} spoils (lines end in CRLF; the blank line is added after). */
    private static BadJar manifest(String flaw, UnaryOperator<String> edit, String reason) {
        return new BadJar(flaw, (t, n) -> {
            String good = "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: " + n + "\r\nBundle-Version: 1.0.0\r\n";
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("META-INF/MANIFEST.MF", (edit.apply(good) + "\r\n").getBytes(StandardCharsets.UTF_8));
            entries.put("readme.txt", "a bundle with a bad manifest".getBytes(StandardCharsets.UTF_8));
            return zip(entries);
        }, reason);
    }

    private static boolean isVersion(String v) {
        try {
            Version.parseVersion(v);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The jar with one entry's bytes changed. */
    private static byte[] replace(byte[] jar, String entry, UnaryOperator<byte[]> change) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                entries.put(e.getName(), e.getName().equals(entry) ? change.apply(bytes) : bytes);
            }
        }
        if (!entries.containsKey(entry)) {
            throw new IllegalStateException("no " + entry + " in the jar: " + entries.keySet());
        }
        return zip(entries);
    }

    private static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
