package dev.tributary.rest.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses state-changing requests a browser sends on behalf of another site (a form or script on a
 * page elsewhere): when the browser says where the request comes from ({@code Sec-Fetch-Site}, or
 * {@code Origin}), it must be this host. Clients that are not browsers send neither and pass; they
 * carry no ambient credentials (the session cookie is {@code SameSite=Strict} besides).
 *
 * <p>{@code Origin} is compared with the {@code Host} the request was sent to, scheme aside, so a
 * TLS-terminating proxy that keeps the {@code Host} header works.
 */
final class SameOrigin {

    private SameOrigin() {}

    /** Why the request is refused, or empty if it may proceed. */
    static Optional<String> refusal(ApiRequest r) {
        String site = r.header("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return Optional.of("a " + site.toLowerCase(Locale.ROOT) + " request (Sec-Fetch-Site) may not change anything here");
        }
        String origin = r.header("Origin");
        if (origin != null && !matchesHost(origin, r.header("Host"))) {
            return Optional.of("a request from " + origin + " (Origin) may not change anything on " + r.header("Host"));
        }
        return Optional.empty();
    }

    static boolean matchesHost(String origin, String host) {
        if (host == null || origin.equals("null")) {
            return false;
        }
        URI o;
        try {
            o = new URI(origin.trim());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (o.getHost() == null || o.getScheme() == null) {
            return false;
        }
        String scheme = o.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = scheme.equals("https") ? 443 : 80;
        String authority = o.getHost().toLowerCase(Locale.ROOT) + (o.getPort() == -1 || o.getPort() == defaultPort ? "" : ":" + o.getPort());
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(":" + defaultPort)) {
            h = h.substring(0, h.length() - (":" + defaultPort).length());
        }
        return authority.equals(h);
    }
}
