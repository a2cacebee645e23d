package dev.tributary.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Page-number paging as GitHub does it (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api):
 * {@code per_page} defaults to 30 and is capped at 100, {@code page} counts from 1, and a {@code link}
 * header gives absolute URLs for rel "prev", "next", "last" and "first" (in that order, as in the docs'
 * example), each keeping the request's other query parameters. "prev" and "first" are left out on the
 * first page, "next" and "last" on the last; the header is omitted when everything fits on one page.
 */
final class Paging {
    static final int DEFAULT_PER_PAGE = 30;
    static final int MAX_PER_PAGE = 100;

    private final String apiBase;

    Paging(String apiBase) {
        this.apiBase = apiBase;
    }

    <T> Reply reply(Call call, List<T> items, Function<T, ? extends JsonNode> render) {
        int perPage = Math.min(positive(call, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE);
        int page = positive(call, "page", 1);
        int last = Math.max(1, (items.size() + perPage - 1) / perPage);
        int from = (int) Math.min((long) (page - 1) * perPage, items.size());
        int to = Math.min(from + perPage, items.size());
        ArrayNode body = Json.array();
        items.subList(from, to).forEach(item -> body.add(render.apply(item)));
        Reply reply = Reply.json(body);
        if (last > 1) {
            reply.header("link", links(call, page, last));
        }
        return reply;
    }

    private String links(Call call, int page, int last) {
        List<String> links = new ArrayList<>();
        if (page > 1) {
            links.add(link(call, Math.min(page - 1, last), "prev"));
        }
        if (page < last) {
            links.add(link(call, page + 1, "next"));
            links.add(link(call, last, "last"));
        }
        if (page > 1) {
            links.add(link(call, 1, "first"));
        }
        return String.join(", ", links);
    }

    private String link(Call call, int page, String rel) {
        String path = call.path.startsWith("/") ? call.path.substring(1) : call.path;
        return "<" + apiBase + path + "?" + call.query.with("page", Integer.toString(page)) + ">; rel=\"" + rel + "\"";
    }

    /** A positive integer parameter; anything else (absent, 0, garbage) means the default, as GitHub treats it. */
    private static int positive(Call call, String name, int fallback) {
        try {
            int value = Integer.parseInt(call.query(name).orElse(""));
            return value > 0 ? value : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
