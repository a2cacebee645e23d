package dev.tributary.oauth.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /oauth/callback}: where OAuth providers send the browser back with the authorization
 * code. Not behind the admin token (a browser coming back from the provider cannot send it): the
 * signed, expiring, single-use {@code state} is what makes an answer acceptable. Answers a small
 * page saying whether the instance is connected; it never shows the code, the state or a token,
 * and is neither cached nor passed on as a referrer.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(OAuthHost.CALLBACK_PATH)
@HttpWhiteboardServletName("tributary-oauth-callback")
public final class CallbackServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile OAuthHost host;

    public CallbackServlet() {}

    /** For tests: the servlet of {@code host}. */
    CallbackServlet(OAuthHost host) {
        this.host = host;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        if (!"GET".equals(req.getMethod())) {
            resp.setHeader("Allow", "GET");
            page(resp, new OAuthHost.Page(405, "Method not allowed", "OAuth providers answer here with a GET redirect."));
            return;
        }
        OAuthHost oauth = host;
        if (oauth == null) {
            resp.setHeader("Retry-After", "30");
            page(resp, new OAuthHost.Page(503, "Not ready", "The host's OAuth service is not running: /health and log/tributary.log say why."));
            return;
        }
        Map<String, String> query = new HashMap<>();
        req.getParameterMap().forEach((k, v) -> query.put(k, v.length == 0 ? null : v[0]));
        page(resp, oauth.callback(query));
    }

    private static void page(HttpServletResponse resp, OAuthHost.Page page) throws IOException {
        String title = html(page.title());
        // the console's stylesheet, not an inline style: the host's Content-Security-Policy allows only its own files
        String body = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + " – Tributary</title>"
                + "<link rel=\"stylesheet\" href=\"/console/console.css\"></head>\n<body><main class=\"narrow\"><h1 class=\""
                + (page.status() < 300 ? "ok" : "error") + "\">" + title + "</h1>\n<p>" + html(page.message()) + "</p>\n"
                + "<p><a href=\"/console/index.html\">Back to the console</a></p></main></body></html>\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(page.status());
        resp.setContentType("text/html;charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
