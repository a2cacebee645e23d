package dev.tributary.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code search}, {@code instances}, {@code sync}, {@code cancel}, {@code authorize}, {@code reindex}, {@code webhooks}: calls to the running host. */
final class ApiCommands {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ApiClient api;
    private final java.io.InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    ApiCommands(Settings settings, PrintStream out, PrintStream err) {
        this(settings, System.in, out, err);
    }

    ApiCommands(Settings settings, java.io.InputStream in, PrintStream out, PrintStream err) {
        this.api = new ApiClient(settings);
        this.in = in;
        this.out = out;
        this.err = err;
    }

    int run(String command, List<String> args) {
        try {
            return switch (command) {
                case "search" -> search(args);
                case "instances" -> instances(args.contains("--json"));
                case "sync" -> sync(args);
                case "cancel" -> cancel(args);
                case "authorize" -> authorize(args);
                case "reindex" -> reindex();
                case "webhooks" -> webhooks(args);
                case "secret" -> secret(args);
                case "rotate-key" -> {
                    api.post("vault/rotate-key", Map.of());
                    out.println("Master key rotated: every secret is re-encrypted under the new key. Back up keys/master.key again.");
                    yield Exit.OK;
                }
                default -> throw new IllegalStateException(command);
            };
        } catch (ApiClient.ApiException e) {
            err.println("Tributary: " + e.getMessage());
            return e.exitCode;
        }
    }

    /**
     * {@code secret set <instance> <name>} reads the value from standard input (without echo at a
     * terminal), never from the command line, where other users could see it; {@code secret list
     * <instance>} shows names only; {@code secret delete <instance> <name>}.
     */
    private int secret(List<String> args) throws ApiClient.ApiException {
        String action = args.isEmpty() ? "" : args.get(0);
        String usage = "bin/tributary secret set <instance> <name>  (the value from standard input) | list <instance> | delete <instance> <name>";
        if (args.size() != (action.equals("list") ? 2 : 3)) {
            throw new IllegalArgumentException(usage);
        }
        switch (action) {
            case "list" -> {
                String instance = args.get(1);
                JsonNode r = api.get("instances/" + instance + "/secrets", Map.of());
                r.path("secrets").forEach(n -> out.println(n.asText()));
                return Exit.OK;
            }
            case "set" -> {
                String instance = args.get(1);
                String name = args.get(2);
                char[] secret = readSecret(instance, name);
                try {
                    api.put("instances/" + instance + "/secrets/" + name, secret);
                } finally {
                    java.util.Arrays.fill(secret, '\0');
                }
                out.println("Stored secret '" + name + "' of instance " + instance + " (encrypted in the vault).");
                return Exit.OK;
            }
            case "delete" -> {
                String instance = args.get(1);
                String name = args.get(2);
                api.delete("instances/" + instance + "/secrets/" + name);
                out.println("Deleted secret '" + name + "' of instance " + instance + ".");
                return Exit.OK;
            }
            default -> throw new IllegalArgumentException(usage);
        }
    }

    private char[] readSecret(String instance, String name) throws ApiClient.ApiException {
        java.io.Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Secret '%s' of %s (not shown): ", name, instance);
            if (typed == null || typed.length == 0) {
                throw new IllegalArgumentException("no secret typed");
            }
            return typed;
        }
        try {
            byte[] raw = in.readAllBytes();
            int n = raw.length;
            while (n > 0 && (raw[n - 1] == '\n' || raw[n - 1] == '\r')) {
                n--;
            }
            java.nio.CharBuffer decoded = java.nio.charset.StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(raw, 0, n));
            char[] value = new char[decoded.remaining()];
            decoded.get(value);
            java.util.Arrays.fill(raw, (byte) 0);
            java.util.Arrays.fill(decoded.array(), '\0');
            if (value.length == 0) {
                throw new IllegalArgumentException("no secret on standard input: e.g. bin/tributary secret set " + instance + " " + name
                        + " < file");
            }
            return value;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the secret from standard input: " + e.getMessage());
        }
    }

    private int search(List<String> args) throws ApiClient.ApiException {
        Map<String, List<String>> params = new LinkedHashMap<>();
        List<String> as = new ArrayList<>();
        String query = null;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--json" -> json = true;
                case "--as" -> as.add(value(args, ++i, "--as"));
                case "--instance" -> params.computeIfAbsent("instance", k -> new ArrayList<>()).add(value(args, ++i, "--instance"));
                case "--page" -> params.put("page", List.of(value(args, ++i, "--page")));
                default -> query = query == null ? a : query + " " + a;
            }
        }
        if (query == null) {
            throw new IllegalArgumentException("what to search for? bin/tributary search \"<query>\" [--as PRINCIPAL] [--json]");
        }
        params.put("q", List.of(query));
        params.put("as", as.isEmpty() ? Principals.ofCurrentUser() : as);
        JsonNode r = api.get("search", params);
        if (json) {
            print(r);
            return Exit.OK;
        }
        out.printf("%d hit(s) for \"%s\" as %s%n", r.path("total").asLong(), query, String.join(", ", params.get("as")));
        int n = 1;
        for (JsonNode h : r.path("hits")) {
            out.printf("%n%d. %s%n   %s%n   %s%n   %s · %s · %s%n", n++, h.path("title").asText(), h.path("url").asText(),
                    h.path("snippet").asText().replace("<mark>", "»").replace("</mark>", "«").replaceAll("\\s+", " "),
                    h.path("instanceId").asText(), h.path("container").asText(), h.path("updated").asText());
        }
        return Exit.OK;
    }

    private int instances(boolean json) throws ApiClient.ApiException {
        JsonNode r = api.get("instances", Map.of());
        if (json) {
            print(r);
            return Exit.OK;
        }
        out.printf("%-20s %-12s %-19s %-14s %-30s %-25s %s%n", "INSTANCE", "TYPE", "STATE", "SCHEDULE", "LAST RUN", "NEXT RUN", "DOCUMENTS");
        for (JsonNode i : r.path("instances")) {
            JsonNode last = i.path("lastRun");
            String lastText = last.isMissingNode() || last.isNull() ? "-"
                    : last.path("status").asText() + " " + last.path("started").asText().replaceAll("\\.\\d+Z$", "Z")
                            + " (+" + last.path("added").asLong() + " ~" + last.path("updated").asLong() + " -" + last.path("deleted").asLong()
                            + (last.path("failed").asLong() > 0 ? " !" + last.path("failed").asLong() : "") + ")";
            out.printf("%-20s %-12s %-19s %-14s %-30s %-25s %d%n", i.path("instanceId").asText(), i.path("sourceType").asText(),
                    i.path("state").asText(), i.path("schedule").asText(), lastText,
                    i.path("nextRun").isNull() || i.path("nextRun").isMissingNode() ? "-" : i.path("nextRun").asText(), i.path("documents").asLong());
            if (i.hasNonNull("message")) {
                out.printf("%-20s %s%n", "", i.path("message").asText());
            }
            i.path("http").path("circuits").fields().forEachRemaining(c -> {
                if (!"CLOSED".equals(c.getValue().asText())) {
                    out.printf("%-20s circuit %s for %s: it failed repeatedly and is not asked for a while%n", "", c.getValue().asText(), c.getKey());
                }
            });
        }
        return Exit.OK;
    }

    private int sync(List<String> args) throws ApiClient.ApiException {
        String id = instanceArg(args, "sync <instance> [--full] [--wait]");
        long before = lastRunId(id);
        api.post("instances/" + id + "/sync", args.contains("--full") ? Map.of("full", List.of("true")) : Map.of());
        if (!args.contains("--wait")) {
            out.println("Sync of " + id + " queued");
            return Exit.OK;
        }
        while (true) {
            JsonNode i = api.get("instances/" + id, Map.of());
            JsonNode last = i.path("lastRun");
            if (!last.isNull() && !last.isMissingNode() && last.path("id").asLong() > before && !last.path("status").asText().equals("running")) {
                out.printf("Sync of %s %s: seen %d, added %d, updated %d, unchanged %d, deleted %d, failed %d%s%n", id,
                        last.path("status").asText(), last.path("seen").asLong(), last.path("added").asLong(), last.path("updated").asLong(),
                        last.path("unchanged").asLong(), last.path("deleted").asLong(), last.path("failed").asLong(),
                        last.path("error").isNull() ? "" : " — " + last.path("error").asText());
                return last.path("status").asText().equals("succeeded") ? Exit.OK : Exit.FAILURE;
            }
            sleep(200);
        }
    }

    private long lastRunId(String id) throws ApiClient.ApiException {
        JsonNode last = api.get("instances/" + id, Map.of()).path("lastRun");
        return last.isNull() || last.isMissingNode() ? -1 : last.path("id").asLong();
    }

    private int cancel(List<String> args) throws ApiClient.ApiException {
        String id = instanceArg(args, "cancel <instance>");
        api.post("instances/" + id + "/cancel", Map.of());
        out.println("Cancelling the sync of " + id + ": it stops at its next checkpoint");
        return Exit.OK;
    }

    /**
     * {@code authorize <instance>}: starts the OAuth authorization code flow and prints the URL a
     * person opens in a browser to approve access.
     */
    private int authorize(List<String> args) throws ApiClient.ApiException {
        String id = instanceArg(args, "authorize <instance>");
        JsonNode r = api.post("instances/" + id + "/authorize", Map.of());
        out.println("Open this URL in a browser and approve access for instance " + id + " (it works once, until "
                + r.path("expires").asText().replaceAll("\\.\\d+Z$", "Z") + "):");
        out.println();
        out.println("  " + r.path("authorizationUrl").asText());
        out.println();
        out.println("The provider then sends the browser to " + r.path("redirectUri").asText() + ", which must be the redirect URI");
        out.println("registered with the OAuth app, exactly. The browser must reach it: on another machine, tunnel to the host or set");
        out.println("publicUrl in etc/dev.tributary.oauth.cfg. The instance syncs once it is connected (bin/tributary instances).");
        return Exit.OK;
    }

    /** {@code webhooks dead [--instance ID] [--json]}, {@code webhooks replay <id>}. */
    private int webhooks(List<String> args) throws ApiClient.ApiException {
        String usage = "bin/tributary webhooks dead [--instance ID] [--json] | webhooks replay <id>";
        String action = args.isEmpty() ? "" : args.get(0);
        if (action.equals("replay") && args.size() == 2) {
            JsonNode r = api.post("webhooks/" + args.get(1) + "/replay", Map.of());
            out.println("Webhook delivery " + r.path("id").asLong() + " of " + r.path("instance").asText()
                    + " is pending again, with its attempts reset: it is processed within seconds");
            return Exit.OK;
        }
        if (!action.equals("dead")) {
            throw new IllegalArgumentException(usage);
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        int i = args.indexOf("--instance");
        if (i > 0) {
            params.put("instance", List.of(value(args, i + 1, "--instance")));
        }
        JsonNode r = api.get("webhooks/dead", params);
        if (args.contains("--json")) {
            print(r);
            return Exit.OK;
        }
        if (r.path("deadLetters").isEmpty()) {
            out.println("No dead letters: every webhook delivery was processed or is still being tried");
            return Exit.OK;
        }
        out.printf("%-8s %-20s %-38s %-22s %-22s %-8s %s%n", "ID", "INSTANCE", "DELIVERY", "EVENT", "RECEIVED", "ATTEMPTS", "LAST ERROR");
        for (JsonNode d : r.path("deadLetters")) {
            out.printf("%-8d %-20s %-38s %-22s %-22s %-8d %s%n", d.path("id").asLong(), d.path("instance").asText(),
                    d.path("deliveryId").asText(), d.path("event").asText(), d.path("received").asText().replaceAll("\\.\\d+Z$", "Z"),
                    d.path("attempts").asInt(), d.path("lastError").asText());
        }
        out.println("Replay one, once its cause is fixed: bin/tributary webhooks replay <ID>");
        return Exit.OK;
    }

    private int reindex() throws ApiClient.ApiException {
        JsonNode r = api.post("index/rebuild", Map.of());
        out.println("Index rebuilt from the store: " + r.path("documents").asLong() + " document(s)");
        return Exit.OK;
    }

    private static String instanceArg(List<String> args, String usage) {
        return args.stream().filter(a -> !a.startsWith("--")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("which instance? bin/tributary " + usage));
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private void print(JsonNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
