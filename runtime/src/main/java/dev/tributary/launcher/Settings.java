package dev.tributary.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the host lives and how it listens, from {@code etc/tributary.properties} with environment
 * overrides. Relative directories are relative to the home, so a copied or moved distribution
 * keeps working.
 */
public record Settings(Path home, Path etc, Path system, Path deploy, Path data, Path log, Path masterKeyFile, String httpHost,
        int httpPort) {

    public static final String PROPERTIES_FILE = "tributary.properties";

    /** Thrown for a setting that cannot work; the message says which and what to do. */
    public static final class InvalidSettingsException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidSettingsException(String message) {
            super(message);
        }
    }

    public static Settings load(Path home, Map<String, String> env) throws InvalidSettingsException {
        home = home.toAbsolutePath().normalize();
        Path etc = home.resolve("etc");
        Path file = etc.resolve(PROPERTIES_FILE);
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new InvalidSettingsException("cannot read " + file + ": " + e.getMessage());
            }
        }
        String host = first(env.get("TRIBUTARY_HTTP_HOST"), p.getProperty("http.host"), "127.0.0.1");
        String portText = first(env.get("TRIBUTARY_HTTP_PORT"), p.getProperty("http.port"), "8080");
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new InvalidSettingsException("http.port is '" + portText + "' (from "
                    + (env.get("TRIBUTARY_HTTP_PORT") != null ? "TRIBUTARY_HTTP_PORT" : file)
                    + "); it must be a number from 1 to 65535");
        }
        if (host.isBlank()) {
            throw new InvalidSettingsException("http.host is empty in " + file + "; use 127.0.0.1 (this machine only) or 0.0.0.0 (all interfaces)");
        }
        Path data = dir(home, first(env.get("TRIBUTARY_DATA"), p.getProperty("data.dir"), "data"));
        Path deploy = dir(home, first(null, p.getProperty("deploy.dir"), "deploy"));
        Path log = dir(home, first(env.get("TRIBUTARY_LOG"), p.getProperty("log.dir"), "log"));
        Path key = dir(home, first(env.get("TRIBUTARY_MASTER_KEY_FILE"), p.getProperty("vault.key.file"), "keys/master.key"));
        if (key.startsWith(data)) {
            throw new InvalidSettingsException("the vault's master key file " + key + " is inside the data directory " + data
                    + ": keep it apart from the data it protects (vault.key.file in " + file + " or TRIBUTARY_MASTER_KEY_FILE)");
        }
        return new Settings(home, etc, home.resolve("system"), deploy, data, log, key, host.trim(), port);
    }

    /** The URL a local client uses; a wildcard bind address is reached through loopback. */
    public String httpUrl() {
        String h = httpHost.equals("0.0.0.0") || httpHost.equals("::") ? "127.0.0.1" : httpHost;
        if (h.contains(":")) {
            h = "[" + h + "]";
        }
        return "http://" + h + ":" + httpPort + "/";
    }

    public Path statusFile() {
        return data.resolve("run").resolve("status.json");
    }

    public Path lockFile() {
        return data.resolve("tributary.lock");
    }

    private static Path dir(Path home, String value) {
        return home.resolve(value.trim()).toAbsolutePath().normalize();
    }

    private static String first(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        if (b != null && !b.isBlank()) {
            return b.trim();
        }
        return fallback;
    }
}
