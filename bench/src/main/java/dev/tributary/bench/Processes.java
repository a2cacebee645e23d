package dev.tributary.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Paths;

/** What the benchmarks need to know about the processes they start: a port to give one, its memory. */
final class Processes {

    private Processes() {
    }

    /** A TCP port nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The resident set size of process {@code pid} (Linux: VmRSS in /proc/&lt;pid&gt;/status), in MB. */
    static double rssMegabytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }
}
