package dev.tributary.itest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.itest.JsonMutation.Type;
import dev.tributary.testkit.Signatures;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A webhook delivery to a GitHub instance's /hooks/ URL, most of it wrong: a payload GitHub would send
 * (about an issue, pull request, comment or repository — one the instance syncs, one it does not, one
 * that does not exist) changed in one field or encoded badly, under an event name, delivery id and
 * signature that may each be missing or wrong. {@link #expected} is the answer GitHub's documented
 * contract calls for (docs.github.com/webhooks).
 */
record BadDelivery(Payload payload, String event, Id id, Signature signature, String contentType, boolean chunked) {

    /** What is sent as the body: a payload of GitHub's about {@code subject}, its action set, one field mutated, encoded in {@code form}. */
    record Payload(Subject subject, Scope scope, String action, JsonMutation mutation, Form form, int variant) {}

    /** What the payload is about, with the event GitHub names it by. */
    enum Subject {
        ISSUE("issues"), PULL_REQUEST("pull_request"), COMMENT("issue_comment"), REPOSITORY("repository");

        final String event;

        Subject(String event) {
            this.event = event;
        }
    }

    /** The repository named: synced by the instance, another the token sees but the instance does not sync, or none at all. */
    enum Scope { SYNCED, NOT_SYNCED, MISSING }

    enum Form { JSON, PRETTY, BOM, UTF16, TRUNCATED, TRAILING_GARBAGE, GARBAGE, EMPTY, NOT_OBJECT, FORM_ENCODED, TOO_LARGE }

    enum Id { FRESH, DUPLICATE, MISSING, BLANK, TOO_LONG }

    enum Signature { VALID, MISSING, EMPTY, WRONG_SECRET, SHA1_PREFIX, NO_PREFIX, NOT_HEX, TOO_SHORT, UPPER_CASE, OTHER_BODY, LEGACY_SHA1_ONLY }

    /** The host's default limit (etc/dev.tributary.webhooks.cfg maxBodyBytes). */
    static final int MAX_BODY = 1024 * 1024;

    /** The fields each event's handling relies on, as GitHub's payloads carry them; "action" for every event. */
    static final Map<String, Map<String, Type>> RELIED = Map.of(
            "issues", Map.of("repository", Type.OBJECT, "repository.full_name", Type.NAME, "issue", Type.OBJECT, "issue.number", Type.POSITIVE),
            "pull_request", Map.of("repository", Type.OBJECT, "repository.full_name", Type.NAME, "pull_request", Type.OBJECT,
                    "pull_request.number", Type.POSITIVE),
            "issue_comment", Map.of("repository", Type.OBJECT, "repository.full_name", Type.NAME, "comment", Type.OBJECT,
                    "comment.id", Type.POSITIVE),
            "repository", Map.of("repository", Type.OBJECT, "repository.full_name", Type.NAME));
    /** GitHub's actions and event names: snake_case words. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Pattern REPO_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NO_HEADER = "(no header)";

    static Arbitrary<BadDelivery> any() {
        Arbitrary<Subject> subjects = Arbitraries.of(Subject.class);
        Arbitrary<Scope> scopes = Arbitraries.frequency(Tuple.of(6, Scope.SYNCED), Tuple.of(2, Scope.NOT_SYNCED), Tuple.of(2, Scope.MISSING));
        Arbitrary<String> actions = Arbitraries.of("edited", "opened", "deleted", "transferred", "closed", "reopened", "labeled", "created",
                "privatized", "renamed", "zz_not_an_action");
        Arbitrary<Form> forms = Arbitraries.frequency(Tuple.of(12, Form.JSON), Tuple.of(2, Form.PRETTY), Tuple.of(1, Form.BOM), Tuple.of(1, Form.UTF16),
                Tuple.of(2, Form.TRUNCATED), Tuple.of(1, Form.TRAILING_GARBAGE), Tuple.of(2, Form.GARBAGE), Tuple.of(1, Form.EMPTY),
                Tuple.of(1, Form.NOT_OBJECT), Tuple.of(1, Form.FORM_ENCODED), Tuple.of(1, Form.TOO_LARGE));
        Arbitrary<Id> ids = Arbitraries.frequency(Tuple.of(10, Id.FRESH), Tuple.of(3, Id.DUPLICATE), Tuple.of(1, Id.MISSING), Tuple.of(1, Id.BLANK),
                Tuple.of(1, Id.TOO_LONG));
        Arbitrary<Signature> signatures = Arbitraries.frequency(Tuple.of(12, Signature.VALID), Tuple.of(1, Signature.MISSING),
                Tuple.of(1, Signature.EMPTY), Tuple.of(1, Signature.WRONG_SECRET), Tuple.of(1, Signature.SHA1_PREFIX), Tuple.of(1, Signature.NO_PREFIX),
                Tuple.of(1, Signature.NOT_HEX), Tuple.of(1, Signature.TOO_SHORT), Tuple.of(1, Signature.UPPER_CASE), Tuple.of(1, Signature.OTHER_BODY),
                Tuple.of(1, Signature.LEGACY_SHA1_ONLY));
        Arbitrary<String> types = Arbitraries.of("application/json", "application/json", "application/x-www-form-urlencoded", "text/plain",
                "application/json; charset=utf-16", "");
        return subjects.flatMap(subject -> {
            Map<String, Type> fields = new LinkedHashMap<>(RELIED.get(subject.event));
            fields.put("action", Type.UNUSED); // a string of GitHub's, or absent (ping)
            fields.put("sender.login", Type.UNUSED);
            fields.put("repository.description", Type.UNUSED);
            Arbitrary<Payload> payloads = Combinators.combine(scopes, actions, JsonMutation.of(fields).injectNull(0.4), forms,
                    Arbitraries.integers().between(1, 99)).as((scope, action, mutation, form, variant) -> new Payload(subject, scope, action,
                    mutation, form, variant));
            Arbitrary<String> events = Arbitraries.frequency(Tuple.of(14, subject.event), Tuple.of(1, "issues"), Tuple.of(1, "issue_comment"),
                    Tuple.of(1, "ping"), Tuple.of(1, "push"), Tuple.of(1, "zz_new_event"), Tuple.of(1, ""), Tuple.of(1, NO_HEADER))
                    .map(e -> e.equals(NO_HEADER) ? null : e);
            return Combinators.combine(payloads, events, ids, signatures, types, Arbitraries.of(false, false, true)).as(BadDelivery::new);
        });
    }

    /** The body as it is sent: {@code original} (a payload of GitHub's) with the action and mutation, encoded. */
    byte[] body(JsonNode original) throws IOException {
        JsonNode p = original.deepCopy();
        if (p.has("action")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) p).put("action", payload.action);
        }
        if (payload.mutation != null) {
            payload.mutation.applyTo(p);
        }
        int variant = payload.variant;
        byte[] json = JSON.writeValueAsBytes(p);
        return switch (payload.form) {
            case JSON -> json;
            case PRETTY -> JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(p);
            case BOM -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, json);
            case UTF16 -> new String(json, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
            case TRUNCATED -> Arrays.copyOf(json, Math.max(1, json.length * variant / 100));
            case TRAILING_GARBAGE -> concat(json, " }{ trailing".getBytes(StandardCharsets.UTF_8));
            case GARBAGE -> {
                byte[] junk = new byte[variant * 30];
                new Random(variant).nextBytes(junk);
                yield junk;
            }
            case EMPTY -> new byte[0];
            case NOT_OBJECT -> List.of("[" + new String(json, StandardCharsets.UTF_8) + "]", "\"text\"", "42", "null", "true")
                    .get(variant % 5).getBytes(StandardCharsets.UTF_8);
            case FORM_ENCODED -> ("payload=" + URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            case TOO_LARGE -> concat(json, " ".repeat(MAX_BODY + variant - json.length + 1).getBytes(StandardCharsets.UTF_8));
        };
    }

    /** The headers as they are sent, with this delivery id (null: none) and a signature of {@code body} by {@code secret}. */
    Map<String, String> headers(byte[] body, String deliveryId, String secret) {
        Map<String, String> h = new LinkedHashMap<>();
        if (deliveryId != null) {
            h.put("X-GitHub-Delivery", deliveryId);
        }
        if (event != null) {
            h.put("X-GitHub-Event", event);
        }
        String valid = Signatures.hmacHex("HmacSHA256", secret, body);
        String value = switch (signature) {
            case VALID -> "sha256=" + valid;
            case MISSING, LEGACY_SHA1_ONLY -> null;
            case EMPTY -> "";
            case WRONG_SECRET -> "sha256=" + Signatures.hmacHex("HmacSHA256", secret + "-not", body);
            case SHA1_PREFIX -> "sha1=" + valid;
            case NO_PREFIX -> valid;
            case NOT_HEX -> "sha256=" + "z".repeat(64);
            case TOO_SHORT -> "sha256=" + valid.substring(0, 40);
            case UPPER_CASE -> "sha256=" + valid.toUpperCase(Locale.ROOT);
            case OTHER_BODY -> "sha256=" + Signatures.hmacHex("HmacSHA256", secret, "{}".getBytes(StandardCharsets.UTF_8));
        };
        if (value != null) {
            h.put("X-Hub-Signature-256", value);
        }
        if (signature == Signature.LEGACY_SHA1_ONLY) {
            h.put("X-Hub-Signature", "sha1=" + Signatures.hmacHex("HmacSHA1", secret, body));
        }
        if (!contentType.isEmpty()) {
            h.put("Content-Type", contentType);
        }
        h.put("User-Agent", "GitHub-Hookshot/6d2fc3b");
        return h;
    }

    /** The delivery id to send, given the ids accepted so far (a duplicate repeats one of them). */
    String deliveryId(List<String> accepted, String fresh) {
        return switch (id) {
            case FRESH -> fresh;
            case DUPLICATE -> accepted.isEmpty() ? fresh : accepted.get(payload.variant % accepted.size());
            case MISSING -> null;
            case BLANK -> "";
            case TOO_LONG -> "d".repeat(600);
        };
    }

    /**
     * The statuses the host may answer, by the contract: 413 for a body over the limit, 401 when the
     * signature is not GitHub's, 400 when a signed delivery cannot be used (no id, no event, not a JSON
     * object, a field its event relies on missing or wrong), 200 for a redelivery, else 202. A BOM or
     * UTF-16 (JSON is UTF-8 on the wire, RFC 8259 §8.1) may be refused or read.
     */
    Set<Integer> expected(byte[] body, String deliveryId, List<String> accepted) {
        if (body.length > MAX_BODY) {
            return Set.of(413);
        }
        if (signature != Signature.VALID) {
            return Set.of(401);
        }
        if (deliveryId == null || deliveryId.isBlank() || deliveryId.length() > 200 || event == null || event.isBlank()) {
            return Set.of(400);
        }
        Form form = payload.form;
        if (!Set.of(Form.JSON, Form.PRETTY, Form.BOM, Form.UTF16).contains(form)) {
            return Set.of(400);
        }
        int good = accepted.contains(deliveryId) ? 200 : 202;
        JsonNode sent;
        try {
            sent = JSON.readTree(new String(body, form == Form.UTF16 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8).replace("\uFEFF", ""));
        } catch (IOException e) {
            throw new IllegalStateException("the generator made an unreadable payload of form " + form, e);
        }
        boolean usable = usable(event, sent);
        if (form == Form.BOM || form == Form.UTF16) {
            return usable ? Set.of(good, 400) : Set.of(400);
        }
        return Set.of(usable ? good : 400);
    }

    /** Whether every field the event's handling relies on is what GitHub sends there; and an action, if any, is a word. */
    static boolean usable(String event, JsonNode payload) {
        if (!payload.isObject()) {
            return false;
        }
        JsonNode action = payload.get("action");
        if (action != null && !action.isNull() && !(action.isTextual() && WORD.matcher(action.asText()).matches())) {
            return false;
        }
        for (Map.Entry<String, Type> f : RELIED.getOrDefault(event, Map.of()).entrySet()) {
            JsonNode v = payload.at("/" + f.getKey().replace('.', '/'));
            boolean ok = switch (f.getValue()) {
                case OBJECT -> v.isObject();
                case NAME -> v.isTextual() && REPO_NAME.matcher(v.asText()).matches() && !v.asText().endsWith("/.") && !v.asText().endsWith("/..");
                case POSITIVE -> v.isIntegralNumber() && v.canConvertToLong() && v.asLong() > 0;
                default -> throw new IllegalStateException("no check for " + f.getValue());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
