package dev.tributary.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Builds the distribution folder from a feature: the platform bundles into {@code system/} with
 * {@code system/startup.list}, the launcher, and the files under {@code src/main/dist}. Run by the
 * runtime module's build; fails with a clear message when the feature and the build disagree.
 *
 * <pre>Assemble &lt;core feature&gt;[,&lt;connector feature&gt;…] &lt;artifacts dir&gt; &lt;launcher jar&gt; &lt;dist sources&gt; &lt;output dir&gt; &lt;version&gt;</pre>
 * The artifacts dir holds the runtime module's direct dependencies as {@code groupId.artifactId-version.jar}.
 * The core feature fills {@code system/}; a feature {@code connector-<id>} fills {@code connectors/<id>/},
 * the jars ops copy into {@code deploy/}.
 */
public final class Assemble {

    private Assemble() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: Assemble <feature> <artifacts dir> <launcher jar> <dist sources> <output dir> <version>");
        }
        String[] names = args[0].split(",");
        List<Feature> connectors = new ArrayList<>();
        for (int i = 1; i < names.length; i++) {
            connectors.add(load(names[i].trim()));
        }
        assemble(load(names[0].trim()), connectors, Paths.get(args[1]), Paths.get(args[2]), Paths.get(args[3]), Paths.get(args[4]), args[5]);
    }

    static Feature load(String name) throws IOException {
        try (InputStream in = Assemble.class.getResourceAsStream("/features/" + name + ".feature")) {
            if (in == null) {
                throw new IllegalArgumentException("no feature '" + name + "' (features/src/main/features/" + name + ".feature)");
            }
            return Feature.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static void assemble(Feature feature, List<Feature> connectors, Path artifacts, Path launcher, Path distSources, Path out,
            String version) throws IOException {
        deleteTree(out);
        copyTree(distSources, out, version);
        Path system = Files.createDirectories(out.resolve("system"));
        Set<String> used = new HashSet<>();
        List<String> startup = new ArrayList<>();
        startup.add("# Platform bundles in start order: <start level> <file>. Written by the build from features/"
                + feature.name() + ".feature; edit that, not this.");
        if (feature.framework() != null) {
            copyArtifact(feature, feature.framework(), artifacts, system, used);
        }
        for (Feature.Entry e : feature.bundles()) {
            copyArtifact(feature, e.artifact(), artifacts, system, used);
            startup.add(e.startLevel() + " " + e.artifact().fileName());
        }
        for (Feature connector : connectors) {
            if (!connector.name().startsWith("connector-")) {
                throw new IllegalArgumentException("feature '" + connector.name() + "' is not named connector-<id>");
            }
            Path dir = Files.createDirectories(out.resolve("connectors").resolve(connector.name().substring("connector-".length())));
            for (Feature.Entry e : connector.bundles()) {
                copyArtifact(connector, e.artifact(), artifacts, dir, used);
            }
        }
        try (Stream<Path> files = Files.list(artifacts)) {
            List<String> extra = files.map(p -> p.getFileName().toString()).filter(n -> !used.contains(n)).sorted().toList();
            if (!extra.isEmpty()) {
                throw new IllegalStateException("runtime/pom.xml depends on " + extra + ", which no feature lists: add them to a file in "
                        + "features/src/main/features/ or remove the dependency");
            }
        }
        Files.write(system.resolve("startup.list"), startup, StandardCharsets.UTF_8);
        Path launcherCopy = system.resolve("tributary-launcher.jar");
        Files.copy(launcher, launcherCopy, StandardCopyOption.REPLACE_EXISTING);
        checkLauncherClassPath(launcherCopy, system);
        for (String dir : List.of("deploy", "data", "log")) {
            Files.createDirectories(out.resolve(dir));
            Files.writeString(out.resolve(dir).resolve(".keep"), ""); // keeps the empty folder in the archive
        }
    }

    private static void copyArtifact(Feature f, Feature.Artifact a, Path artifacts, Path target, Set<String> used) throws IOException {
        String source = a.groupId() + "." + a.artifactId() + "-" + a.version() + ".jar";
        Path from = artifacts.resolve(source);
        if (!Files.isRegularFile(from)) {
            throw new IllegalStateException("feature '" + f.name() + "' lists " + a + ", but runtime/pom.xml does not depend on it: add it there");
        }
        used.add(source);
        Files.copy(from, target.resolve(a.fileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The launcher names the framework and JSON jars in its manifest; they must be in system/. */
    private static void checkLauncherClassPath(Path launcher, Path system) throws IOException {
        try (JarFile jar = new JarFile(launcher.toFile())) {
            String cp = jar.getManifest().getMainAttributes().getValue("Class-Path");
            if (cp == null) {
                return;
            }
            for (String entry : cp.trim().split("\\s+")) {
                if (!Files.isRegularFile(system.resolve(entry))) {
                    throw new IllegalStateException("the launcher's Class-Path names " + entry + ", which the feature did not put in system/");
                }
            }
        }
    }

    /** Copies the distribution's own files; {@code @version@} in text files becomes the version; bin/ is executable. */
    private static void copyTree(Path from, Path to, String version) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    continue;
                }
                String text = Files.readString(p, StandardCharsets.UTF_8);
                Files.writeString(target, text.replace("@version@", version), StandardCharsets.UTF_8);
                if (from.relativize(p).startsWith("bin")) {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
