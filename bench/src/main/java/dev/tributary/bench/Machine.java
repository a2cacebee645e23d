package dev.tributary.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/** What the figures were measured on, as a Markdown list. */
final class Machine {
    private Machine() {}

    /** {@code work}: a directory on the disk the benchmarks write to. */
    static String describe(Path work) throws IOException {
        return "- CPU: " + proc("/proc/cpuinfo", "model name", "unknown model") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores\n"
                + "- RAM: " + memory() + "\n"
                + "- Disk: " + disk(work) + "\n"
                + "- OS: " + proc("/etc/os-release", "PRETTY_NAME", System.getProperty("os.name")).replace("\"", "") + ", kernel "
                + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")\n"
                + "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (this JVM; the hosts run the `java` that `bin/tributary` finds)";
    }

    private static String memory() throws IOException {
        String kb = proc("/proc/meminfo", "MemTotal", null);
        return kb == null ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
    }

    /** The file system and block device holding {@code dir}, with the kernel's driver for it when it says. */
    private static String disk(Path dir) throws IOException {
        FileStore store = Files.getFileStore(dir);
        String device = store.name();
        String driver = "";
        if (device.startsWith("/dev/")) {
            Path block = Paths.get("/sys/class/block", device.substring(5));
            for (Path link : new Path[] {block.resolve("device/driver"), block.resolve("../device/driver")}) { // a disk, a partition
                if (driver.isEmpty() && Files.exists(link)) {
                    driver = ", driver " + link.toRealPath().getFileName();
                }
            }
        }
        return String.format(Locale.ROOT, "%s on %s%s, %.0f GiB (%.0f GiB free)", store.type(), device, driver,
                store.getTotalSpace() / 1024.0 / 1024 / 1024, store.getUsableSpace() / 1024.0 / 1024 / 1024);
    }

    /** The value of the first {@code key: value} or {@code key=value} line of {@code file}, or {@code fallback}. */
    private static String proc(String file, String key, String fallback) throws IOException {
        Path p = Paths.get(file);
        if (Files.isReadable(p)) {
            for (String line : Files.readAllLines(p)) {
                if (line.startsWith(key) && line.length() > key.length()) {
                    String rest = line.substring(key.length()).trim();
                    if (rest.startsWith(":") || rest.startsWith("=")) {
                        return rest.substring(1).trim();
                    }
                }
            }
        }
        return fallback;
    }
}
