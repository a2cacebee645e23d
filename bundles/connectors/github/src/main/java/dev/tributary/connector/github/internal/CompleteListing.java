package dev.tributary.connector.github.internal;

import dev.tributary.api.http.Request;
import dev.tributary.api.http.Response;
import dev.tributary.api.http.SourceClient;
import java.io.IOException;

/**
 * Whether a paged list really ended where its paging stopped. Paging stops at the first page without
 * a next link — also when a proxy stripped the {@code Link} header on the way — and a list cut short
 * looks like items deleted: a full sync prunes what it did not see. GitHub sends a {@code Link} header
 * on every page of a list longer than one page (the last one has rel "prev" and "first"), and none when
 * the list fits on one page: so a later page without one, or a full first page without one whose page 2
 * still has items, means the headers do not arrive, and the run stops before anything is pruned.
 */
final class CompleteListing {

    /** GitHub's page size when the request names none, and its largest. */
    static final int DEFAULT_PER_PAGE = 30;
    static final int MAX_PER_PAGE = 100;

    private final SourceClient http;
    private final Request pageTwo;
    private final Shape shape;
    private int pages;
    private Response lastPage;
    private int lastCount;

    /** @param pageTwo the list's page 2, asked unconditionally */
    CompleteListing(SourceClient http, Request pageTwo, Shape shape) {
        this.http = http;
        this.pageTwo = pageTwo;
        this.shape = shape;
    }

    /** Each page as it arrives, with how many items it held. */
    void page(Response page, int items) throws GitHubApi.UnexpectedAnswer {
        if (pages > 0 && !hasLink(page)) {
            throw new GitHubApi.UnexpectedAnswer(page, "page " + (pages + 1) + " of the list has no Link header (GitHub sends one on every "
                    + "page of a list longer than one page), so where the list ends cannot be told");
        }
        pages++;
        lastPage = page;
        lastCount = items;
    }

    /** After the last page: a list of one full page without a {@code Link} header is checked by asking for page 2, which must be empty. */
    void end() throws IOException, InterruptedException {
        if (pages != 1 || hasLink(lastPage) || lastCount < perPage()) {
            return;
        }
        if (!GitHubApi.items(http.send(pageTwo), shape).isEmpty()) {
            throw new GitHubApi.UnexpectedAnswer(lastPage, "a full page of " + lastCount + " items came without a Link header, yet page 2 "
                    + "has more: the Link headers GitHub sends do not reach the host (does a proxy strip them?), so the list cannot be read whole");
        }
    }

    /** A blank header (emptied on the way) counts as none. */
    private static boolean hasLink(Response page) {
        return page.header("link").filter(v -> !v.isBlank()).isPresent();
    }

    private int perPage() {
        String query = pageTwo.uri().getRawQuery();
        for (String part : query == null ? new String[0] : query.split("&")) {
            String[] kv = part.split("=", 2);
            if (kv[0].equals("per_page") && kv.length == 2) {
                try {
                    return Math.min(Integer.parseInt(kv[1]), MAX_PER_PAGE);
                } catch (NumberFormatException e) {
                    return DEFAULT_PER_PAGE;
                }
            }
        }
        return DEFAULT_PER_PAGE;
    }
}
