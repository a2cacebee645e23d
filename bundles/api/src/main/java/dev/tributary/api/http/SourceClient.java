package dev.tributary.api.http;

import java.net.URI;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An instance's HTTP client. {@link #send} retries transient failures (connect errors, resets,
 * timeouts, 5xx, rate limits) with exponential backoff and full jitter, never asks before the time
 * a source gave (Retry-After, rate-limit reset headers, shared by every client of the credential),
 * refreshes credentials once on 401, asks for gzip, and fails fast while the host's circuit is open.
 * Thread-safe.
 */
@ProviderType
public interface SourceClient {

    /**
     * Sends {@code request}; returns a 2xx or 304 response.
     *
     * @throws HttpFailure for everything else, classified (see {@link HttpFailure.Kind})
     */
    Response send(Request request) throws HttpFailure, InterruptedException;

    /**
     * Pages from {@code first} on: each next request comes from {@code next} applied to the page
     * before (empty: that was the last). Requests are sent as the pages are iterated. A next page
     * asked before fails the paging (it would loop for ever).
     */
    default Iterable<Response> pages(Request first, Function<Response, Optional<Request>> next) {
        return () -> new Iterator<>() {
            private Optional<Request> pending = Optional.of(first);
            private final Set<URI> asked = new HashSet<>();

            @Override
            public boolean hasNext() {
                return pending.isPresent();
            }

            @Override
            public Response next() {
                Request r = pending.orElseThrow(NoSuchElementException::new);
                asked.add(r.uri());
                try {
                    Response page = send(r);
                    pending = page.notModified() ? Optional.empty() : next.apply(page);
                    if (pending.isPresent() && asked.contains(pending.get().uri())) {
                        throw new PagingException(new HttpFailure(HttpFailure.Kind.REJECTED, page.status(), r + ": its next page is "
                                + Redaction.uri(pending.get().uri()) + ", a page asked before: the paging loops", null, null));
                    }
                    return page;
                } catch (HttpFailure e) {
                    throw new PagingException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PagingException(new HttpFailure(HttpFailure.Kind.CANCELLED, 0, "interrupted while paging " + r, null, e));
                }
            }
        };
    }

    /**
     * Pages that follow the {@code Link: <…>; rel="next"} header (GitHub, and many more). A next page
     * elsewhere than the first (another scheme, host or port) is not followed, so the credentials never
     * go there; a next link that is no URI fails the paging too.
     */
    default Iterable<Response> linkPages(Request first) {
        return pages(first, page -> {
            Optional<URI> link;
            try {
                link = page.nextLink();
            } catch (IllegalArgumentException e) {
                throw new PagingException(new HttpFailure(HttpFailure.Kind.REJECTED, page.status(), first.method() + " " + Redaction.uri(page.uri())
                        + ": its Link header names a next page that is no URI (" + e.getMessage() + ")", null, e));
            }
            if (link.isPresent() && !sameOrigin(first.uri(), link.get())) {
                throw new PagingException(new HttpFailure(HttpFailure.Kind.REJECTED, page.status(), first.method() + " " + Redaction.uri(page.uri())
                        + ": its Link header puts the next page on another host (" + link.get().getScheme() + "://" + link.get().getHost() + ":"
                        + port(link.get()) + "), which is not followed: the credentials stay with " + first.uri().getHost(), null, null));
            }
            return link.map(first::withUri);
        });
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** Pages by a cursor: {@code cursorOf} reads the next cursor from a page (empty at the end), sent as query parameter {@code parameter}. */
    default Iterable<Response> cursorPages(Request first, String parameter, Function<Response, Optional<String>> cursorOf) {
        return pages(first, page -> cursorOf.apply(page).filter(c -> !c.isEmpty())
                .map(c -> first.withUri(Query.with(first.uri(), parameter, c))));
    }

    /**
     * Pages by offset: {@code parameter} is {@code 0, size, 2·size …} until a page holds fewer than
     * {@code size} items ({@code itemsOf} counts them).
     */
    default Iterable<Response> offsetPages(Request first, String parameter, int size, Function<Response, Integer> itemsOf) {
        int[] offset = {0};
        return pages(first.withUri(Query.with(first.uri(), parameter, "0")), page -> {
            if (itemsOf.apply(page) < size) {
                return Optional.empty();
            }
            offset[0] += size;
            return Optional.of(first.withUri(Query.with(first.uri(), parameter, Integer.toString(offset[0]))));
        });
    }

    /** Thrown while iterating pages (an iterator cannot throw checked exceptions): the failure is its cause. */
    final class PagingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PagingException(HttpFailure cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized HttpFailure getCause() {
            return (HttpFailure) super.getCause();
        }
    }

    /** Query parameter helpers for paging. */
    final class Query {
        private Query() {}

        /** {@code uri} with the query parameter {@code name} set to {@code value} (replacing it if present). */
        public static URI with(URI uri, String name, String value) {
            String encoded = java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
            String query = uri.getRawQuery();
            StringBuilder q = new StringBuilder();
            if (query != null) {
                for (String part : query.split("&")) {
                    if (!part.isEmpty() && !part.split("=", 2)[0].equals(name)) {
                        q.append(q.length() == 0 ? "" : "&").append(part);
                    }
                }
            }
            q.append(q.length() == 0 ? "" : "&").append(name).append('=').append(encoded);
            String s = uri.toString();
            int cut = s.indexOf('?');
            int hash = s.indexOf('#');
            String base = cut >= 0 ? s.substring(0, cut) : hash >= 0 ? s.substring(0, hash) : s;
            return URI.create(base + "?" + q + (hash >= 0 ? s.substring(hash) : ""));
        }
    }
}
