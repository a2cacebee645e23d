package dev.tributary.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How much CPU the machine spends on processes that are not the benchmark's: other people's builds on
 * a shared machine take cores from the hosts measured, so each figure's context says how busy the
 * rest of the machine was. The benchmark's own processes are this JVM, its descendants (the hosts)
 * and the processes whose command line names {@code marker} (the PostgreSQL server, which detaches
 * itself) with their descendants. Sampled from /proc once a second.
 */
final class OtherLoad implements AutoCloseable {

    /** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
    private static final double TICKS_PER_SECOND = 100;

    /** A point in time to measure the others' share from. */
    record Mark(long nanos, double othersTicks) {}

    private final String marker;
    private final ScheduledExecutorService timer;
    private Map<Long, Long> ours = new HashMap<>();
    private long machineBusy = -1;
    private double othersTicks;

    OtherLoad(String marker) {
        this.marker = marker;
        sample();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "other-load");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            try {
                sample();
            } catch (RuntimeException e) { // a failed sample must not end the sampling: the next one covers its second
                System.err.println("other-load sample failed: " + e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    synchronized Mark mark() {
        sample();
        return new Mark(System.nanoTime(), othersTicks);
    }

    /** The other processes' CPU since {@code from}, in cores: 0.25 is a quarter of one core on average. */
    synchronized double since(Mark from) {
        sample();
        double seconds = (System.nanoTime() - from.nanos()) / 1e9;
        return seconds <= 0 ? 0 : (othersTicks - from.othersTicks()) / TICKS_PER_SECOND / seconds;
    }

    /** The machine's busy time since the last sample minus what our processes used of it (a process seen first counts whole). */
    private synchronized void sample() {
        long busy = machineBusyTicks();
        Map<Long, Long> now = ourTicks();
        if (machineBusy >= 0) {
            long ourDelta = 0;
            for (Map.Entry<Long, Long> e : now.entrySet()) {
                ourDelta += Math.max(0, e.getValue() - ours.getOrDefault(e.getKey(), 0L));
            }
            othersTicks += Math.max(0, busy - machineBusy - ourDelta);
        }
        machineBusy = busy;
        ours = now;
    }

    /** CPU ticks (user + system) of each of our live processes. */
    private Map<Long, Long> ourTicks() {
        Set<ProcessHandle> roots = new HashSet<>();
        roots.add(ProcessHandle.current());
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).forEach(roots::add);
        Map<Long, Long> ticks = new HashMap<>();
        for (ProcessHandle root : roots) {
            Stream.concat(Stream.of(root), root.descendants()).forEach(p -> {
                long t = cpuTicks(p.pid());
                if (t >= 0) {
                    ticks.put(p.pid(), t);
                }
            });
        }
        return ticks;
    }

    /** User + system CPU time of a process in ticks, -1 once it is gone. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the line
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU time the whole machine spent running processes (user, nice, system, irq, softirq), in ticks. */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Paths.get("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7}) {
                busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
