package dev.tributary.itest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * One change to one field of a JSON object, of a kind GitHub never sends for it (a missing required
 * field, null, another type, a bad time or name …) — except {@link Kind#EXTRA_FIELD}, an unknown field
 * beside it, which a client must simply ignore.
 *
 * @param path    the field, dotted for nested objects (e.g. {@code owner.login})
 * @param variant picks among the bad values of a kind
 */
record JsonMutation(String path, Kind kind, int variant) {

    enum Kind { REMOVE, NULL, NUMBER, TEXT, BOOLEAN, ARRAY, NESTED, ZERO, NEGATIVE, FRACTION, HUGE_NUMBER, HUGE_TEXT, BAD_TIME, BAD_NAME,
        NOT_BASE64, EXTRA_FIELD }

    /** What GitHub sends in a field: which bad values a mutation can put there. */
    enum Type {
        TEXT(Kind.REMOVE, Kind.NULL, Kind.NUMBER, Kind.BOOLEAN, Kind.ARRAY, Kind.NESTED),
        NULLABLE_TEXT(Kind.NUMBER, Kind.BOOLEAN, Kind.ARRAY, Kind.NESTED),
        TIME(Kind.REMOVE, Kind.NULL, Kind.NUMBER, Kind.BOOLEAN, Kind.ARRAY, Kind.NESTED, Kind.HUGE_TEXT, Kind.BAD_TIME),
        NULLABLE_TIME(Kind.NUMBER, Kind.BOOLEAN, Kind.ARRAY, Kind.NESTED, Kind.HUGE_TEXT, Kind.BAD_TIME),
        POSITIVE(Kind.REMOVE, Kind.NULL, Kind.TEXT, Kind.BOOLEAN, Kind.ARRAY, Kind.NESTED, Kind.ZERO, Kind.NEGATIVE, Kind.FRACTION,
                Kind.HUGE_NUMBER, Kind.HUGE_TEXT),
        BOOLEAN(Kind.REMOVE, Kind.NULL, Kind.NUMBER, Kind.TEXT, Kind.ARRAY, Kind.NESTED),
        /** A repository's full name, owner/name. */
        NAME(Kind.REMOVE, Kind.NULL, Kind.NUMBER, Kind.ARRAY, Kind.NESTED, Kind.BAD_NAME),
        BASE64(Kind.REMOVE, Kind.NULL, Kind.NUMBER, Kind.ARRAY, Kind.NESTED, Kind.NOT_BASE64),
        OBJECT(Kind.REMOVE, Kind.NULL, Kind.NUMBER, Kind.TEXT, Kind.ARRAY),
        NULLABLE_OBJECT(Kind.NUMBER, Kind.TEXT, Kind.ARRAY),
        /** A field the client does not rely on: anything goes. */
        UNUSED(Kind.REMOVE, Kind.NULL, Kind.NUMBER, Kind.TEXT, Kind.ARRAY, Kind.NESTED, Kind.HUGE_TEXT);

        final List<Kind> bad;

        Type(Kind... bad) {
            this.bad = List.of(bad);
        }
    }

    static final List<String> BAD_TIMES = List.of("yesterday", "2024-13-45T25:61:00Z", "", "2024-01-01", "1704103200",
            "2024-01-01 10:00:00", "Mon, 01 Jan 2024 10:00:00 GMT", "2024-01-01T10:00:00");
    static final List<String> BAD_NAMES = List.of("noslash", "a/b/c", "../octo", "", " ", "octo/", "/handbook", "octo/hand book",
            "octo/hand\nbook", "octo/../../user");
    static final List<String> NOT_BASE64 = List.of("@@@", "not base64 at all!", "SGVsbG8*V29ybGQ=", "%%%%");
    private static final String HUGE = "x".repeat(200_000);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A change to one of {@code fields} (name → what GitHub sends there): a bad value, or now and then an extra field. */
    static Arbitrary<JsonMutation> of(Map<String, Type> fields) {
        List<String> names = List.copyOf(fields.keySet());
        Arbitrary<JsonMutation> bad = Arbitraries.of(names).flatMap(name -> Arbitraries.of(fields.get(name).bad)
                .flatMap(kind -> Arbitraries.integers().between(0, 9).map(v -> new JsonMutation(name, kind, v))));
        Arbitrary<JsonMutation> extra = Arbitraries.of(names).map(name -> new JsonMutation(name, Kind.EXTRA_FIELD, 0));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, bad), net.jqwik.api.Tuple.of(1, extra));
    }

    /** Whether a client must refuse what this makes (all but an extra field). */
    boolean harmful() {
        return kind != Kind.EXTRA_FIELD;
    }

    /** Changes {@code root}; false when the field's parent is not there (nothing changed). */
    boolean applyTo(JsonNode root) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? root : root.at("/" + path.substring(0, dot).replace('.', '/'));
        String field = path.substring(dot + 1);
        if (!(parent instanceof ObjectNode object)) {
            return false;
        }
        switch (kind) {
            case REMOVE -> object.remove(field);
            case EXTRA_FIELD -> object.set("unexpected_" + field, NODES.objectNode().set("nested",
                    NODES.arrayNode().add(NODES.objectNode().put("deeper", HUGE.substring(0, 50_000))).add(NODES.nullNode())));
            default -> object.set(field, badValue(object.get(field)));
        }
        return true;
    }

    private JsonNode badValue(JsonNode original) {
        JsonNode kept = original == null ? NODES.nullNode() : original;
        return switch (kind) {
            case NULL -> NODES.nullNode();
            case NUMBER -> NODES.numberNode(42);
            case TEXT -> NODES.textNode("zz");
            case BOOLEAN -> NODES.booleanNode(variant % 2 == 0);
            case ARRAY -> NODES.arrayNode().add(kept);
            case NESTED -> NODES.objectNode().set("value", kept);
            case ZERO -> NODES.numberNode(0);
            case NEGATIVE -> NODES.numberNode(-1 - variant);
            case FRACTION -> NODES.numberNode(new BigDecimal(kept.asLong(1) + ".5"));
            case HUGE_NUMBER -> NODES.numberNode(BigInteger.TEN.pow(30 + variant));
            case HUGE_TEXT -> NODES.textNode(HUGE);
            case BAD_TIME -> NODES.textNode(BAD_TIMES.get(variant % BAD_TIMES.size()));
            case BAD_NAME -> NODES.textNode(BAD_NAMES.get(variant % BAD_NAMES.size()));
            case NOT_BASE64 -> NODES.textNode(NOT_BASE64.get(variant % NOT_BASE64.size()));
            case REMOVE, EXTRA_FIELD -> throw new IllegalStateException(kind + " has no value");
        };
    }

    @Override
    public String toString() {
        return path + ": " + kind + (List.of(Kind.BAD_TIME, Kind.BAD_NAME, Kind.NOT_BASE64, Kind.NEGATIVE, Kind.BOOLEAN).contains(kind)
                ? " #" + variant : "");
    }
}
