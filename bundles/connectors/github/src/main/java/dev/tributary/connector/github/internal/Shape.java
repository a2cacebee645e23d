package dev.tributary.connector.github.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the connector relies on in each kind of object GitHub's REST API answers with
 * (docs.github.com/rest: repositories, issues, issue comments, README contents, collaborators,
 * teams), checked as an answer arrives. An answer that is not what GitHub sends stops the run before
 * anything is written from it, instead of becoming documents with empty titles, another item's number,
 * or readers nobody knows.
 */
enum Shape {
    // (its times may be null: GitHub's description of minimal-repository and repository says so)
    REPOSITORY(required("full_name", Type.NAME), required("private", Type.BOOLEAN), required("html_url", Type.TEXT),
            required("owner", Type.ACCOUNT), nullable("created_at", Type.TIME), nullable("updated_at", Type.TIME),
            nullable("pushed_at", Type.TIME), nullable("description", Type.TEXT), nullable("visibility", Type.TEXT)),
    ISSUE(required("number", Type.POSITIVE), required("title", Type.TEXT), nullable("body", Type.TEXT), required("url", Type.TEXT),
            required("html_url", Type.TEXT), nullable("user", Type.ACCOUNT), required("state", Type.TEXT), required("created_at", Type.TIME),
            required("updated_at", Type.TIME)),
    COMMENT(required("id", Type.POSITIVE), required("url", Type.TEXT), required("issue_url", Type.TEXT), required("html_url", Type.TEXT),
            nullable("body", Type.TEXT), nullable("user", Type.ACCOUNT), required("created_at", Type.TIME), required("updated_at", Type.TIME)),
    README(required("content", Type.BASE64)),
    USER(required("login", Type.TEXT)),
    TEAM(required("slug", Type.TEXT)),
    // webhook payloads (docs.github.com/webhooks/webhook-events-and-payloads): what handling each event relies on
    ISSUES_EVENT(required("repository", Type.REPOSITORY), required("issue", Type.NUMBERED)),
    PULL_REQUEST_EVENT(required("repository", Type.REPOSITORY), required("pull_request", Type.NUMBERED)),
    ISSUE_COMMENT_EVENT(required("repository", Type.REPOSITORY), required("comment", Type.IDENTIFIED)),
    REPOSITORY_EVENT(required("repository", Type.REPOSITORY));

    /** owner/name as GitHub allows them (an owner starts with a letter or digit; "." and ".." are no names). */
    static final Pattern REPO_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*/(?!\\.\\.?$)[A-Za-z0-9._-]+");

    enum Type {
        TEXT("a text", null), TIME("a time such as 2011-04-14T16:00:49Z", null), POSITIVE("a whole number of 1 or more", null),
        BOOLEAN("true or false", null), NAME("a repository's owner/name", null), BASE64("Base64 text", null),
        ACCOUNT("an account", "a login"), REPOSITORY("a repository", "an owner/name as full_name"), NUMBERED("an object", "a number of 1 or more"),
        IDENTIFIED("an object", "an id of 1 or more");

        final String what;
        /** For an object: what it must hold. */
        final String holding;

        Type(String what, String holding) {
            this.what = what;
            this.holding = holding;
        }

        boolean accepts(JsonNode v) {
            return switch (this) {
                case TEXT -> v.isTextual();
                case TIME -> v.isTextual() && isTime(v.asText());
                case POSITIVE -> v.isIntegralNumber() && v.canConvertToLong() && v.asLong() > 0;
                case BOOLEAN -> v.isBoolean();
                case NAME -> v.isTextual() && REPO_NAME.matcher(v.asText()).matches();
                case BASE64 -> v.isTextual() && decode(v.asText()).isPresent();
                case ACCOUNT -> v.isObject() && v.path("login").isTextual();
                case REPOSITORY -> v.isObject() && NAME.accepts(v.path("full_name"));
                case NUMBERED -> v.isObject() && POSITIVE.accepts(v.path("number"));
                case IDENTIFIED -> v.isObject() && POSITIVE.accepts(v.path("id"));
            };
        }

        /** Why {@code v} is not one of these, in words (without its value). */
        String mismatch(JsonNode v) {
            if (holding != null) {
                return v.isObject() ? "an object without " + holding : kind(v) + ", not " + what + " with " + holding;
            }
            return v.isTextual() ? "a text that is not " + what : kind(v) + ", not " + what;
        }
    }

    private record Field(String name, Type type, boolean nullable) {}

    private final List<Field> fields;

    Shape(Field... fields) {
        this.fields = List.of(fields);
    }

    private static Field required(String name, Type type) {
        return new Field(name, type, false);
    }

    private static Field nullable(String name, Type type) {
        return new Field(name, type, true);
    }

    /** What is wrong with {@code node} as one of these (said without its values: they are source data); empty when nothing is. */
    Optional<String> problem(JsonNode node) {
        if (!node.isObject()) {
            return Optional.of("it is " + kind(node) + ", not an object");
        }
        for (Field f : fields) {
            JsonNode v = node.get(f.name);
            if (v == null || v.isNull()) {
                if (!f.nullable) {
                    return Optional.of("'" + f.name + "' is " + (v == null ? "missing" : "null"));
                }
            } else if (!f.type.accepts(v)) {
                return Optional.of("'" + f.name + "' is " + f.type.mismatch(v));
            }
        }
        return Optional.empty();
    }

    /** GitHub's Base64 (with line breaks every 60 characters) decoded strictly; empty when it is not Base64. */
    static Optional<byte[]> decode(String base64) {
        try {
            return Optional.of(Base64.getDecoder().decode(base64.replace("\n", "").replace("\r", "")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Why a text is no JSON, in words, without quoting it (the parser's own message can). */
    static String notJson(IOException e) {
        if (e instanceof JsonEOFException) {
            return "it ends early";
        }
        if (e instanceof JsonProcessingException j && j.getLocation() != null) {
            return "broken at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
        }
        return "unreadable";
    }

    /** What a JSON value is, in words. */
    static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT, POJO -> "an object";
            case STRING -> "a text";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case NULL -> "null";
            case MISSING -> "nothing";
            case BINARY -> "binary";
        };
    }

    private static boolean isTime(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
