package dev.tributary.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What anyone on the machine could see of its processes while a test ran, sampled from /proc every
 * few milliseconds (short-lived CLI calls included): each command line (world-readable), and, for
 * the processes a test cares about, their environment with the permissions of /proc/pid/environ.
 */
final class ProcessWatch implements AutoCloseable {

    /** A process as seen: its command line (arguments joined by spaces) and, if asked for, its environment (one variable a line). */
    record Seen(long pid, String commandLine, String environment, String environmentPermissions, String environmentOwner) {
        @Override
        public String toString() {
            return "pid " + pid + " (" + (commandLine.length() > 160 ? commandLine.substring(0, 160) + "…" : commandLine) + ")";
        }
    }

    private static final Path PROC = Paths.get("/proc");

    private final Predicate<String> environmentWanted;
    /** Per process, its command line and environment as last seen. */
    private final Map<Long, String> last = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile int samples;

    /** @param environmentWanted which command lines' environments to read too */
    ProcessWatch(Predicate<String> environmentWanted) {
        this.environmentWanted = environmentWanted;
        this.thread = new Thread(this::watch, "process-watch");
        thread.setDaemon(true);
        sample();
        thread.start();
    }

    /** Every process seen, once per command line and environment it had (a forked child shows its parent's before it execs). */
    List<Seen> seen() {
        return List.copyOf(seen);
    }

    int samples() {
        return samples;
    }

    private void watch() {
        try {
            while (!stop.await(15, TimeUnit.MILLISECONDS)) {
                sample();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sample() {
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : processes) {
                long pid = Long.parseLong(p.getFileName().toString());
                String commandLine = read(p.resolve("cmdline"), ' ');
                if (commandLine == null || commandLine.isEmpty()) {
                    continue;
                }
                String environment = null;
                String permissions = null;
                String owner = null;
                if (environmentWanted.test(commandLine)) {
                    // read every time: in the middle of an exec it can read empty
                    Path environ = p.resolve("environ");
                    environment = read(environ, '\n');
                    try {
                        permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(environ));
                        owner = Files.getOwner(environ).getName();
                    } catch (IOException gone) {
                        // ended meanwhile
                    }
                }
                String state = commandLine + '\0' + environment;
                if (!state.equals(last.put(pid, state))) {
                    seen.add(new Seen(pid, commandLine, environment, permissions, owner));
                }
            }
        } catch (IOException e) {
            // /proc changes while it is listed: the next sample sees what this one missed
        }
        samples++;
    }

    /** A /proc file with its NUL separators replaced; null when the process ended or the file cannot be read. */
    private static String read(Path file, char separator) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] == 0) {
                end--;
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8).replace('\0', separator);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        thread.join(5000);
        sample();
    }
}
