package dev.tributary.store.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.hsqldb.jdbc.JDBCDataSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** Runs {@link ReadOnlyScan} in a JVM of its own, the key on its standard input, and reads its answer. */
final class ScanProcess {

    /** What the scan found: the rows it read, or why it could not. */
    record Result(long rows, String failure) {}

    private ScanProcess() {}

    /** @param recover {@code directory} holds a copy of a store left by a crash (see {@link ReadOnlyScan#readEveryRow}) */
    static Result run(Path directory, String keyHex, boolean recover) throws IOException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        String classPath = jarOf(ReadOnlyScan.class) + File.pathSeparator + jarOf(JDBCDataSource.class);
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true", "-cp", classPath, ReadOnlyScan.class.getName(), directory.toString(),
                recover ? ReadOnlyScan.RECOVER : "as-is"))
                .redirectErrorStream(true);
        pb.environment().clear(); // the host's environment may hold secrets (TRIBUTARY_MASTER_KEY …): the scan needs none
        Process p = pb.start();
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write((keyHex + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            Deque<String> tail = new ArrayDeque<>();
            String answer = null;
            try (InputStream out = p.getInputStream()) {
                for (String line : new String(out.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                    if (line.startsWith(ReadOnlyScan.ANSWER)) {
                        answer = line.substring(ReadOnlyScan.ANSWER.length());
                    } else if (!line.isBlank()) {
                        tail.addLast(line);
                        if (tail.size() > 5) {
                            tail.removeFirst();
                        }
                    }
                }
            }
            int exit = p.waitFor();
            if (answer != null && answer.startsWith("rows ") && exit == 0) {
                return new Result(Long.parseLong(answer.substring(5).strip()), null);
            }
            if (answer != null && answer.startsWith("failed ")) {
                return new Result(-1, answer.substring(7));
            }
            return new Result(-1, "reading it ended with exit code " + exit + (tail.isEmpty() ? "" : ": " + String.join(" / ", tail)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the store", e);
        } finally {
            p.destroyForcibly();
        }
    }

    /** The jar (or class folder, in tests) a class comes from: its bundle's file when it is one. */
    private static Path jarOf(Class<?> c) throws IOException {
        Bundle bundle = FrameworkUtil.getBundle(c);
        try {
            if (bundle != null) {
                String location = bundle.getLocation();
                location = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
                if (location.startsWith("file:")) {
                    Path jar = Paths.get(new URI(location));
                    if (Files.exists(jar)) {
                        return jar;
                    }
                }
            }
            return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | NullPointerException | SecurityException e) {
            throw new IOException("cannot find the file " + c.getName() + " was loaded from (bundle "
                    + (bundle == null ? "none" : bundle.getLocation()) + "): " + e, e);
        }
    }
}
