package dev.tributary.itest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import dev.tributary.itest.JsonMutation.Type;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A bad answer of GitHub's REST API, put by a {@link FaultProxy} in place of every answer to one kind
 * of request during one sync: a broken body, an odd status, a Link header that leads astray, or one
 * item with a field GitHub never sends that way. Which are harmful (the run must fail) is decided from
 * GitHub's documented contract, not from what the connector happens to do.
 *
 * @param full whether the bad run is a full sync (everything listed) or an incremental one
 */
record BadAnswer(Target target, boolean full, Change change) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The requests a bad answer replaces the answers of, with the fields their items have as GitHub's
     * OpenAPI description (npm @octokit/openapi: minimal-repository, issue, issue-comment, content-file,
     * collaborator, team) has them.
     */
    enum Target {
        REPOSITORIES("/user/repos\\?.*", true, Map.of("full_name", Type.NAME, "private", Type.BOOLEAN, "html_url", Type.TEXT,
                "owner", Type.OBJECT, "owner.login", Type.TEXT, "created_at", Type.NULLABLE_TIME, "updated_at", Type.NULLABLE_TIME,
                "pushed_at", Type.NULLABLE_TIME, "description", Type.NULLABLE_TEXT, "visibility", Type.NULLABLE_TEXT)),
        README("/repos/[^/]+/[^/]+/readme", false, Map.of("content", Type.BASE64)),
        ISSUES("/repos/[^/]+/[^/]+/issues\\?.*", true, Map.of("number", Type.POSITIVE, "title", Type.TEXT, "body", Type.NULLABLE_TEXT,
                "html_url", Type.TEXT, "user", Type.NULLABLE_OBJECT, "state", Type.TEXT, "created_at", Type.TIME, "updated_at", Type.TIME)),
        COMMENTS("/repos/[^/]+/[^/]+/issues/comments\\?.*", true, Map.of("id", Type.POSITIVE, "issue_url", Type.TEXT, "html_url", Type.TEXT,
                "body", Type.NULLABLE_TEXT, "user", Type.NULLABLE_OBJECT, "created_at", Type.TIME, "updated_at", Type.TIME)),
        COLLABORATORS("/repos/[^/]+/[^/]+/collaborators\\?.*", true, Map.of("login", Type.TEXT)),
        TEAMS("/repos/[^/]+/[^/]+/teams\\?.*", true, Map.of("slug", Type.TEXT));

        final Pattern path;
        final boolean listing;
        final Map<String, Type> fields;

        Target(String path, boolean listing, Map<String, Type> fields) {
            this.path = Pattern.compile(path);
            this.listing = listing;
            this.fields = fields;
        }
    }

    /** What is done to an answer; empty when it cannot be done to this one (it then passes unchanged). */
    sealed interface Change {
        java.util.Optional<Response> apply(Request request, Response answer, Target target, String trap);

        /** Whether a client must refuse the changed answer to this request. */
        boolean harmful(Request request);
    }

    enum BodyKind { GARBAGE, TRUNCATED, EMPTY, WRONG_SHAPE, HTML, SAME }

    /** The body replaced (SAME: kept, only the content type differs), status 200. */
    record Body(BodyKind kind, int variant, String contentType) implements Change {
        @Override
        public java.util.Optional<Response> apply(Request request, Response answer, Target target, String trap) {
            if ((kind == BodyKind.TRUNCATED || kind == BodyKind.SAME) && answer.getStatus() != 200) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(answer(answer, 200, contentType, bodyOf(kind, variant, answer.getBody(), target)));
        }

        @Override
        public boolean harmful(Request request) {
            return kind != BodyKind.SAME;
        }
    }

    /** Another status, with a body of {@code body}'s kind. */
    record Status(int code, BodyKind body) implements Change {
        @Override
        public java.util.Optional<Response> apply(Request request, Response answer, Target target, String trap) {
            if (answer.getStatus() != 200) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(answer(answer, code, "application/json; charset=utf-8", bodyOf(body, 0, answer.getBody(), target)));
        }

        @Override
        public boolean harmful(Request request) {
            if (code == 304) {
                return !request.containsHeader("If-None-Match"); // not modified, when nothing was asked conditionally
            }
            return !(Set.of(201, 202, 203, 206).contains(code) && body == BodyKind.SAME);
        }
    }

    /** One item (of a list, or the object itself) with one field changed. */
    record Item(int index, JsonMutation mutation) implements Change {
        @Override
        public java.util.Optional<Response> apply(Request request, Response answer, Target target, String trap) {
            if (answer.getStatus() != 200) {
                return java.util.Optional.empty();
            }
            try {
                JsonNode root = JSON.readTree(answer.getBody());
                JsonNode item = root.isArray() ? root.get(index % Math.max(1, root.size())) : root;
                if (item == null || !mutation.applyTo(item)) {
                    return java.util.Optional.empty();
                }
                return java.util.Optional.of(Response.Builder.like(answer).but().body(JSON.writeValueAsBytes(root)).build());
            } catch (IOException e) {
                throw new IllegalStateException("the fake's answer to " + request.getUrl() + " is not JSON", e);
            }
        }

        @Override
        public boolean harmful(Request request) {
            return mutation.harmful();
        }
    }

    enum LinkKind { SELF, EMPTY_TARGET, INVALID, FOREIGN, NOISE, PREV_ONLY }

    /** A Link header added to a page. */
    record Link(LinkKind kind) implements Change {
        @Override
        public java.util.Optional<Response> apply(Request request, Response answer, Target target, String trap) {
            if (answer.getStatus() != 200 || !target.listing) {
                return java.util.Optional.empty();
            }
            String self = request.getAbsoluteUrl();
            String value = switch (kind) {
                case SELF -> "<" + self + ">; rel=\"next\"";
                case EMPTY_TARGET -> "<>; rel=\"next\"";
                case INVALID -> "<http://[::1:bad>; rel=\"next\", <http://exa mple.test/?page=2>; rel=\"last\"";
                case FOREIGN -> "<" + trap + request.getUrl() + ">; rel=\"next\"";
                case NOISE -> "next page is here; rel=next ;;; <<>";
                case PREV_ONLY -> "<" + self + ">; rel=\"prev\", <" + self + ">; rel=\"first\"";
            };
            return java.util.Optional.of(Response.Builder.like(answer).but().headers(answer.getHeaders().plus(new HttpHeader("Link", value))).build());
        }

        @Override
        public boolean harmful(Request request) {
            return kind != LinkKind.NOISE && kind != LinkKind.PREV_ONLY;
        }
    }

    static Arbitrary<BadAnswer> any() {
        Arbitrary<Target> targets = Arbitraries.of(Target.class);
        return targets.flatMap(target -> Combinators.combine(Arbitraries.of(true, true, true, false), changes(target))
                .as((full, change) -> new BadAnswer(target, full, change)));
    }

    private static Arbitrary<Change> changes(Target target) {
        Arbitrary<String> types = Arbitraries.of("application/json; charset=utf-8", "text/html", "text/plain", "application/octet-stream");
        Arbitrary<Change> body = Combinators.combine(Arbitraries.of(BodyKind.class), Arbitraries.integers().between(1, 99), types).as(Body::new);
        Arbitrary<Change> status = Combinators.combine(Arbitraries.of(201, 202, 203, 204, 206, 300, 302, 304, 400, 409, 418, 422, 451, 500, 501,
                502, 503, 504), Arbitraries.of(BodyKind.class)).as(Status::new);
        Arbitrary<Change> item = Combinators.combine(Arbitraries.integers().between(0, 9), JsonMutation.of(target.fields)).as(Item::new);
        Arbitrary<Change> link = Arbitraries.of(LinkKind.class).map(Link::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, body), net.jqwik.api.Tuple.of(2, status), net.jqwik.api.Tuple.of(5, item),
                net.jqwik.api.Tuple.of(target.listing ? 2 : 0, link));
    }

    /** The change put in place for one run: it counts what it changed. */
    Injected inject(String trap) {
        return new Injected(this, trap);
    }

    static final class Injected implements FaultProxy.Fault {
        private final BadAnswer bad;
        private final String trap;
        /** The paths of the requests whose answers were changed, and whether each change was harmful. */
        final List<String> changed = new CopyOnWriteArrayList<>();
        volatile boolean harmful;

        Injected(BadAnswer bad, String trap) {
            this.bad = bad;
            this.trap = trap;
        }

        @Override
        public Response apply(Request request, Response answer) {
            if (!bad.target.path.matcher(request.getUrl()).matches() || (answer.getStatus() != 200 && answer.getStatus() != 304)) {
                return answer;
            }
            var out = bad.change.apply(request, answer, bad.target, trap);
            if (out.isEmpty()) {
                return answer;
            }
            changed.add(request.getUrl().replaceAll("\\?.*", ""));
            harmful |= bad.change.harmful(request);
            return out.get();
        }
    }

    private static Response answer(Response like, int status, String contentType, byte[] body) {
        List<HttpHeader> headers = like.getHeaders().all().stream().filter(h -> !h.keyEquals("Content-Type")).toList();
        HttpHeaders all = new HttpHeaders(headers);
        if (contentType != null) {
            all = all.plus(new HttpHeader("Content-Type", contentType));
        }
        return Response.Builder.like(like).but().status(status).headers(all).body(body).build();
    }

    private static byte[] bodyOf(BodyKind kind, int variant, byte[] original, Target target) {
        return switch (kind) {
            case GARBAGE -> {
                byte[] junk = new byte[1 + variant * 20];
                new Random(variant).nextBytes(junk);
                yield junk;
            }
            case TRUNCATED -> Arrays.copyOf(original, Math.max(1, original.length * variant / 100));
            case EMPTY -> new byte[0];
            case WRONG_SHAPE -> (target.listing ? List.of("{\"items\":[]}", "{\"message\":\"Moved Permanently\"}", "\"text\"", "42", "null",
                    "true", "{}") : List.of("[]", "[{}]", "\"text\"", "42", "null")).get(variant % (target.listing ? 7 : 5))
                    .getBytes(StandardCharsets.UTF_8);
            case HTML -> "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>".getBytes(StandardCharsets.UTF_8);
            case SAME -> original;
        };
    }
}
