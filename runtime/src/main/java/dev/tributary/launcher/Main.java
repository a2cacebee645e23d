package dev.tributary.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/tributary}: run | start | stop | status [--json] | version | help.
 * The shell script only finds Java and the home; every decision is made here.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int code = new Cli(System.out, System.err, System.getenv()).execute(args);
        if (code != Cli.KEEP_RUNNING) {
            System.exit(code);
        }
    }

    /** The commands, with streams and environment passed in so tests can run them in-process. */
    static final class Cli {
        /** {@code run} returns this when the JVM must simply wait for its shutdown hook. */
        static final int KEEP_RUNNING = Integer.MIN_VALUE;

        private final PrintStream out;
        private final PrintStream err;
        private final Map<String, String> env;

        Cli(PrintStream out, PrintStream err, Map<String, String> env) {
            this.out = out;
            this.err = err;
            this.env = env;
        }

        int execute(String[] args) {
            String command = args.length == 0 ? "help" : args[0];
            List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
            if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
                out.print(HELP);
                return Exit.OK;
            }
            if (command.equals("version") || command.equals("--version")) {
                out.println("Tributary " + Version.current() + " (Java " + Runtime.version() + ")");
                return Exit.OK;
            }
            Settings settings;
            try {
                settings = Settings.load(home(), env);
            } catch (Settings.InvalidSettingsException e) {
                err.println("Tributary: " + e.getMessage());
                return Exit.CONFIG;
            }
            try {
                return switch (command) {
                    case "run" -> RunCommand.run(settings, env, out, err);
                    case "start" -> new StartCommand(settings, out, err, env).start(option(rest, "--timeout", 120));
                    case "stop" -> new StopCommand(settings, out, err).stop(option(rest, "--timeout", 60));
                    case "status" -> new StatusCommand(settings, out).status(rest.contains("--json"));
                    case "search", "instances", "sync", "cancel", "authorize", "reindex", "webhooks", "rotate-key", "secret" ->
                        new ApiCommands(settings, out, err).run(command, rest);
                    default -> {
                        err.println("Tributary: unknown command '" + command + "'\n");
                        err.print(HELP);
                        yield Exit.CONFIG;
                    }
                };
            } catch (IllegalArgumentException e) {
                err.println("Tributary: " + e.getMessage());
                return Exit.CONFIG;
            }
        }

        private Path home() {
            String prop = System.getProperty(Host.HOME);
            if (prop != null && !prop.isBlank()) {
                return Paths.get(prop);
            }
            String fromEnv = env.get("TRIBUTARY_HOME");
            if (fromEnv != null && !fromEnv.isBlank()) {
                return Paths.get(fromEnv);
            }
            try {
                // system/tributary-launcher.jar -> the home is the folder above system/
                Path jar = Paths.get(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                return jar.getParent().getParent();
            } catch (Exception e) {
                return Paths.get("").toAbsolutePath();
            }
        }

        private static int option(List<String> args, String name, int fallback) {
            int i = args.indexOf(name);
            if (i < 0) {
                return fallback;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(name + " needs a number of seconds");
            }
            try {
                int v = Integer.parseInt(args.get(i + 1));
                if (v < 1) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a positive number of seconds, not '" + args.get(i + 1) + "'");
            }
        }
    }

    static final String HELP = """
            Usage: bin/tributary <command>

              run                 run the host in the foreground; Ctrl-C or SIGTERM stops it cleanly
              start [--timeout S] start the host in the background and wait until /health answers
                                  (default 120 s); its output goes to log/console.out
              stop [--timeout S]  stop gracefully; after S seconds (default 60) the process is killed
              status [--json]     state, pid, version, uptime, URL, bundles and failed deploys
              search "<query>" [--as PRINCIPAL]... [--instance ID] [--page N] [--json]
                                  search as PRINCIPAL (default: you, user:<name>, and your groups)
              instances [--json]  connector instances: state, schedule, last run, next run, documents
              sync <instance> [--full] [--wait]
                                  sync now (--full: read everything again; --wait: until it ends)
              cancel <instance>   stop a running sync at its next checkpoint
              authorize <instance>
                                  connect an OAuth instance: prints the URL to open in a browser and
                                  approve access at the provider (also after "needs-authorization")
              reindex             rebuild the search index from the store
              webhooks dead [--instance ID] [--json]
                                  webhook deliveries that failed every attempt (dead letters)
              webhooks replay <id>
                                  process a dead letter again, once its cause is fixed
              secret set <instance> <name>
                                  store a secret of an instance (e.g. token), read from standard input
                                  (typed without echo at a terminal); secret list <instance> shows
                                  names only; secret delete <instance> <name>
              rotate-key          re-encrypt every secret under a new master key
              version             the version of this distribution
              help                this text

            Settings: etc/tributary.properties (http.host, http.port, data.dir, deploy.dir, log.dir);
            environment: TRIBUTARY_HOME, TRIBUTARY_DATA, TRIBUTARY_LOG, TRIBUTARY_HTTP_HOST,
            TRIBUTARY_HTTP_PORT, TRIBUTARY_JAVA_OPTS (JVM options of the host, default -Xmx1g),
            TRIBUTARY_HTTPS_KEYSTORE_PASSWORD, TRIBUTARY_HTTPS_KEY_PASSWORD (docs/OPERATIONS.md).

            Exit codes:
              0  success (status: running)
              1  failure (the host did not start or stop; status: starting, stopping or DOWN)
              2  wrong usage or a setting that cannot work (e.g. a bad or busy port)
              3  status: not running (other commands: the host is not running)
              4  run/start: another host already runs on this data directory
            """;
}
