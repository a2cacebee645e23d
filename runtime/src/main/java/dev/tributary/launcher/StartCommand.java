package dev.tributary.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * terminal does not stop it) and waits until {@code /health} answers, the process dies, the host
 * is up but stays DOWN, or the timeout passes. The host's log goes only to {@code log/tributary.log} then; the one line ops must
 * see on the terminal, the first start's one-time admin password, is repeated from it.
 */
final class StartCommand {

    static final String CONSOLE_FILE = "console.out";
    static final String DEFAULT_JAVA_OPTS = "-Xmx1g -XX:+ExitOnOutOfMemoryError";
    static final String LOG_FILE = "tributary.log";
    /** The first line of the store's first-start banner (dev.tributary.store's FirstAdmin), between lines of stars. */
    static final String FIRST_START = "First start: created the user 'admin' with this one-time password:";
    /** What the host logs once every platform bundle has started (the host bundle's StatusFileWriter). */
    static final String UP = " is up: ";
    /**
     * How a component that failed for good shows in /health (the host bundle's ComponentProblems);
     * one that waits for its configuration or a service may still come up.
     */
    static final String FAILED = "failed to activate: ";
    /** How long /health may stay DOWN with a failed component once the host is up before {@code start} reports it. */
    static final Duration DOWN_AFTER_UP = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    /** When this start launched the host: a status file older than that is a previous run's. */
    private long startedMillis;
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
            Path log = settings.log().resolve(LOG_FILE);
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            startedMillis = System.currentTimeMillis();
            Process process = new ProcessBuilder(command())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                    .redirectErrorStream(true)
                    .start();
            return await(process, console, consoleStart, log, logStart, Duration.ofSeconds(timeoutSeconds));
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

    private int await(Process process, Path console, long consoleStart, Path log, long logStart, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI health = URI.create(settings.httpUrl() + "health");
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastBody = null;
        long downSinceUp = 0; // when /health first answered DOWN after the host logged that it is up
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
                // only once every platform bundle has started: before that a component that will fail (a vault
                // without its key) may not have tried yet, and /health says UP for what runs so far
                boolean up = allStarted() || since(log, logStart).contains(UP);
                if (r.statusCode() == 200 && up) {
                    out.println("Tributary " + Version.current() + " started (pid " + process.pid() + "): " + settings.httpUrl());
                    if (lastBody.contains("\"DEGRADED\"")) {
                        out.println("Health is DEGRADED: " + lastBody);
                    }
                    firstStartNotice(log, logStart, deadline).ifPresent(out::println);
                    return Exit.OK;
                }
                if (r.statusCode() == 503 && lastBody.contains(FAILED) && up) {
                    downSinceUp = downSinceUp == 0 ? System.nanoTime() : downSinceUp;
                    if (System.nanoTime() - downSinceUp > DOWN_AFTER_UP.toNanos()) {
                        return startedDown(process, lastBody);
                    }
                } else {
                    downSinceUp = 0;
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

    /** Whether the host launched now has written that every platform bundle has started (whatever the log's levels). */
    private boolean allStarted() {
        Path status = settings.statusFile();
        try {
            return Files.getLastModifiedTime(status).toMillis() >= startedMillis
                    && "running".equals(JSON.readTree(status.toFile()).path("state").asText());
        } catch (IOException e) {
            return false; // not written yet, or being replaced
        }
    }

    /**
     * Every platform bundle started, yet /health stays DOWN with a component that failed to activate
     * (a store refused as damaged, a vault without its key). Waiting out the timeout would not change that.
     */
    private int startedDown(Process process, String health) {
        err.println("Tributary (pid " + process.pid() + ") started, but it is DOWN; it is still running so that "
                + settings.httpUrl() + "health and bin/tributary status show why. Health report: " + health);
        err.println("Fix what it names, then run bin/tributary stop and bin/tributary start. Log: " + settings.log().resolve(LOG_FILE));
        return Exit.FAILURE;
    }

    /**
     * The first start's banner with the one-time admin password, if this start logged one: looked for
     * once the host logged that it is up (or at the deadline).
     */
    static java.util.Optional<String> firstStartNotice(Path log, long from, long deadlineNanos) {
        String text = since(log, from);
        while (!text.contains(UP) && System.nanoTime() < deadlineNanos) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            text = since(log, from);
        }
        int title = text.indexOf(FIRST_START);
        if (title < 0) {
            return java.util.Optional.empty();
        }
        // from the line of stars above the title to the one below it
        int above = text.lastIndexOf("\n*", title);
        int begin = above < 0 ? title : above + 1;
        int below = text.indexOf("\n*", title);
        int end = below < 0 ? text.length() : text.indexOf('\n', below + 1);
        end = end < 0 ? text.length() : end;
        return java.util.Optional.of(text.substring(begin, end).strip());
    }

    /** What was written to {@code file} since {@code from} (all of it if it rolled over meanwhile). */
    private static String since(Path file, long from) {
        try {
            byte[] all = Files.readAllBytes(file);
            int start = from > all.length ? 0 : (int) from;
            return new String(all, start, all.length - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
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
