package dev.tributary.api.http;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A response the source gave with success (2xx) or "not modified" (304); the body is decompressed. */
public record Response(int status, URI uri, Map<String, List<String>> headers, byte[] body) {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern CHARSET = Pattern.compile("charset=\"?([^\";]+)", Pattern.CASE_INSENSITIVE);

    public Response {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> copy.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        headers = Map.copyOf(copy);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header (any case). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** 304: what the conditional request named has not changed (the body is empty). */
    public boolean notModified() {
        return status == 304;
    }

    /** The entity tag to send as {@link Request#ifNoneMatch} next time. */
    public Optional<String> etag() {
        return header("ETag");
    }

    /** The body as text, in the charset the response names (UTF-8 when none). */
    public String text() {
        Charset charset = StandardCharsets.UTF_8;
        Matcher m = CHARSET.matcher(header("Content-Type").orElse(""));
        if (m.find()) {
            try {
                charset = Charset.forName(m.group(1).trim());
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                // keep UTF-8: a wrong label must not lose the body
            }
        }
        return new String(body, charset);
    }

    /** The target of the {@code Link} header with {@code rel="next"} (RFC 8288), resolved against this response's URI. */
    public Optional<URI> nextLink() {
        return link("next");
    }

    /** The target of the {@code Link} header with the relation {@code rel}. */
    public Optional<URI> link(String rel) {
        for (String value : headers.getOrDefault("link", List.of())) {
            Matcher m = LINK.matcher(value);
            while (m.find()) {
                for (String param : m.group(2).split(";")) {
                    String[] kv = param.trim().split("=", 2);
                    if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("rel")) {
                        for (String r : kv[1].replace("\"", "").trim().split("\\s+")) {
                            if (r.equalsIgnoreCase(rel)) {
                                // an empty reference is this document (RFC 3986 5.2; URI.resolve would drop its last segment)
                                String target = m.group(1).trim();
                                return Optional.of(target.isEmpty() ? uri : uri.resolve(target));
                            }
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return status + " from " + Redaction.uri(uri) + " (" + body.length + " bytes)";
    }
}
