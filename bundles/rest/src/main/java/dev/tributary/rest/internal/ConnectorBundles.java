package dev.tributary.rest.internal;

import dev.tributary.api.connector.Connectors;
import dev.tributary.api.deploy.DeployFailure;
import dev.tributary.api.deploy.DeployMonitor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/**
 * The connector bundles that run, and the deploy folder they come from: a bundle uploaded through the
 * API, or taken from the distribution's catalog {@code connectors/<id>/}, is written to {@code deploy/}
 * (the deploy watcher installs, updates or removes it as if ops had copied it there).
 */
final class ConnectorBundles {

    /** Largest bundle accepted. */
    static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,150}\\.jar");

    /** A connector bundle as the console lists it. */
    record Info(String symbolicName, String version, String state, String file, boolean removable) {}

    /** A connector the distribution ships in {@code connectors/<id>/}, ready to deploy. */
    record Available(String id, String file) {}

    /** What an upload did. */
    record Deployed(String file, String symbolicName, String version, boolean replaced) {}

    private final org.osgi.framework.BundleContext context;
    private final DeployMonitor deploy;
    private final Path catalog;

    /** @param catalog the distribution's {@code connectors/} folder, or null */
    ConnectorBundles(org.osgi.framework.BundleContext context, DeployMonitor deploy, Path catalog) {
        this.context = context;
        this.deploy = deploy;
        this.catalog = catalog;
    }

    /** The connectors of the distribution's catalog. */
    List<Available> catalog() {
        List<Available> found = new ArrayList<>();
        if (catalog == null || !Files.isDirectory(catalog)) {
            return found;
        }
        try (var ids = Files.list(catalog)) {
            for (Path dir : ids.sorted().toList()) {
                catalogJar(dir).ifPresent(jar -> found.add(new Available(dir.getFileName().toString(), jar.getFileName().toString())));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + catalog + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Deploys a connector of the catalog as {@code deploy/<id>.jar} (or over the deployed bundle of the same name). */
    Deployed deployFromCatalog(String id) throws IOException {
        Path dir = catalog == null ? null : catalog.resolve(id).normalize();
        Optional<Path> jar = dir == null || !dir.getParent().equals(catalog.normalize()) ? Optional.empty() : catalogJar(dir);
        if (jar.isEmpty()) {
            throw new IllegalArgumentException("the distribution has no connector '" + id + "' in connectors/ (GET /api/v1/connectors lists them under 'catalog')");
        }
        return upload(id + ".jar", Files.readAllBytes(jar.get()));
    }

    private static Optional<Path> catalogJar(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().findFirst();
        }
    }

    List<Info> bundles() {
        List<Info> found = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (Connectors.isConnectorBundle(b)) {
                String file = deployFile(b).orElse(null);
                found.add(new Info(b.getSymbolicName(), b.getVersion().toString(), state(b), file, file != null));
            }
        }
        found.sort(java.util.Comparator.comparing(Info::symbolicName));
        return found;
    }

    List<DeployFailure> failures() {
        return deploy.failures();
    }

    /**
     * Writes a bundle to the deploy folder: over the file of the deployed bundle with the same symbolic
     * name (an upgrade), else as {@code name}.
     */
    Deployed upload(String name, byte[] jar) throws IOException {
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            manifest = in.getManifest();
        } catch (IOException e) {
            throw new IllegalArgumentException("the upload is not a jar file (" + e.getMessage() + ")");
        }
        if (manifest == null) {
            throw new IllegalArgumentException("the jar has no META-INF/MANIFEST.MF first: it is not an OSGi bundle");
        }
        Attributes a = manifest.getMainAttributes();
        String symbolicName = a.getValue("Bundle-SymbolicName");
        if (symbolicName == null || !"2".equals(a.getValue("Bundle-ManifestVersion"))) {
            throw new IllegalArgumentException("the jar's manifest has no Bundle-SymbolicName or Bundle-ManifestVersion: 2: it is not an OSGi bundle");
        }
        symbolicName = symbolicName.split(";")[0].trim();
        String version;
        try {
            version = Version.parseVersion(a.getValue("Bundle-Version")).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the jar's Bundle-Version is not a version: " + e.getMessage());
        }
        Optional<String> current = deployed(symbolicName).flatMap(ConnectorBundles::deployFile);
        String file = current.orElse(name == null || name.isBlank() ? symbolicName + ".jar" : name);
        if (!FILE.matcher(file).matches()) {
            throw new IllegalArgumentException("the file name '" + file + "' must end in .jar and hold only letters, digits, '.', '_' and '-'");
        }
        Path directory = deploy.directory();
        boolean replaced = Files.exists(directory.resolve(file));
        // the watcher ignores .part files, and the move makes the whole jar appear at once
        Path part = Files.createTempFile(directory, ".upload-", ".part");
        try {
            Files.write(part, jar);
            Files.move(part, directory.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
        return new Deployed(file, symbolicName, version, replaced);
    }

    /**
     * Deletes a deployed bundle's file (the watcher then uninstalls it).
     *
     * @return the file, or empty when no bundle of that name was deployed
     */
    Optional<String> remove(String symbolicName) throws IOException {
        Optional<Bundle> bundle = deployed(symbolicName);
        if (bundle.isEmpty()) {
            return Optional.empty();
        }
        String file = deployFile(bundle.get()).orElseThrow();
        Files.deleteIfExists(deploy.directory().resolve(file));
        return Optional.of(file);
    }

    private Optional<Bundle> deployed(String symbolicName) {
        return java.util.Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()) && deployFile(b).isPresent()).findFirst();
    }

    private static Optional<String> deployFile(Bundle b) {
        String location = b.getLocation();
        return location.startsWith(DeployMonitor.LOCATION_PREFIX) ? Optional.of(location.substring(DeployMonitor.LOCATION_PREFIX.length()))
                : Optional.empty();
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.INSTALLED -> "installed (not resolved: a package it needs is missing)";
            default -> Integer.toString(b.getState()).toLowerCase(Locale.ROOT);
        };
    }
}
