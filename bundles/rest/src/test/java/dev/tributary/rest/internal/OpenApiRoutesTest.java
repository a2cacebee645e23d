package dev.tributary.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.users.Role;
import dev.tributary.testkit.openapi.Operation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openapi.json} describes exactly the routes {@link Api} has, each with the role it really needs:
 * a route added without its description (or a description left behind by a removed route) fails here.
 */
class OpenApiRoutesTest {

    /** Documented operations that are not routes of {@link Api}, and why. */
    static final Map<String, String> ANSWERED_ELSEWHERE = Map.of(
            "POST /session", "Api.handle signs in before it authenticates, outside the route table",
            "GET /openapi.json", "OpenApiServlet serves it");
    /** A value for each path parameter of the description. */
    static final Map<String, String> SAMPLES = Map.of("instance", "docs", "secret", "token", "symbolicName", "dev.example.connector",
            "id", "1", "name", "vic");

    @TempDir
    Path data;

    @Test
    void theDescriptionIsWellFormed() {
        assertThat(ContractClient.CONTRACT.descriptionProblems()).isEmpty();
        assertThat(ContractClient.CONTRACT.description().path("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void everyRouteIsDocumentedAndEveryOperationIsARoute() throws Exception {
        List<String> routes = new ContractWorld(data, new TreeMap<>()).api().routeList();
        List<Operation> operations = ContractClient.CONTRACT.operations();
        List<String> undocumented = new ArrayList<>();
        for (String route : routes) {
            if (operations.stream().noneMatch(o -> serves(route, o))) {
                undocumented.add(route);
            }
        }
        assertThat(undocumented).as("routes of Api without an operation in openapi.json (add them with their responses)").isEmpty();

        List<String> noRoute = new ArrayList<>();
        for (Operation o : operations) {
            String name = o.method() + " " + o.template();
            if (routes.stream().noneMatch(r -> serves(r, o)) && !ANSWERED_ELSEWHERE.containsKey(name)) {
                noRoute.add(o.toString());
            }
        }
        assertThat(noRoute).as("operations in openapi.json that Api does not answer").isEmpty();
        assertThat(operations).as("the operations answered elsewhere are documented")
                .extracting(o -> o.method() + " " + o.template()).containsAll(ANSWERED_ELSEWHERE.keySet());
    }

    @Test
    void aCallerBelowTheDocumentedRoleIsRefusedAndOneWithItIsNot() throws Exception {
        for (Operation op : ContractClient.CONTRACT.operations()) {
            String role = op.extension("x-tributary-role");
            assertThat(role).as("%s names its role", op).isIn("public", "authenticated", "viewer", "operator", "admin");
            if (ANSWERED_ELSEWHERE.containsKey(op.method() + " " + op.template())) {
                continue;
            }
            String path = concrete(op.template());
            if (role.equals("authenticated") || role.equals("viewer")) {
                Api api = new ContractWorld(data, new TreeMap<>()).api();
                assertThat(api.handle(op.method(), path, Map.of(), null).status()).as("%s without credentials", op).isEqualTo(401);
                assertThat(answer(op, path, "vic")).as("%s as a viewer", op).doesNotContain("needs the role");
                continue;
            }
            Role needed = Role.of(role);
            String below = needed == Role.ADMIN ? "olga" : "vic";
            assertThat(answer(op, path, below)).as("%s as %s", op, below).contains("needs the role " + needed.id());
            assertThat(answer(op, path, needed == Role.ADMIN ? "admin" : "olga")).as("%s with its role", op).doesNotContain("needs the role");
        }
    }

    /** What {@code user}'s token gets for the operation from a fresh host (the handler may change things). */
    private String answer(Operation op, String path, String user) throws Exception {
        ContractWorld w = new ContractWorld(data, new TreeMap<>());
        Role role = w.users.user(user).orElseThrow().role();
        String secret = w.users.createToken(user, "roles", role, "test").secret();
        Api.Response r = w.api().handle(ApiRequest.of(op.method(), path, Map.of()).header("Authorization", "Bearer " + secret));
        String body = String.valueOf(r.body());
        return r.status() + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }

    /** Whether a route ({@code METHOD a/* /b}, {@code *} for any method or segment) serves an operation. */
    static boolean serves(String route, Operation op) {
        String method = route.substring(0, route.indexOf(' '));
        String pattern = "/" + route.substring(route.indexOf(' ') + 1);
        return (method.equals("*") || method.equals(op.method())) && pattern.equals(op.template().replaceAll("\\{[^}/]+}", "*"));
    }

    private static String concrete(String template) {
        String path = template;
        for (Map.Entry<String, String> e : SAMPLES.entrySet()) {
            path = path.replace("{" + e.getKey() + "}", e.getValue());
        }
        assertThat(path).as("a sample value for each parameter of %s", template).doesNotContain("{");
        return path;
    }

    @Test
    void theOperationsAnsweredElsewhereAreAnswered() throws Exception {
        Api api = new ContractWorld(data, new TreeMap<>()).api();
        Api.Response signIn = api.handle(ApiRequest.of("POST", "/session", Map.of()));
        assertThat(signIn.status()).as("POST /session is answered (415: not JSON), not 'not an API route'").isEqualTo(415);
        String server = ContractClient.CONTRACT.description().path("servers").path(0).path("url").asText();
        assertThat(OpenApiServlet.PATH).as("the servlet answers where the description says").isEqualTo(server + "/openapi.json");
    }
}
