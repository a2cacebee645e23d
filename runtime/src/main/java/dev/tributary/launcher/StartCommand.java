package dev.tributary.launcher;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code start}: launches {@code run} as a background process in its own session (so closing the
 * terminal does not stop it) and waits until {@code /health} answers, the process dies, or the
 * timeout passes.
 */
final class StartCommand {

    static final String CONSOLE_FILE = "console.out";
    static final String DEFAULT_JAVA_OPTS = "-Xmx1g -XX:+ExitOnOutOfMemoryError";

    private final Settings settings;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    StartCommand(Settings settings, PrintStream out, PrintStream err, Map<String, String> env) {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int start(int timeoutSeconds) {
        try {
            OptionalLong running = HostLock.holder(settings.lockFile());
            if (running.isPresent()) {
                err.println("Tributary: already running (pid " + running.getAsLong() + ") on the data directory " + settings.data());
                return Exit.ALREADY_RUNNING;
            }
            Files.createDirectories(settings.log());
            Path console = settings.log().resolve(CONSOLE_FILE);
            long consoleStart = Files.exists(console) ? Files.size(console) : 0;
            Process process = new ProcessBuilder(command())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                    .redirectErrorStream(true)
                    .start();
            return await(process, console, consoleStart, Duration.ofSeconds(timeoutSeconds));
        } catch (IOException e) {
            err.println("Tributary: cannot start the host process: " + e.getMessage());
            return Exit.FAILURE;
        }
    }

    private List<String> command() {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Paths.get("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        } else if (Files.isExecutable(Paths.get("/bin/setsid"))) {
            cmd.add("/bin/setsid");
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        String opts = env.getOrDefault("TRIBUTARY_JAVA_OPTS", DEFAULT_JAVA_OPTS);
        cmd.addAll(Arrays.asList(opts.trim().split("\\s+")).stream().filter(s -> !s.isEmpty()).toList());
        cmd.add("-D" + Host.HOME + "=" + settings.home());
        cmd.add("-D" + Host.CONSOLE_LEVEL + "=OFF"); // the log file has it all; console.out keeps only what bypasses logging
        cmd.add("-jar");
        cmd.add(settings.system().resolve("tributary-launcher.jar").toString());
        cmd.add("run");
        return cmd;
    }

    private int await(Process process, Path console, long consoleStart, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI health = URI.create(settings.httpUrl() + "health");
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastBody = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                int code = process.exitValue();
                err.println("Tributary did not start (exit code " + code + "). Its output:");
                err.println(tail(console, consoleStart, 20));
                err.println("Full log: " + settings.log().resolve("tributary.log"));
                return code == 0 ? Exit.FAILURE : code;
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                lastBody = r.body();
                if (r.statusCode() == 200) {
                    out.println("Tributary " + Version.current() + " started (pid " + process.pid() + "): " + settings.httpUrl());
                    if (lastBody.contains("\"DEGRADED\"")) {
                        out.println("Health is DEGRADED: " + lastBody);
                    }
                    return Exit.OK;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Exit.FAILURE;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Exit.FAILURE;
            }
        }
        err.println("Tributary (pid " + process.pid() + ") did not become healthy within " + timeout.toSeconds() + " s; it is still running."
                + (lastBody == null ? " " + health + " never answered." : " Last health report: " + lastBody));
        err.println(tail(settings.log().resolve("tributary.log"), 0, 20));
        err.println("Look at bin/tributary status and " + settings.log().resolve("tributary.log") + ", or stop it with bin/tributary stop.");
        return Exit.FAILURE;
    }

    /** The last lines written to {@code file} since {@code from}. */
    static String tail(Path file, long from, int lines) {
        try {
            byte[] all = Files.readAllBytes(file);
            String text = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8);
            String[] ls = text.split("\n");
            return String.join("\n", Arrays.copyOfRange(ls, Math.max(0, ls.length - lines), ls.length));
        } catch (IOException e) {
            return "(no output in " + file + ")";
        }
    }
}
