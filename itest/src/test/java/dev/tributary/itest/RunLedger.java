package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The three accounts a host keeps of its sync runs — the run history in the store (the API), the
 * run counters of {@code /metrics}, and the log line that ends each run — and whether they agree.
 * Each run is named {@code "<instance> <mode> <status>"} in all three.
 */
final class RunLedger {

    private static final Pattern COUNTER = Pattern.compile("(?m)^tributary_sync_runs_total\\{(.*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    /** {@code … [run <instance>#<id>] <logger> | Sync <status> (<mode>): seen …} */
    private static final Pattern RUN_END = Pattern.compile("\\[run ([^\\]#]+)#(\\d+)] \\S+ \\| Sync (\\w+) \\((\\w+)\\): seen ");

    private final Distribution dist;
    private final HostApi api;

    RunLedger(Distribution dist, HostApi api) {
        this.dist = dist;
        this.api = api;
    }

    /** {@code tributary_sync_runs_total} by {@code "<instance> <mode> <status>"}, those above 0: runs finished since the host started. */
    Map<String, Long> counted() throws IOException, InterruptedException {
        HttpResponse<String> r = dist.get("/metrics");
        assertThat(r.statusCode()).as("/metrics: %s", r.body()).isEqualTo(200);
        Map<String, Long> counters = new TreeMap<>();
        Matcher line = COUNTER.matcher(r.body());
        while (line.find()) {
            Map<String, String> labels = new TreeMap<>();
            Matcher label = LABEL.matcher(line.group(1));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            long n = (long) Double.parseDouble(line.group(2));
            if (n > 0) { // every mode and status has a series, most of them 0
                counters.put(labels.get("instance_id") + " " + labels.get("mode") + " " + labels.get("status"), n);
            }
        }
        return counters;
    }

    /** Runs finished since the host started, all instances together, as /metrics counts them. */
    long finished() throws IOException, InterruptedException {
        return counted().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The runs whose end the host logged, by run id, once per line: every file of log/, rolled ones too. */
    Map<Long, List<String>> logged() throws IOException {
        Map<Long, List<String>> runs = new TreeMap<>();
        List<Path> logs;
        try (Stream<Path> listed = Files.list(dist.log().getParent())) {
            logs = listed.filter(p -> p.getFileName().toString().startsWith("tributary")).toList();
        }
        for (Path log : logs) {
            try (InputStream in = log.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(log)) : Files.newInputStream(log)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    Matcher m = RUN_END.matcher(line);
                    if (m.find()) {
                        runs.computeIfAbsent(Long.parseLong(m.group(2)), k -> new ArrayList<>()).add(m.group(1) + " " + m.group(4) + " " + m.group(3));
                    }
                }
            }
        }
        return runs;
    }

    /**
     * With nothing running any more: each instance's run history holds exactly the runs the host
     * counted and logged, each once, ended (succeeded, or interrupted up to {@code interruptedAllowed}
     * times), none overlapping the next, and every run in {@code seen} (run id → started, as the API
     * showed it meanwhile) as it was seen; the run ids of all instances have no gap and no duplicate.
     *
     * @return the runs that succeeded
     */
    long assertEveryRunRecordedOnce(List<String> instances, Map<String, Map<Long, String>> seen, int interruptedAllowed) throws Exception {
        Map<String, Long> counted = counted();
        List<Long> ids = new ArrayList<>();
        Map<String, List<JsonNode>> histories = new LinkedHashMap<>();
        for (String id : instances) {
            List<JsonNode> runs = new ArrayList<>(api.runs(id));
            runs.sort(Comparator.comparingLong(r -> r.path("id").asLong()));
            histories.put(id, runs);
            runs.forEach(r -> ids.add(r.path("id").asLong()));
        }
        AtomicReference<Map<Long, List<String>>> read = new AtomicReference<>();
        await("every recorded run's last line is logged").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            read.set(logged());
            return read.get().keySet().containsAll(ids);
        });
        Map<Long, List<String>> logged = read.get();
        long succeeded = 0;
        for (Map.Entry<String, List<JsonNode>> h : histories.entrySet()) {
            String id = h.getKey();
            List<JsonNode> runs = h.getValue();
            Map<String, Long> recorded = new TreeMap<>();
            runs.forEach(r -> recorded.merge(kind(id, r), 1L, Long::sum));
            Map<String, Long> countedHere = new TreeMap<>(counted);
            countedHere.keySet().removeIf(k -> !k.startsWith(id + " "));
            assertThat(recorded).as("%s: its runs by mode and status, as recorded and as the host counted them (/metrics)", id)
                    .isEqualTo(countedHere);
            for (JsonNode r : runs) {
                assertThat(logged.get(r.path("id").asLong())).as("%s: the log lines ending run %s", id, r).containsExactly(kind(id, r));
            }
            assertThat(runs).as("%s: every run ended, after it started", id).allSatisfy(r -> {
                assertThat(r.path("status").asText()).isIn("succeeded", "interrupted");
                assertThat(Instant.parse(r.path("ended").asText())).isAfterOrEqualTo(Instant.parse(r.path("started").asText()));
            });
            for (int k = 1; k < runs.size(); k++) {
                assertThat(Instant.parse(runs.get(k).path("started").asText())).as("%s: run %s starts after run %s ended", id, runs.get(k),
                        runs.get(k - 1)).isAfterOrEqualTo(Instant.parse(runs.get(k - 1).path("ended").asText()));
            }
            assertThat(runs).as("%s: runs interrupted", id).filteredOn(r -> r.path("status").asText().equals("interrupted"))
                    .hasSizeLessThanOrEqualTo(interruptedAllowed);
            Map<Long, String> history = new TreeMap<>();
            runs.forEach(r -> history.put(r.path("id").asLong(), r.path("started").asText()));
            assertThat(history).as("%s: the runs seen meanwhile are in its history, as they started", id)
                    .containsAllEntriesOf(seen.getOrDefault(id, Map.of()));
            succeeded += runs.stream().filter(r -> r.path("status").asText().equals("succeeded")).count();
        }
        assertThat(logged.keySet()).as("runs logged that no history holds").isSubsetOf(ids);
        long first = ids.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = ids.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(ids).as("run ids of all instances: no gap, none twice").doesNotHaveDuplicates().hasSize((int) (last - first + 1));
        System.out.printf("every run recorded: %d runs (ids %d to %d, %d succeeded), each counted, logged and ended once; %d of them seen "
                + "while they ran%n", ids.size(), first, last, succeeded, seen.values().stream().mapToInt(Map::size).sum());
        return succeeded;
    }

    private static String kind(String instance, JsonNode run) {
        return instance + " " + run.path("mode").asText() + " " + run.path("status").asText();
    }
}
