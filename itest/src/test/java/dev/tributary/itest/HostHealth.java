package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where ops look when something is wrong: the checks of {@code /health} (one per problem, named
 * after what has it, e.g. {@code deploy/acme.jar}) and the lines of {@code log/tributary.log}.
 */
final class HostHealth {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Distribution dist;

    HostHealth(Distribution dist) {
        this.dist = dist;
    }

    /** GET /health (it answers 200 while the host is UP or DEGRADED). */
    JsonNode report() throws IOException, InterruptedException {
        var r = dist.get("/health");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The check named {@code name}, if /health lists one. */
    Optional<JsonNode> check(String name) throws IOException, InterruptedException {
        for (JsonNode c : report().path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Waits until /health lists a check named {@code name} that is DEGRADED, and returns it. */
    JsonNode awaitDegraded(String name, Duration within) {
        JsonNode[] check = new JsonNode[1];
        await(name + " in /health").atMost(within).pollInterval(Duration.ofMillis(50))
                .until(() -> (check[0] = check(name).orElse(null)) != null);
        assertThat(check[0].path("status").asText()).as("%s", check[0]).isEqualTo("DEGRADED");
        return check[0];
    }

    /** The checks that are not UP (a problem's name, status and message each). */
    List<String> problems() throws IOException, InterruptedException {
        List<String> problems = new java.util.ArrayList<>();
        report().path("checks").forEach(c -> {
            if (!c.path("status").asText().equals("UP")) {
                problems.add(c.path("name").asText() + " " + c.path("status").asText() + ": " + c.path("message").asText());
            }
        });
        return problems;
    }

    /** Where the log ends now: lines written from here on are {@link #linesSince} it. */
    int logMark() throws IOException {
        return dist.logText().length();
    }

    /** The log's lines written since {@code mark} that contain {@code text}. */
    List<String> linesSince(int mark, String text) throws IOException {
        String log = dist.logText();
        return log.substring(Math.min(mark, log.length())).lines().filter(l -> l.contains(text)).toList();
    }
}
