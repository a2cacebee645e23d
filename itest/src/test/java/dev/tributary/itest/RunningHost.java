package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of tests that run a real host process (bin/tributary start) with a connector in deploy/, and stop it after. */
abstract class RunningHost {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Distribution dist;
    Cli cli;

    @AfterEach
    void stopHost() throws Exception {
        if (cli != null) {
            cli.run("stop", "--timeout", "30");
        }
    }

    /** A fresh distribution started in the background, with the connector's jar from connectors/{@code id} dropped in. */
    void startWithConnector(String id) throws Exception {
        dist = Distribution.copy(tmp, "tributary");
        cli = new Cli(dist.home, tmp, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(dist.port)));
        Cli.Result start = cli.run("start");
        assertThat(start.exitCode()).as(start.all()).isZero();
        dist.deployConnector(id);
    }

    /** GET /api/v1/search as {@code as}, with the admin token. */
    JsonNode search(String query, String as) throws Exception {
        HttpResponse<String> r = Distribution.HTTP.send(HttpRequest.newBuilder(URI.create(dist.url("/api/v1/search?q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&as=" + URLEncoder.encode(as, StandardCharsets.UTF_8))))
                .header("Authorization", "Bearer " + dist.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Searches until {@code query} as {@code as} finds {@code total} hits (the index follows the store within a second). */
    JsonNode awaitHits(String query, String as, long total) {
        JsonNode[] last = new JsonNode[1];
        await("'" + query + "' as " + as + " finds " + total).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> (last[0] = search(query, as)).path("total").asLong() == total);
        return last[0];
    }
}
