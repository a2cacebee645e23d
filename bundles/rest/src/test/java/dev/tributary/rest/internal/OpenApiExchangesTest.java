package dev.tributary.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.testkit.openapi.Operation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real answers of {@link Api} keep to {@code openapi.json}: every exchange below is checked against the
 * description by {@link ContractClient} (operation, status, Content-Type, JSON Schema of the body, required
 * headers), and each scenario also asserts the statuses it means to reach, so the coverage is not by
 * chance. The last test asks that every operation was seen answering its success and an error.
 */
class OpenApiExchangesTest {

    /** Operations whose services need a framework (Configuration Admin, Metatype, the deploy watcher): only their errors are seen here; itest checks their successes. */
    static final Set<String> SUCCESS_IN_ITEST = Set.of("getInstanceConfig", "putInstanceConfig", "deleteInstance", "listConnectors",
            "uploadConnector", "removeConnector");
    /** Served by {@link OpenApiServlet}, not {@link Api}: see {@link OpenApiServletTest}. */
    static final Set<String> NOT_AN_API_ROUTE = Set.of("getOpenApi");

    interface Scenario {
        void run(ContractWorld w, Api api);
    }

    static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("sessions", OpenApiExchangesTest::sessions);
        SCENARIOS.put("search", OpenApiExchangesTest::search);
        SCENARIOS.put("instances", OpenApiExchangesTest::instances);
        SCENARIOS.put("instance settings (framework services absent)", OpenApiExchangesTest::instanceSettings);
        SCENARIOS.put("secrets", OpenApiExchangesTest::secrets);
        SCENARIOS.put("connectors (framework services absent)", OpenApiExchangesTest::connectors);
        SCENARIOS.put("audit, vault and index", OpenApiExchangesTest::administration);
        SCENARIOS.put("webhooks", OpenApiExchangesTest::webhooks);
        SCENARIOS.put("users", OpenApiExchangesTest::users);
        SCENARIOS.put("tokens", OpenApiExchangesTest::tokens);
    }

    @TempDir
    Path data;
    final Map<String, Set<Integer>> covered = new TreeMap<>();

    @TestFactory
    Stream<DynamicTest> realAnswersKeepToTheDescription() {
        return SCENARIOS.entrySet().stream().map(s -> dynamicTest(s.getKey(), () -> run(s.getValue())));
    }

    @Test
    void everyOperationIsSeenAnsweringItsSuccessAndAnError() throws Exception {
        for (Scenario s : SCENARIOS.values()) {
            run(s);
        }
        for (Operation op : ContractClient.CONTRACT.operations()) {
            if (NOT_AN_API_ROUTE.contains(op.operationId())) {
                continue;
            }
            Set<Integer> seen = covered.getOrDefault(op.operationId(), Set.of());
            if (SUCCESS_IN_ITEST.contains(op.operationId())) {
                assertThat(seen).as("%s: its 503 without the framework's services", op).contains(503);
            } else {
                assertThat(seen).as("%s: a success answer checked", op).anyMatch(s -> s >= 200 && s < 300);
            }
            assertThat(seen).as("%s: an error answer checked", op).anyMatch(s -> s >= 400);
        }
    }

    private void run(Scenario s) throws Exception {
        ContractWorld w = new ContractWorld(data, covered);
        s.run(w, w.api());
    }

    static void sessions(ContractWorld w, Api api) {
        ContractClient anonymous = w.anonymous(api);
        assertThat(anonymous.get("/session").status()).isEqualTo(401);
        assertThat(anonymous.send(anonymous.request("POST", "/session")).status()).as("not JSON").isEqualTo(415);
        assertThat(anonymous.json("POST", "/session", Map.of("name", "vic")).status()).isEqualTo(400);
        assertThat(anonymous.send(anonymous.request("POST", "/session").json(Map.of("name", "vic", "password", ContractWorld.VIEWER_PW))
                .header("Sec-Fetch-Site", "cross-site")).status()).isEqualTo(403);

        ContractClient vic = w.browser(api, "vic", ContractWorld.VIEWER_PW);
        assertThat(vic.get("/session").body().get("authenticatedBy").asText()).isEqualTo("session");
        assertThat(vic.json("POST", "/session/password", Map.of("currentPassword", "wrong", "newPassword", "a much better one")).status())
                .isEqualTo(400);
        assertThat(vic.json("POST", "/session/password", Map.of("currentPassword", ContractWorld.VIEWER_PW, "newPassword",
                "a much better one")).status()).isEqualTo(200);
        ContractClient.Answer out = vic.send("DELETE", "/session");
        assertThat(out.status()).isEqualTo(200);
        assertThat(vic.get("/session").status()).as("ended").isEqualTo(401);

        ContractClient olga = w.tokenOf(api, "olga");
        assertThat(olga.get("/session").body().get("authenticatedBy").asText()).isEqualTo("token");
        assertThat(olga.send("DELETE", "/session").status()).as("a token has no session").isEqualTo(400);
        assertThat(olga.json("POST", "/session/password", Map.of("currentPassword", "x", "newPassword", "y")).status()).isEqualTo(400);
        assertThat(w.admin(api).get("/session").body().get("authenticatedBy").asText()).isEqualTo("admin-token");
        assertThat(w.admin(w.withoutServices()).json("POST", "/session", Map.of("name", "vic", "password", "x")).status()).isEqualTo(503);

        ContractClient newbie = w.browser(api, "newbie", ContractWorld.FIRST_PW);
        assertThat(newbie.get("/instances").status()).as("a one-time password first").isEqualTo(403);

        ContractClient.Answer refused = null;
        for (int i = 0; i <= LoginThrottle.FREE_PER_NAME + 1 && (refused == null || refused.status() != 429); i++) {
            refused = anonymous.json("POST", "/session", Map.of("name", "olga", "password", "guess " + i));
        }
        assertThat(refused.status()).isEqualTo(429);
    }

    static void search(ContractWorld w, Api api) {
        ContractClient vic = w.tokenOf(api, "vic");
        ContractClient.Answer found = vic.get("/search?q=report&instance=docs&sourceType=filesystem&from=2026-01-01T00:00:00Z"
                + "&to=2026-12-31T00:00:00Z&page=0&size=5");
        assertThat(found.body().get("hits")).hasSize(2);
        assertThat(vic.get("/search?q=x&as=user:ceo@example.com").status()).isEqualTo(403);
        ContractClient admin = w.admin(api);
        assertThat(admin.get("/search?q=x").status()).as("the admin token names whom it searches as").isEqualTo(400);
        assertThat(admin.get("/search?as=user:x&from=yesterday").status()).isEqualTo(400);
        assertThat(admin.get("/search?q=report&as=user:ann@example.com&as=group:eng").status()).isEqualTo(200);
        assertThat(w.admin(w.withoutServices()).get("/search?as=user:x").status()).isEqualTo(503);
        assertThat(w.anonymous(api).get("/search?q=x").status()).isEqualTo(401);
    }

    static void instances(ContractWorld w, Api api) {
        ContractClient olga = w.tokenOf(api, "olga");
        assertThat(olga.get("/instances").body().get("instances")).hasSize(3);
        assertThat(olga.get("/instances/busy").body().get("progress").get("total").asLong()).isEqualTo(120);
        assertThat(olga.get("/instances/crm").body().get("state").asText()).isEqualTo("needs-authorization");
        assertThat(olga.get("/instances/nope").status()).isEqualTo(404);
        assertThat(olga.send("POST", "/instances/docs/sync?full=true").status()).isEqualTo(202);
        assertThat(olga.send("POST", "/instances/nope/sync").status()).isEqualTo(404);
        assertThat(olga.send("POST", "/instances/busy/cancel").status()).isEqualTo(200);
        assertThat(olga.send("POST", "/instances/docs/cancel").status()).isEqualTo(409);
        assertThat(olga.get("/instances/docs/runs?page=0&size=1").body().get("total").asLong()).isEqualTo(2);
        assertThat(olga.get("/instances/docs/runs").body().get("runs")).hasSize(2);
        assertThat(olga.get("/instances/docs/runs?size=0").status()).isEqualTo(400);
        assertThat(olga.get("/instances/nope/runs").status()).isEqualTo(404);
        assertThat(olga.get("/instances/docs/documents").status()).as("admins only").isEqualTo(403);
        assertThat(w.tokenOf(api, "vic").get("/instances").status()).isEqualTo(403);
        assertThat(olga.get("/events").status()).as("a stream of server-sent events").isEqualTo(200);
        assertThat(w.tokenOf(api, "vic").get("/events").status()).isEqualTo(403);

        ContractClient admin = w.admin(api);
        assertThat(admin.send("POST", "/instances/crm/authorize").status()).isEqualTo(200);
        assertThat(admin.send("POST", "/instances/nope/authorize").status()).isEqualTo(404);
        JsonNode digests = admin.get("/instances/docs/documents?size=10").body();
        assertThat(digests.get("total").asLong()).isEqualTo(1);
        assertThat(digests.get("next").isNull()).as("one page").isTrue();
        assertThat(admin.get("/instances/docs/documents?size=1").body().get("next").asText()).isEqualTo("a.txt");
        assertThat(admin.get("/instances/docs/documents?after=a.txt").body().get("documents")).isEmpty();
        assertThat(digests.get("documents").get(0).get("textSha256").asText()).as("SHA-256 of 'the report'")
                .isEqualTo("14e4cce86788499d03144f70ab24ca83d1abe97d55153c71ee1df55c5296c1f9");
        assertThat(digests.get("documents").get(0).get("contentHash").asText()).isEqualTo("9f2c");
        assertThat(admin.get("/instances/nope/documents").status()).isEqualTo(404);
        assertThat(admin.get("/instances/docs/documents?size=0").status()).isEqualTo(400);
        assertThat(admin.send("POST", "/instances/docs/authorize").status()).as("no authorization code grant").isEqualTo(409);
        assertThat(olga.send("POST", "/instances/crm/authorize").status()).isEqualTo(403);

        ContractClient bare = w.admin(w.withoutServices());
        for (String[] request : List.of(new String[] {"GET", "/instances"}, new String[] {"GET", "/instances/docs"},
                new String[] {"POST", "/instances/docs/sync"}, new String[] {"POST", "/instances/docs/cancel"},
                new String[] {"GET", "/instances/docs/runs"}, new String[] {"GET", "/instances/docs/documents"},
                new String[] {"POST", "/instances/docs/authorize"},
                new String[] {"GET", "/events"})) {
            assertThat(bare.send(request[0], request[1]).status()).as(String.join(" ", request)).isEqualTo(503);
        }
    }

    static void instanceSettings(ContractWorld w, Api api) {
        ContractClient admin = w.admin(api);
        assertThat(admin.get("/instances/docs/config").status()).isEqualTo(503);
        assertThat(admin.json("PUT", "/instances/docs/config", Map.of("factoryPid", "dev.tributary.connector.filesystem",
                "values", Map.of("root", "/srv/docs"))).status()).isEqualTo(503);
        assertThat(admin.send("DELETE", "/instances/docs").status()).isEqualTo(503);
        assertThat(admin.get("/instances/-x/config").status()).isEqualTo(400);
        assertThat(admin.json("PUT", "/instances/-x/config", Map.of()).status()).isEqualTo(400);
        assertThat(admin.send("DELETE", "/instances/-x").status()).isEqualTo(400);
        ContractClient olga = w.tokenOf(api, "olga");
        assertThat(olga.json("PUT", "/instances/docs/config", Map.of()).status()).isEqualTo(403);
        assertThat(olga.send("DELETE", "/instances/docs").status()).isEqualTo(403);
    }

    static void secrets(ContractWorld w, Api api) {
        ContractClient admin = w.admin(api);
        assertThat(admin.get("/instances/docs/secrets").body().get("secrets")).hasSize(1);
        assertThat(admin.text("PUT", "/instances/docs/secrets/apiKey", "k3y").status()).isEqualTo(200);
        assertThat(admin.text("PUT", "/instances/docs/secrets/apiKey", "").status()).isEqualTo(400);
        assertThat(admin.text("PUT", "/instances/docs/secrets/apiKey", "x".repeat(Api.MAX_SECRET + 1)).status()).isEqualTo(413);
        assertThat(admin.send("DELETE", "/instances/docs/secrets/apiKey").status()).isEqualTo(200);
        assertThat(admin.send("DELETE", "/instances/docs/secrets/apiKey").status()).isEqualTo(404);
        assertThat(admin.get("/instances/-x/secrets").status()).isEqualTo(400);
        assertThat(w.tokenOf(api, "olga").text("PUT", "/instances/docs/secrets/apiKey", "k3y").status()).isEqualTo(403);
        ContractClient bare = w.admin(w.withoutServices());
        assertThat(bare.get("/instances/docs/secrets").status()).isEqualTo(503);
        assertThat(bare.text("PUT", "/instances/docs/secrets/apiKey", "k3y").status()).isEqualTo(503);
        assertThat(bare.send("DELETE", "/instances/docs/secrets/apiKey").status()).isEqualTo(503);
    }

    static void connectors(ContractWorld w, Api api) {
        ContractClient admin = w.admin(api);
        assertThat(admin.get("/connectors").status()).isEqualTo(503);
        assertThat(admin.send(admin.request("POST", "/connectors?file=example.jar").header("Content-Type", "application/java-archive")
                .bytes(new byte[] {'P', 'K', 3, 4})).status()).isEqualTo(503);
        assertThat(admin.send("DELETE", "/connectors/dev.example.connector").status()).isEqualTo(503);
        assertThat(admin.send("DELETE", "/connectors/-x").status()).isEqualTo(400);
        assertThat(w.tokenOf(api, "vic").get("/connectors").status()).isEqualTo(403);
        assertThat(w.tokenOf(api, "olga").send("POST", "/connectors").status()).isEqualTo(403);
    }

    static void administration(ContractWorld w, Api api) {
        ContractClient admin = w.admin(api);
        assertThat(admin.get("/audit").body().get("total").asLong()).isEqualTo(2);
        assertThat(admin.get("/audit?actor=admin&target=wendy&page=0&size=1").body().get("entries")).hasSize(1);
        assertThat(admin.get("/audit?page=-1").status()).isEqualTo(400);
        assertThat(admin.send("POST", "/vault/rotate-key").status()).isEqualTo(200);
        assertThat(admin.send("POST", "/index/rebuild").body().get("documents").asLong()).isEqualTo(7);
        JsonNode check = admin.get("/index/verify").body();
        assertThat(check.get("consistent").asBoolean()).isFalse();
        assertThat(check.get("current").asBoolean()).as("applied 41 of 42").isFalse();
        assertThat(check.get("duplicated").get(0).asText()).isEqualTo("docs/a.txt");
        ContractClient olga = w.tokenOf(api, "olga");
        assertThat(olga.get("/audit").status()).isEqualTo(403);
        assertThat(olga.send("POST", "/vault/rotate-key").status()).isEqualTo(403);
        assertThat(olga.send("POST", "/index/rebuild").status()).isEqualTo(403);
        assertThat(olga.get("/index/verify").status()).isEqualTo(403);
        ContractClient bare = w.admin(w.withoutServices());
        assertThat(bare.get("/audit").status()).isEqualTo(503);
        assertThat(bare.send("POST", "/vault/rotate-key").status()).isEqualTo(503);
        assertThat(bare.send("POST", "/index/rebuild").status()).isEqualTo(503);
        assertThat(bare.get("/index/verify").status()).isEqualTo(503);
    }

    static void webhooks(ContractWorld w, Api api) {
        ContractClient olga = w.tokenOf(api, "olga");
        assertThat(olga.get("/webhooks").body().get("backlog")).hasSize(1);
        assertThat(olga.get("/webhooks/dead?instance=docs").body().get("deadLetters")).hasSize(1);
        assertThat(olga.get("/webhooks/dead?page=1&size=1").body().get("total").asLong()).isEqualTo(1);
        assertThat(olga.get("/webhooks/dead?size=0").status()).isEqualTo(400);
        assertThat(olga.send("POST", "/webhooks/" + w.deadLetter + "/replay").status()).isEqualTo(200);
        assertThat(olga.send("POST", "/webhooks/" + w.pendingDelivery + "/replay").status()).isEqualTo(409);
        assertThat(olga.send("POST", "/webhooks/999/replay").status()).isEqualTo(404);
        assertThat(olga.send("POST", "/webhooks/abc/replay").status()).isEqualTo(400);
        ContractClient vic = w.tokenOf(api, "vic");
        assertThat(vic.get("/webhooks").status()).isEqualTo(403);
        assertThat(vic.get("/webhooks/dead").status()).isEqualTo(403);
        ContractClient bare = w.admin(w.withoutServices());
        assertThat(bare.get("/webhooks").status()).isEqualTo(503);
        assertThat(bare.get("/webhooks/dead").status()).isEqualTo(503);
        assertThat(bare.send("POST", "/webhooks/1/replay").status()).isEqualTo(503);
    }

    static void users(ContractWorld w, Api api) {
        ContractClient admin = w.browser(api, "admin", ContractWorld.ADMIN_PW);
        assertThat(admin.get("/users").body().get("users")).hasSize(4);
        Map<String, Object> wendy = Map.of("name", "wendy", "role", "viewer", "principals", List.of("user:wendy@example.com"),
                "password", "a first password");
        assertThat(admin.json("POST", "/users", wendy).status()).isEqualTo(201);
        assertThat(admin.json("POST", "/users", wendy).status()).isEqualTo(409);
        assertThat(admin.json("POST", "/users", Map.of("name", "xena", "role", "boss", "password", "another good one")).status()).isEqualTo(400);
        assertThat(admin.get("/users/wendy").body().get("role").asText()).isEqualTo("viewer");
        assertThat(admin.get("/users/nobody").status()).isEqualTo(404);
        assertThat(admin.json("PATCH", "/users/wendy", Map.of("role", "operator", "principals", List.of("group:ops"))).status()).isEqualTo(200);
        assertThat(admin.json("PATCH", "/users/nobody", Map.of("role", "viewer")).status()).isEqualTo(404);
        assertThat(admin.json("PATCH", "/users/wendy", Map.of("role", "boss")).status()).isEqualTo(400);
        assertThat(admin.json("POST", "/users/wendy/password", Map.of("password", "temporary pass 42x")).status()).isEqualTo(200);
        assertThat(admin.json("POST", "/users/wendy/password", Map.of()).status()).isEqualTo(400);
        assertThat(admin.json("POST", "/users/nobody/password", Map.of("password", "temporary pass 42x")).status()).isEqualTo(404);
        assertThat(admin.send("DELETE", "/users/wendy").status()).isEqualTo(200);
        assertThat(admin.send("DELETE", "/users/wendy").status()).isEqualTo(404);
        w.users.delete("newbie", "test");
        assertThat(admin.send("DELETE", "/users/admin").status()).as("the last admin").isEqualTo(409);
        assertThat(w.tokenOf(api, "olga").get("/users").status()).isEqualTo(403);
        ContractClient bare = w.admin(w.withoutServices());
        for (String[] request : List.of(new String[] {"GET", "/users"}, new String[] {"POST", "/users"}, new String[] {"GET", "/users/vic"},
                new String[] {"PATCH", "/users/vic"}, new String[] {"DELETE", "/users/vic"}, new String[] {"POST", "/users/vic/password"})) {
            assertThat(bare.send(request[0], request[1]).status()).as(String.join(" ", request)).isEqualTo(503);
        }
    }

    static void tokens(ContractWorld w, Api api) {
        ContractClient admin = w.admin(api);
        ContractClient.Answer created = admin.json("POST", "/tokens", Map.of("name", "report", "role", "viewer", "user", "vic"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(admin.json("POST", "/tokens", Map.of("name", "too much", "role", "admin", "user", "vic")).status()).isEqualTo(400);
        assertThat(admin.json("POST", "/tokens", Map.of("name", "mine", "role", "viewer")).status()).as("whose?").isEqualTo(400);
        assertThat(admin.get("/tokens").body().get("tokens")).hasSize(1);
        assertThat(admin.send("DELETE", "/tokens/" + created.body().get("id").asLong()).status()).isEqualTo(200);
        assertThat(admin.send("DELETE", "/tokens/" + created.body().get("id").asLong()).status()).isEqualTo(404);
        assertThat(admin.send("DELETE", "/tokens/abc").status()).isEqualTo(400);
        assertThat(w.tokenOf(api, "olga").get("/tokens").status()).isEqualTo(403);
        ContractClient bare = w.admin(w.withoutServices());
        assertThat(bare.get("/tokens").status()).isEqualTo(503);
        assertThat(bare.json("POST", "/tokens", Map.of("name", "x", "role", "viewer")).status()).isEqualTo(503);
        assertThat(bare.send("DELETE", "/tokens/1").status()).isEqualTo(503);
    }
}
