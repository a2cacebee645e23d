package dev.tributary.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's API commands against a fake host API. */
class ApiCommandsTest {

    @TempDir
    Path home;
    private HttpServer server;
    private String instancesJson;
    private final java.util.List<String> received = new java.util.ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/instances", exchange -> {
            byte[] body = instancesJson.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/api/v1/instances/gh/secrets", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"stored\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/admin.token"), "t0k3n");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void instancesNameAHostWhoseCircuitIsOpen() throws Exception {
        instancesJson = """
                {"instances":[{"instanceId":"gh","sourceType":"github","state":"idle","schedule":"15m","lastRun":null,"nextRun":null,
                "documents":7,"http":{"requests":9,"circuits":{"api.github.com":"OPEN","uploads.github.com":"CLOSED"}}},
                {"instanceId":"docs","sourceType":"filesystem","state":"idle","schedule":"manual","lastRun":null,"nextRun":null,
                "documents":3,"http":null}]}""";
        Settings settings = Settings.load(home, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(server.getAddress().getPort())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = new ApiCommands(settings, new PrintStream(out, true, StandardCharsets.UTF_8), System.err).run("instances", List.of());

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(text).contains("circuit OPEN for api.github.com").doesNotContain("uploads.github.com");
        assertThat(text.lines().filter(l -> l.contains("circuit"))).hasSize(1);
    }

    @Test
    void aSecretIsReadFromStandardInputNeverFromTheCommandLineAndNeverPrinted() throws Exception {
        Settings settings = Settings.load(home, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(server.getAddress().getPort())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.io.InputStream stdin = new java.io.ByteArrayInputStream("ghp_s3cret\n".getBytes(StandardCharsets.UTF_8));

        int exit = new ApiCommands(settings, stdin, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("secret", List.of("set", "gh", "token"));

        assertThat(exit).isZero();
        assertThat(received).containsExactly("PUT /api/v1/instances/gh/secrets/token ghp_s3cret");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Stored secret 'token' of instance gh").doesNotContain("ghp_s3cret");

        ApiCommands commands = new ApiCommands(settings, stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> commands.run("secret", List.of("set", "gh", "token", "ghp_on_the_command_line")))
                .as("a value on the command line is refused (Main answers exit 2 with the usage)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standard input");
        assertThat(received).hasSize(1);
    }

    @Test
    void webhooksDeadListsDeadLettersAndReplayPutsOneBack() throws Exception {
        List<String> calls = new java.util.ArrayList<>();
        server.createContext("/api/v1/webhooks", exchange -> {
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            String json = exchange.getRequestURI().getPath().endsWith("/replay") ? "{\"id\":17,\"instance\":\"gh\",\"status\":\"pending\"}"
                    : "{\"deadLetters\":[{\"id\":17,\"instance\":\"gh\",\"deliveryId\":\"72d3162e\",\"event\":\"issues.edited\","
                            + "\"received\":\"2026-11-23T10:00:00.123Z\",\"attempts\":5,\"lastError\":\"IOException: source answered 502\"}]}";
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        Settings settings = Settings.load(home, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(server.getAddress().getPort())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApiCommands cli = new ApiCommands(settings, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(cli.run("webhooks", List.of("dead", "--instance", "gh"))).isZero();
        assertThat(cli.run("webhooks", List.of("replay", "17"))).isZero();

        assertThat(calls).containsExactly("GET /api/v1/webhooks/dead?instance=gh", "POST /api/v1/webhooks/17/replay");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> l.startsWith("17 "))).singleElement().asString().contains("gh").contains("72d3162e")
                .contains("issues.edited").contains("2026-11-23T10:00:00Z").contains("5").contains("IOException: source answered 502");
        assertThat(text).contains("Webhook delivery 17 of gh is pending again");
    }

    @Test
    void authorizePrintsTheUrlToOpenAndInstancesSayWhatAPausedInstanceNeeds() throws Exception {
        List<String> calls = new java.util.ArrayList<>();
        server.createContext("/api/v1/instances/crm/authorize", exchange -> {
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] body = ("{\"instance\":\"crm\",\"authorizationUrl\":\"https://idp.example/authorize?client_id=app&state=s1\","
                    + "\"redirectUri\":\"http://127.0.0.1:8080/oauth/callback\",\"expires\":\"2026-11-23T10:10:00.123Z\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        instancesJson = """
                {"instances":[{"instanceId":"crm","sourceType":"crm","state":"needs-authorization","schedule":"15m","lastRun":null,
                "nextRun":null,"documents":7,"http":null,"message":"Instance crm needs re-authorization: its refresh token was revoked. Run 'bin/tributary authorize crm'."}]}""";
        Settings settings = Settings.load(home, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(server.getAddress().getPort())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApiCommands cli = new ApiCommands(settings, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(cli.run("instances", List.of())).isZero();
        assertThat(cli.run("authorize", List.of("crm"))).isZero();

        assertThat(calls).containsExactly("POST /api/v1/instances/crm/authorize");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> l.startsWith("crm "))).singleElement().asString().contains("needs-authorization");
        assertThat(text).contains("Instance crm needs re-authorization", "Run 'bin/tributary authorize crm'",
                "approve access for instance crm (it works once, until 2026-11-23T10:10:00Z)",
                "  https://idp.example/authorize?client_id=app&state=s1", "http://127.0.0.1:8080/oauth/callback");
    }
}
