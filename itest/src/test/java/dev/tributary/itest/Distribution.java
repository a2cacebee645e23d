package dev.tributary.itest;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/** A private copy of the assembled distribution for one test, and helpers to reach it. */
final class Distribution {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path home;
    final int port;

    private Distribution(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** Copies runtime/target/tributary to {@code parent/name} and picks a free port. */
    static Distribution copy(Path parent, String name) throws IOException {
        Path source = Paths.get(System.getProperty("tributary.dist", "../runtime/target/tributary"));
        if (!Files.isRegularFile(source.resolve("system/startup.list"))) {
            throw new IllegalStateException("no assembled distribution at " + source.toAbsolutePath() + ": build the runtime module first");
        }
        Path home = parent.resolve(name);
        Trees.copy(source, home);
        return new Distribution(home, freePort());
    }

    /** A copy made earlier, on a new free port. */
    static Distribution existing(Path home) throws IOException {
        return new Distribution(home, freePort());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Copies a connector's jar from the distribution's connectors/ folder into deploy/, as ops do (copy aside, then move). */
    void deployConnector(String id) throws IOException {
        Path jar;
        try (var jars = Files.list(home.resolve("connectors").resolve(id))) {
            jar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Path aside = deploy().resolve("." + id + ".jar.part");
        Files.copy(jar, aside);
        Files.move(aside, deploy().resolve(id + ".jar"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The admin token bin/tributary uses. */
    String adminToken() throws IOException {
        return Files.readString(home.resolve("data/admin.token")).trim();
    }

    Path deploy() {
        return home.resolve("deploy");
    }

    Path etc() {
        return home.resolve("etc");
    }

    Path log() {
        return home.resolve("log").resolve("tributary.log");
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String logText() throws IOException {
        return Files.exists(log()) ? Files.readString(log()) : "";
    }
}
