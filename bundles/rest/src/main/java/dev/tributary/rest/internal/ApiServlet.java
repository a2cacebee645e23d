package dev.tributary.rest.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tributary.api.oauth.OAuthService;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.api.sync.SyncService;
import dev.tributary.api.vault.Vault;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code /api/v1/*} over HTTP: JSON via Jackson, problems as {@code application/problem+json}. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/*")
@HttpWhiteboardServletName("tributary-api")
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Api api;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SearchService search;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SyncService sync;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Vault vault;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WebhookInbox inbox;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile OAuthService oauth;

    @Activate
    public ApiServlet(BundleContext context) throws IOException {
        String data = context.getProperty("tributary.data.dir");
        this.api = new Api(AdminToken.loadOrCreate(Paths.get(data == null ? "data" : data)), () -> search, () -> sync, () -> vault,
                () -> inbox, () -> oauth);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, List<String>> params = new LinkedHashMap<>();
        req.getParameterMap().forEach((k, v) -> params.put(k, Arrays.asList(v)));
        char[] body = req.getMethod().equals("PUT") ? readBody(req) : null;
        Api.Response r;
        try {
            r = api.handle(req.getMethod(), req.getPathInfo(), params, req.getHeader("Authorization"), body);
        } finally {
            if (body != null) {
                Arrays.fill(body, '\0');
            }
        }
        resp.setStatus(r.status());
        resp.setContentType(r.problem() ? "application/problem+json" : "application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        if (r.status() == 401) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"tributary\"");
        }
        Json.MAPPER.writeValue(resp.getOutputStream(), r.body());
    }

    /** The body as text without a final line break (what `echo` adds); at most one character over the limit is read. */
    private static char[] readBody(HttpServletRequest req) throws IOException {
        char[] buffer = new char[Api.MAX_SECRET + 1];
        int n = 0;
        try (java.io.Reader in = new java.io.InputStreamReader(req.getInputStream(), java.nio.charset.StandardCharsets.UTF_8)) {
            for (int r; n < buffer.length && (r = in.read(buffer, n, buffer.length - n)) > 0; ) {
                n += r;
            }
        }
        while (n > 0 && (buffer[n - 1] == '\n' || buffer[n - 1] == '\r')) {
            n--;
        }
        char[] body = Arrays.copyOf(buffer, n);
        Arrays.fill(buffer, '\0');
        return body;
    }

    /** Built on the first request, not at start-up: an ObjectMapper costs ~0.1 s to make. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
