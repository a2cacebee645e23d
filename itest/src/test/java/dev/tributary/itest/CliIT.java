package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/tributary as ops use it: real processes, a moved distribution, any working directory. */
class CliIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Cli cli;

    @AfterEach
    void stopWhateverRuns() throws Exception {
        if (cli != null) {
            cli.run("stop", "--timeout", "20");
        }
    }

    @Test
    void startStatusStopWithExitCodes() throws Exception {
        Distribution d = Distribution.copy(tmp, "tributary home with spaces");
        Path elsewhere = Files.createDirectories(tmp.resolve("somewhere else"));
        cli = new Cli(d.home, elsewhere, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(d.port)));

        Cli.Result start = cli.run("start");
        assertThat(start.exitCode()).as(start.all()).isZero();
        assertThat(start.out()).contains("started").contains("http://127.0.0.1:" + d.port + "/");
        assertThat(d.get("/health").statusCode()).isEqualTo(200);

        Cli.Result status = cli.run("status", "--json");
        assertThat(status.exitCode()).as(status.all()).isZero();
        JsonNode s = JSON.readTree(status.out());
        assertThat(s.path("state").asText()).isEqualTo("running");
        assertThat(s.path("pid").asLong()).isPositive();
        assertThat(s.path("version").asText()).isNotBlank().isNotEqualTo("development");
        assertThat(s.path("uptimeSeconds").isIntegralNumber()).isTrue();
        assertThat(s.path("httpUrl").asText()).isEqualTo("http://127.0.0.1:" + d.port + "/");
        assertThat(s.path("failures").isArray()).isTrue();
        assertThat(s.path("bundles")).isNotEmpty().allSatisfy(b -> {
            assertThat(b.path("symbolicName").asText()).isNotBlank();
            assertThat(b.path("version").asText()).isNotBlank();
            assertThat(b.path("state").asText()).isEqualTo("ACTIVE");
            assertThat(b.has("location")).isTrue();
        });
        assertThat(s.path("bundles").findValuesAsText("symbolicName")).contains("dev.tributary.host", "org.apache.felix.scr");
        long pid = s.path("pid").asLong();
        assertThat(ProcessHandle.of(pid)).isPresent();

        Cli.Result people = cli.run("status");
        assertThat(people.exitCode()).isZero();
        assertThat(people.out()).contains("is running").contains("pid " + pid).contains("Health: UP");

        Cli.Result again = cli.run("start");
        assertThat(again.exitCode()).isEqualTo(4);
        assertThat(again.err()).contains("already running").contains("pid " + pid);

        // a second host on the same data directory is refused by the lock, whatever its port
        Cli second = new Cli(d.home, elsewhere, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(Distribution.freePort())));
        Cli.Result run2 = second.run("run");
        assertThat(run2.exitCode()).isEqualTo(4);
        assertThat(run2.err()).contains("another Tributary host (pid " + pid + ") is already running").contains(d.home.resolve("data").toString());

        Cli.Result stop = cli.run("stop");
        assertThat(stop.exitCode()).as(stop.all()).isZero();
        assertThat(stop.out()).contains("Tributary stopped");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.readString(d.home.resolve("log/console.out"))).contains("Tributary stopped");

        Cli.Result stopped = cli.run("status", "--json");
        assertThat(stopped.exitCode()).isEqualTo(3);
        assertThat(JSON.readTree(stopped.out()).path("state").asText()).isEqualTo("stopped");
        assertThat(cli.run("status").out()).contains("is not running");
        assertThat(cli.run("stop").exitCode()).isZero();
    }

    @Test
    void runStopsCleanlyOnSigterm() throws Exception {
        Distribution d = Distribution.copy(tmp, "tributary");
        cli = new Cli(d.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(d.port)));
        Path output = tmp.resolve("run.out");
        Process run = cli.spawn(output, "run");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> d.get("/health").statusCode() == 200);
        // /health can answer before the launcher has printed its start-up line
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(output).contains("is up in"));

        ProcessHandle java = run.toHandle(); // the script exec'd the JVM: same pid
        java.destroy(); // SIGTERM
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(output)).contains("Tributary stopped");
        assertThat(d.logText()).contains("Tributary is stopping");
        // the lock is free: a new host starts on the same data at once
        assertThat(cli.run("status").exitCode()).isEqualTo(3);
        assertThat(cli.run("start").exitCode()).isZero();
    }

    @Test
    void stopKillsAHostThatDoesNotStopWithinTheTimeout() throws Exception {
        Distribution d = Distribution.copy(tmp, "tributary");
        cli = new Cli(d.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(d.port)));
        assertThat(cli.run("start").exitCode()).isZero();
        TestBundles bundles = new TestBundles(Paths.get(System.getProperty("tributary.fixtures")));
        TestBundles.drop(d.deploy(), "stuck.jar", bundles.slowToStop());
        await().atMost(Duration.ofSeconds(5)).until(() -> JSON.readTree(cli.run("status", "--json").out())
                .path("bundles").findValuesAsText("symbolicName").contains("dev.tributary.itest.slowstop"));
        long pid = JSON.readTree(cli.run("status", "--json").out()).path("pid").asLong();

        Cli.Result stop = cli.run("stop", "--timeout", "2");
        assertThat(stop.exitCode()).as(stop.all()).isZero();
        assertThat(stop.err()).contains("did not stop within 2 s; killing pid " + pid);
        assertThat(stop.out()).contains("Tributary killed");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(cli.run("status").exitCode()).isEqualTo(3);
    }

    /** A service manager (systemd) starts the host without a locale: file names that are not ASCII still sync and link back. */
    @Test
    void withoutALocaleFileNamesThatAreNotAsciiStillSync() throws Exception {
        Distribution d = Distribution.copy(tmp, "tributary");
        Path source = Files.createDirectories(tmp.resolve("source"));
        // by the shell, in UTF-8 bytes: this JVM may have no UTF-8 locale either
        OddSourceFile.shell("printf 'The marmot memo' > \"$1/$(printf 'Gr\\303\\274\\303\\237e.txt')\"", source.toString());
        cli = new Cli(d.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(d.port), "LANG", "", "LC_ALL", "", "LC_CTYPE", ""));
        Cli.Result start = cli.run("start");
        assertThat(start.exitCode()).as(start.all()).isZero();
        d.deployConnector("filesystem");
        Files.writeString(d.etc().resolve("dev.tributary.connector.filesystem~noms.cfg"), "root = " + source + "\nschedule = manual\n");
        HostApi api = new HostApi(d);
        api.awaitInstance("noms", i -> true, Duration.ofSeconds(60), "instance noms appears");
        JsonNode run = api.syncAndAwait("noms", true);
        assertThat(run.path("status").asText()).as("%s", run).isEqualTo("succeeded");
        assertThat(run.path("failed").asLong()).as("items that could not be read: %s", run).isZero();
        // the index follows the store within moments
        JsonNode hits = await("the file is found").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.search("marmot", "user:" + System.getProperty("user.name")), h -> h.path("total").asLong() == 1);
        assertThat(hits.path("hits").get(0).path("url").asText()).endsWith("/source/Gr%C3%BC%C3%9Fe.txt");
    }

    @Test
    void theTarballRunsAfterBeingMovedFromAnyDirectoryWithDataAndPortFromTheEnvironment() throws Exception {
        Path tarball = Paths.get(System.getProperty("tributary.tarball"));
        assertThat(tarball).exists();
        Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", unpacked.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        Path home;
        try (var dirs = Files.list(unpacked)) {
            home = dirs.findFirst().orElseThrow();
        }
        assertThat(home.getFileName().toString()).startsWith("tributary-");
        for (String dir : new String[] {"bin", "etc", "system", "deploy", "data", "log"}) {
            assertThat(home.resolve(dir)).isDirectory();
        }
        Path moved = tmp.resolve("opt").resolve("moved tributary");
        Files.createDirectories(moved.getParent());
        Files.move(home, moved);

        int port = Distribution.freePort();
        Path data = tmp.resolve("var lib tributary");
        cli = new Cli(moved, Paths.get("/"), Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(port), "TRIBUTARY_DATA", data.toString()));
        Cli.Result start = cli.run("start");
        assertThat(start.exitCode()).as(start.all()).isZero();
        assertThat(start.out()).contains("http://127.0.0.1:" + port + "/");
        assertThat(data.resolve("run/status.json")).exists();
        assertThat(data.resolve("tributary.lock")).exists();
        assertThat(moved.resolve("data/run")).doesNotExist();
        JsonNode s = JSON.readTree(cli.run("status", "--json").out());
        assertThat(s.path("bundles").findValuesAsText("location")).allSatisfy(l -> assertThat(l).doesNotContain("/runtime/target/"));

        // reached through a symlink on the PATH, and through a copy of the script with TRIBUTARY_HOME
        Path links = Files.createDirectories(tmp.resolve("usr local bin"));
        Files.createSymbolicLink(links.resolve("tributary"), moved.resolve("bin/tributary"));
        Files.copy(moved.resolve("bin/tributary"), links.resolve("tributary-copy"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Map<String, String> env = Map.of("TRIBUTARY_DATA", data.toString(), "TRIBUTARY_HTTP_PORT", Integer.toString(port));
        for (Process p : new Process[] {
                withEnv(new ProcessBuilder(links.resolve("tributary").toString(), "status", "--json"), env, null).start(),
                withEnv(new ProcessBuilder(links.resolve("tributary-copy").toString(), "status", "--json"), env, moved).start()}) {
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(JSON.readTree(out).path("state").asText()).isEqualTo("running");
        }
    }

    private static ProcessBuilder withEnv(ProcessBuilder pb, Map<String, String> env, Path home) {
        pb.environment().putAll(env);
        pb.environment().remove("TRIBUTARY_HOME");
        if (home != null) {
            pb.environment().put("TRIBUTARY_HOME", home.toString());
        }
        return pb.directory(home == null ? null : home.getParent().toFile());
    }

    @Test
    void badSettingsAndABusyPortAreClearErrors() throws Exception {
        Distribution d = Distribution.copy(tmp, "tributary");
        Cli bad = new Cli(d.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", "eighty"));
        Cli.Result r = bad.run("start");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("http.port is 'eighty'").contains("TRIBUTARY_HTTP_PORT").contains("1 to 65535");

        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            cli = new Cli(d.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(busy.getLocalPort())));
            Cli.Result start = cli.run("start");
            assertThat(start.exitCode()).as(start.all()).isEqualTo(2);
            assertThat(start.err()).contains("did not start").contains("cannot listen on 127.0.0.1:" + busy.getLocalPort());
        }
        assertThat(cli.run("status").exitCode()).isEqualTo(3);
    }

    @Test
    void versionHelpAndUnknownCommands() throws IOException, InterruptedException {
        Distribution d = Distribution.copy(tmp, "tributary");
        Cli c = new Cli(d.home, tmp, Map.of());
        Cli.Result version = c.run("version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("Tributary ").doesNotContain("development");
        Cli.Result help = c.run("help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("run", "start", "stop", "status [--json]", "Exit codes");
        Cli.Result unknown = c.run("frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'");
    }
}
