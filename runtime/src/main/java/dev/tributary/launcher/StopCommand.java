package dev.tributary.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code stop}: SIGTERM (the host's shutdown hook stops every bundle), then SIGKILL after the timeout. */
final class StopCommand {

    private final Settings settings;
    private final PrintStream out;
    private final PrintStream err;

    StopCommand(Settings settings, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    int stop(int timeoutSeconds) {
        try {
            OptionalLong pid = waitForPid();
            if (pid.isEmpty()) {
                out.println("Tributary is not running (data: " + settings.data() + ")");
                return Exit.OK;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid.getAsLong());
            if (process.isEmpty()) {
                // The lock is held but the pid is not a live process here (e.g. another PID namespace).
                err.println("Tributary: the host holding " + settings.lockFile() + " (pid " + pid.getAsLong() + ") is not visible from here");
                return Exit.FAILURE;
            }
            ProcessHandle p = process.get();
            out.println("Stopping Tributary (pid " + p.pid() + ") ...");
            p.destroy();
            if (waitUntilReleased(p, timeoutSeconds * 1000L)) {
                out.println("Tributary stopped");
                return Exit.OK;
            }
            err.println("Tributary did not stop within " + timeoutSeconds + " s; killing pid " + p.pid());
            p.destroyForcibly();
            if (waitUntilReleased(p, 10_000)) {
                out.println("Tributary killed (it may resume unfinished work from its last checkpoint on the next start)");
                return Exit.OK;
            }
            err.println("Tributary: pid " + p.pid() + " survived SIGKILL");
            return Exit.FAILURE;
        } catch (IOException e) {
            err.println("Tributary: cannot read " + settings.lockFile() + ": " + e.getMessage());
            return Exit.FAILURE;
        }
    }

    /** A host that just took the lock may not have written its pid yet. */
    private OptionalLong waitForPid() throws IOException {
        long deadline = System.currentTimeMillis() + 2000;
        OptionalLong pid = HostLock.holder(settings.lockFile());
        while (pid.isPresent() && pid.getAsLong() < 0 && System.currentTimeMillis() < deadline) {
            sleep(50);
            pid = HostLock.holder(settings.lockFile());
        }
        return pid;
    }

    private boolean waitUntilReleased(ProcessHandle p, long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive() && HostLock.holder(settings.lockFile()).isEmpty()) {
                return true;
            }
            sleep(100);
        }
        return !p.isAlive();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
