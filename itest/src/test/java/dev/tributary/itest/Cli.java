package dev.tributary.itest;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/tributary} as ops do: a separate process, from a chosen working directory. */
final class Cli {

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final Path home;
    private final Path workingDir;
    private final Map<String, String> env;

    Cli(Path home, Path workingDir, Map<String, String> env) {
        this.home = home;
        this.workingDir = workingDir;
        this.env = env;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(builder(args), args);
    }

    /** Runs a command with {@code input} as its standard input (e.g. a secret). */
    Result runWithInput(String input, String... args) throws IOException, InterruptedException {
        Path in = Files.createTempFile("cli", ".in");
        try {
            Files.writeString(in, input, StandardCharsets.UTF_8);
            return run(builder(args).redirectInput(in.toFile()), args);
        } finally {
            Files.delete(in);
        }
    }

    private Result run(ProcessBuilder pb, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/tributary " + String.join(" ", args) + " did not finish within 180 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** Starts a command without waiting, its output going to {@code output}. */
    Process spawn(Path output, String... args) throws IOException {
        return builder(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/tributary").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDir.toFile());
        pb.environment().remove("TRIBUTARY_HOME");
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb;
    }
}
