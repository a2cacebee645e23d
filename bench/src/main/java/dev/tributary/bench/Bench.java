package dev.tributary.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code bench/run}: every benchmark of the project, one after the other (never two at once: the
 * machine may have 2 cores), on the built distribution. Prints one table of every figure and
 * rewrites docs/BENCHMARKS.md with them, how they were measured and the machine.
 *
 * <p>Options: {@code --mode quick|full} (full), {@code --dist} (runtime/target/tributary), {@code --out}
 * (docs/BENCHMARKS.md), {@code --only host,ingest,github,search} (only these; the file is left alone),
 * and for the search benchmark {@code --jfr <file>} (records the host during the measured searches),
 * {@code --keep <new dir>} (keeps the host's copy with its store and index), {@code --postgres false},
 * {@code --pg-bin <dir>}.
 */
public final class Bench {

    /** How much each benchmark does in a mode. */
    record Mode(String name, int hostRuns, int idleSeconds, int ingestRuns, int files, int githubRuns, int issues, int comments,
            int documents, int searchRounds, int searchesPerRound, int searchWarmup, int pgWarmup) {}

    /** The reference figures, at the sizes the goals name (100k files, 1M documents, 10k issues). */
    static final Mode FULL = new Mode("full", /* hostRuns */ 10, /* idleSeconds */ 10, /* ingestRuns */ 5, /* files */ 100_000,
            /* githubRuns */ 3, /* issues */ 10_000, /* comments */ 50_000, /* documents */ 1_000_000, /* searchRounds */ 10,
            /* searchesPerRound */ 200, /* searchWarmup */ 5_000, /* pgWarmup */ 500);
    /** Under 3 minutes on 2 otherwise idle cores, a rebuild included: the same work in smaller sizes, 3 to 5 runs of each figure. */
    static final Mode QUICK = new Mode("quick", 5, 3, 3, 10_000, 3, 500, 2_500, 50_000, 5, 200, 1_500, 200);

    private record Entry(String name, String title, Callable<Benchmark> create) {}

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, "mode", "dist", "out", "only", "jfr", "keep", "postgres", "pg-bin");
        Mode mode = switch (o.get("mode", "full")) {
            case "full" -> FULL;
            case "quick" -> QUICK;
            default -> throw new IllegalArgumentException("--mode is quick or full, not " + o.get("mode", ""));
        };
        Path dist = o.path("dist", "runtime/target/tributary");
        if (!Files.isExecutable(dist.resolve("bin/tributary"))) {
            throw new IllegalArgumentException("no distribution in " + dist.toAbsolutePath() + ": build it (bench/run does) or pass --dist");
        }
        Path pgDir = Paths.get("bench/target/pg").toAbsolutePath();
        List<Entry> all = List.of(
                new Entry("host", "Host runtime", () -> new HostBench(dist, mode.hostRuns(), mode.idleSeconds())),
                new Entry("ingest", "Ingest", () -> new IngestBench(dist, mode.files(), mode.ingestRuns())),
                new Entry("github", "GitHub connector", () -> new GitHubBench(dist, 10, mode.issues(), mode.comments(), mode.githubRuns())),
                new Entry("search", "Search", () -> new SearchBench(dist, mode, pgDir, o)));
        Set<String> only = o.has("only") ? new LinkedHashSet<>(Arrays.asList(o.get("only", "").split(","))) : null;
        if (only != null && !all.stream().map(Entry::name).collect(Collectors.toSet()).containsAll(only)) {
            throw new IllegalArgumentException("--only takes some of " + all.stream().map(Entry::name).collect(Collectors.joining(","))
                    + ", not " + o.get("only", ""));
        }

        Results results = new Results();
        String revision = revision(); // before the run, as near to the build as can be
        long t0 = System.nanoTime();
        double others = runAll(all.stream().filter(e -> only == null || only.contains(e.name())).toList(), results, pgDir);
        double seconds = (System.nanoTime() - t0) / 1e9;

        System.out.println();
        System.out.print(results.table());
        System.out.printf(Locale.ROOT, "%s mode, %.0f s; other processes on the machine used %.0f %% of a core meanwhile.%n", mode.name(),
                seconds, others * 100);
        if (only == null) {
            Path out = o.path("out", "docs/BENCHMARKS.md");
            Files.writeString(out, results.markdown(preamble(mode, revision, seconds, others), Machine.describe(Paths.get("bench/target"))),
                    StandardCharsets.UTF_8);
            System.out.println("Written to " + out);
        } else {
            System.out.println("Only " + String.join(", ", only) + " ran: docs/BENCHMARKS.md is left as it was.");
        }
        if (results.anyFailed()) {
            System.exit(1);
        }
    }

    /** Runs each benchmark into its section, a failed one too; returns the other processes' CPU meanwhile, in cores. */
    private static double runAll(List<Entry> benchmarks, Results results, Path pgDir) {
        try (OtherLoad load = new OtherLoad(pgDir.toString())) {
            OtherLoad.Mark start = load.mark();
            for (Entry e : benchmarks) {
                System.out.println("== " + e.title());
                Results.Section section = results.section(e.name(), e.title());
                OtherLoad.Mark mark = load.mark();
                long t = System.nanoTime();
                try {
                    e.create().call().run(section);
                } catch (Exception failure) { // the others still run: a broken benchmark should not hide their figures
                    failure.printStackTrace();
                    section.failed(failure);
                }
                section.note(String.format(Locale.ROOT, "This benchmark took %.0f s; other processes on the machine used %.0f %% of a core "
                        + "meanwhile.", (System.nanoTime() - t) / 1e9, load.since(mark) * 100));
            }
            return load.since(start);
        }
    }

    /** The commit measured, and whether the working tree changed what the distribution is built from. */
    private static String revision() {
        try {
            String head = git("rev-parse", "--short", "HEAD").strip();
            long changed = git("status", "--porcelain", "--", "pom.xml", "bundles", "features", "runtime", ":(exclude,glob)**/src/test/**")
                    .lines().count();
            return "commit `" + head + "`" + (changed == 0 ? "" : " with uncommitted changes to " + changed + " of the distribution's files");
        } catch (IOException e) {
            return "a tree git does not know (" + e.getMessage() + ")";
        }
    }

    private static String git(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + ": " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private static String preamble(Mode mode, String revision, double seconds, double others) {
        String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT));
        String command = mode == QUICK ? "bench/run --quick" : "bench/run";
        return String.format(Locale.ROOT, "Written by `%s` on %s in %.0f s, **%s mode**%s, measuring %s. "
                + "Each benchmark runs alone against the real distribution started with `bin/tributary run` on a fresh copy and data "
                + "directory. Each figure is the min and the median over its runs (for latencies: over rounds of searches, each "
                + "round giving its own percentiles); *ratio* is the median of the runs' ratios to the peer named, each measured in "
                + "the same run; *met* compares the median (or that ratio) with the goal, set when that part was built (host: "
                + "issue 3; ingest and search: issue 4; GitHub connector: issue 5). "
                + "Other processes on the machine (not the benchmarks' JVM, hosts and PostgreSQL) used %.0f %% of a core on average "
                + "while it ran.",
                command, when, seconds, mode.name(),
                mode == QUICK ? " (fewer runs and smaller sizes than `bench/run`, whose figures are the reference: the two modes' "
                        + "figures are not comparable one to one)" : " (`bench/run --quick` gives a smaller version in under 3 minutes)",
                revision, others * 100);
    }
}
