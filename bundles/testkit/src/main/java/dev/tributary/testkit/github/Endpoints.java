package dev.tributary.testkit.github;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What the endpoint groups share: finding a repository the caller may read, and reading parameters. */
abstract class Endpoints {
    static final String REPOS_DOCS = "https://docs.github.com/rest/repos/repos";

    final World world;
    final Renderer render;
    final Paging paging;

    Endpoints(World world, Renderer render, Paging paging) {
        this.world = world;
        this.render = render;
        this.paging = paging;
    }

    abstract List<Route> routes();

    /**
     * {owner}/{repo} when the caller may read it. Unknown and unreadable private repositories are both
     * 404; a transferred repository answers 301 to the same path under its new owner, query kept.
     */
    Repo readableRepo(Call c) {
        String owner = c.param("owner");
        String name = c.param("repo");
        Optional<Repo> repo = world.findRepo(owner, name);
        if (repo.isEmpty()) {
            Optional<Repo> moved = world.movedRepo(owner, name).filter(r -> Access.canRead(c.user, r));
            if (moved.isPresent()) {
                throw new Answer(Reply.moved(relocated(c, moved.get())));
            }
            throw c.notFound();
        }
        if (!Access.canRead(c.user, repo.get())) {
            throw c.notFound();
        }
        return repo.get();
    }

    private String relocated(Call c, Repo to) {
        String[] segments = c.path.substring(1).split("/", 4);
        String rest = segments.length > 3 ? "/" + segments[3] : "";
        String query = c.query.isEmpty() ? "" : "?" + c.query.encoded();
        return render.api("repos/" + to.owner.login + "/" + to.name + rest + query);
    }

    /** An enumerated parameter; a value outside the list is 422 Validation Failed. */
    static String choice(Call c, String resource, String name, String fallback, String... allowed) {
        String value = c.query(name).orElse(fallback);
        if (!Arrays.asList(allowed).contains(value)) {
            throw new Answer(Reply.invalid(resource, name, c.docs));
        }
        return value;
    }

    /**
     * {@code since} (or another time parameter): ISO 8601, {@code YYYY-MM-DDTHH:MM:SSZ} or with an offset,
     * or a plain date; anything else is 422.
     */
    static Optional<Instant> time(Call c, String resource, String name) {
        Optional<String> raw = c.query(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(raw.get()).toInstant());
        } catch (DateTimeParseException notADateTime) {
            try {
                return Optional.of(LocalDate.parse(raw.get()).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException notADate) {
                throw new Answer(Reply.invalid(resource, name, c.docs));
            }
        }
    }

    /**
     * Filters GitHub documents but this fake does not implement answer 501, so that a test relying on one
     * fails loudly instead of getting unfiltered results.
     */
    static void unsupported(Call c, String... names) {
        for (String name : names) {
            if (c.query(name).isPresent()) {
                throw new Answer(Reply.error(501, "FakeGitHub does not implement the parameter '" + name + "'", c.docs));
            }
        }
    }

    static <T> List<T> sorted(List<T> items, Comparator<T> order, boolean descending) {
        return items.stream().sorted(descending ? order.reversed() : order).toList();
    }

    /** Items updated at or after {@code since}: GitHub's {@code since} is inclusive. */
    static boolean updatedSince(Instant updated, Optional<Instant> since) {
        return since.map(s -> !updated.isBefore(s)).orElse(true);
    }
}
