package dev.tributary.launcher;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code run}: the host in the foreground until Ctrl-C, SIGTERM or a stop from inside. */
final class RunCommand {
    private RunCommand() {}

    static int run(Settings settings, Map<String, String> env, PrintStream out, PrintStream err) {
        long t0 = System.nanoTime();
        Host host;
        try {
            host = Host.start(settings, HttpsPasswords.frameworkProperties(env));
        } catch (Host.StartException e) {
            err.println("Tributary: " + e.getMessage());
            return e.exitCode();
        }
        AtomicBoolean signalled = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            signalled.set(true);
            host.close();
        }, "tributary-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("Tributary %s is up in %.2f s: %s (health: %shealth, logs: %s)%n",
                Version.current(), (System.nanoTime() - t0) / 1e9, settings.httpUrl(), settings.httpUrl(),
                settings.log().resolve("tributary.log"));
        try {
            host.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (signalled.get()) {
            // The shutdown hook is stopping the framework; the JVM exits when it returns.
            return Main.Cli.KEEP_RUNNING;
        }
        // Stopped from inside (e.g. the system bundle was stopped): release everything and exit.
        Runtime.getRuntime().removeShutdownHook(hook);
        host.close();
        return Exit.OK;
    }
}
