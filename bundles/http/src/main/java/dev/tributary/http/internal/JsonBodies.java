package dev.tributary.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.tributary.api.http.Response;
import java.io.IOException;
import java.util.Locale;

/**
 * Whether a JSON answer arrived whole. A proxy or a source under load may end a body early while the
 * status and framing look fine; a connector would then fail its run on a parse error that another try
 * fixes. Streaming through the tokens costs a fraction of parsing the page into objects.
 */
final class JsonBodies {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonBodies() {}

    /** True unless the answer says it is JSON and its body is not one complete JSON value. */
    static boolean complete(Response r) {
        String type = r.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!(type.startsWith("application/json") || type.contains("+json")) || r.body().length == 0) {
            return true;
        }
        try (JsonParser p = FACTORY.createParser(r.body())) {
            int depth = 0;
            boolean any = false;
            for (var t = p.nextToken(); t != null; t = p.nextToken()) {
                any = true;
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
            }
            return any && depth == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
