package dev.tributary.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a host process holds, read from outside it as an operator would: live threads, RSS and open
 * file descriptors from /proc, the heap after a full GC (and the metaspace) through
 * {@code jcmd <pid> GC.run} + {@code GC.heap_info}, and the live objects by class through
 * {@code jcmd <pid> GC.class_histogram}.
 */
final class HostVitals {

    /** One reading; {@code x} is what it is plotted against (e.g. the sync cycles finished), sizes in KB. */
    record Sample(long x, int threads, int fds, long rssKb, long heapAfterGcKb, long metaspaceKb) {}

    private static final Pattern HEAP_LINE = Pattern.compile("total \\d+K, used (\\d+)K");
    /** {@code    1:   12345   6789012  [B (java.base@17.0.15)}: instances, bytes, class. */
    private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K");

    private final long pid;
    private final Path proc;
    private final Path commands;

    HostVitals(long pid, Path tmp) throws IOException {
        this.pid = pid;
        this.proc = Paths.get("/proc", Long.toString(pid));
        // both in one attach: one jcmd JVM started per reading, not two
        this.commands = Files.writeString(tmp.resolve("vitals.jcmd"), "GC.run\nGC.heap_info\n");
    }

    /** Reads everything; the full GC first, so /proc sees the process as it is after it. */
    Sample sample(long x) throws IOException, InterruptedException {
        String heapInfo = jcmd("-f", commands.toString());
        long heap = 0;
        long metaspace = -1;
        for (String line : heapInfo.lines().toList()) {
            Matcher m = METASPACE.matcher(line);
            if (m.find()) {
                metaspace = Long.parseLong(m.group(1));
                continue;
            }
            Matcher h = HEAP_LINE.matcher(line);
            if (h.find() && !line.contains("class space")) {
                heap += Long.parseLong(h.group(1)); // one line for G1, young + old for the generational collectors
            }
        }
        if (heap == 0 || metaspace < 0) {
            throw new IllegalStateException("jcmd " + pid + " GC.heap_info said no heap or metaspace figure:\n" + heapInfo);
        }
        String status = Files.readString(proc.resolve("status"));
        int fds;
        try (Stream<Path> open = Files.list(proc.resolve("fd"))) {
            fds = (int) open.count();
        }
        return new Sample(x, (int) field(status, "Threads"), fds, field(status, "VmRSS"), heap, metaspace);
    }

    /** Live objects of one class. */
    record Live(long instances, long bytes) {}

    /** Live objects by class name after a full GC ({@code jcmd <pid> GC.class_histogram}). */
    Map<String, Live> histogram() throws IOException, InterruptedException {
        Map<String, Live> live = new HashMap<>();
        for (String line : jcmd("GC.class_histogram").lines().toList()) {
            Matcher m = HISTOGRAM_LINE.matcher(line);
            if (m.find()) {
                live.merge(m.group(3), new Live(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                        (a, b) -> new Live(a.instances + b.instances, a.bytes + b.bytes));
            }
        }
        if (live.isEmpty()) {
            throw new IllegalStateException("jcmd " + pid + " GC.class_histogram listed no class");
        }
        return live;
    }

    /** What the host's threads are doing ({@code jcmd <pid> Thread.print}), to explain a failure. */
    String threadDump() throws IOException, InterruptedException {
        return jcmd("Thread.print");
    }

    private String jcmd(String... command) throws IOException, InterruptedException {
        Path jdk = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
        List<String> line = new ArrayList<>(List.of(Files.isExecutable(jdk) ? jdk.toString() : "jcmd", Long.toString(pid)));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("jcmd " + pid + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** A number of /proc/pid/status, e.g. {@code Threads:  87} or {@code VmRSS:  301234 kB}. */
    private long field(String status, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":\\s+(\\d+)").matcher(status);
        if (!m.find()) {
            throw new IllegalStateException("/proc/" + pid + "/status has no " + name + ":\n" + status);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * The least-squares line through {@code (x, y)} after the warm-up, and the spread of the values:
     * what "flat" is judged by.
     */
    record Trend(String what, String unit, double slope, double min, double median, double max, double first, double last) {

        static Trend of(String what, String unit, List<Sample> samples, ToDoubleFunction<Sample> y) {
            double[] xs = samples.stream().mapToDouble(Sample::x).toArray();
            double[] ys = samples.stream().mapToDouble(y).toArray();
            int n = xs.length;
            if (n < 3) {
                throw new IllegalArgumentException("a trend needs 3 samples or more, not " + n);
            }
            double mx = Arrays.stream(xs).average().orElseThrow();
            double my = Arrays.stream(ys).average().orElseThrow();
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < n; i++) {
                sxy += (xs[i] - mx) * (ys[i] - my);
                sxx += (xs[i] - mx) * (xs[i] - mx);
            }
            double[] sorted = ys.clone();
            Arrays.sort(sorted);
            return new Trend(what, unit, sxx == 0 ? 0 : sxy / sxx, sorted[0], sorted[n / 2], sorted[n - 1], ys[0], ys[n - 1]);
        }

        /** The slope per 100 units of x (100 sync cycles). */
        double per100() {
            return slope * 100;
        }

        double spread() {
            return max - min;
        }

        @Override
        public String toString() {
            return String.format("%-22s %-3s min %9.1f  median %9.1f  max %9.1f  first %9.1f  last %9.1f  slope %+8.3f per 100 cycles", what,
                    unit, min, median, max, first, last, per100());
        }
    }
}
