package dev.tributary.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tributary.api.oauth.OAuthService;
import dev.tributary.api.deploy.DeployMonitor;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.store.DocumentStore;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.api.sync.SyncService;
import dev.tributary.api.users.UserService;
import dev.tributary.api.vault.Vault;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/v1/*} over HTTP: JSON via Jackson, problems as {@code application/problem+json}.
 * Configured by {@code etc/dev.tributary.rest.cfg}; a change keeps everyone signed in.
 */
@Component(service = Servlet.class, configurationPid = ApiServlet.PID)
@Designate(ocd = ApiServlet.Config.class)
@HttpWhiteboardServletPattern("/api/v1/*")
@HttpWhiteboardServletName("tributary-api")
@HttpWhiteboardServletAsyncSupported
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PID = "dev.tributary.rest";
    /** Largest JSON body accepted. */
    static final int MAX_JSON = 65_536;

    @ObjectClassDefinition(name = "Tributary REST API", description = "Sessions of the console and the REST API at /api/v1.")
    public @interface Config {
        @AttributeDefinition(name = "Session idle timeout (minutes)", min = "1", description = "A signed-in browser that sends no request"
                + " for this long is signed out.")
        int sessionIdleMinutes() default 30;
    }

    private final transient Api api;
    private final transient Sessions sessions;
    private final transient EventStream events;

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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UserService users;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DocumentStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetaTypeService metaType;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DeployMonitor deploy;

    @Activate
    public ApiServlet(BundleContext context, Config config) throws IOException {
        String data = context.getProperty("tributary.data.dir");
        this.sessions = new Sessions(InstantSource.system(), idle(config));
        Services services = new Services(() -> search, () -> sync, () -> vault, () -> inbox, () -> oauth, () -> users, () -> store,
                () -> {
                    ConfigurationAdmin ca = configAdmin;
                    MetaTypeService mt = metaType;
                    return ca == null || mt == null ? null : new InstanceConfigs(context, ca, mt);
                }, () -> {
                    DeployMonitor d = deploy;
                    String home = context.getProperty("tributary.home");
                    return d == null ? null : new ConnectorBundles(context, d, home == null ? null : Paths.get(home, "connectors"));
                });
        this.events = new EventStream(() -> sync, sessions, () -> Json.MAPPER);
        this.api = new Api(AdminToken.loadOrCreate(Paths.get(data == null ? "data" : data)), services, sessions,
                new LoginThrottle(InstantSource.system()));
    }

    @Deactivate
    void deactivate() {
        events.close();
    }

    @Modified
    void modified(Config config) {
        sessions.idleTimeout(idle(config));
    }

    private static Duration idle(Config config) {
        return Duration.ofMinutes(Math.max(1, config.sessionIdleMinutes()));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, List<String>> params = new LinkedHashMap<>();
        req.getParameterMap().forEach((k, v) -> params.put(k, Arrays.asList(v)));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : new String[] {"Authorization", "Host", "Origin", "Sec-Fetch-Site", "Content-Type", Api.CSRF_HEADER}) {
            if (req.getHeader(h) != null) {
                headers.put(h, req.getHeader(h));
            }
        }
        Map<String, String> cookies = new LinkedHashMap<>();
        if (req.getCookies() != null) {
            for (Cookie c : req.getCookies()) {
                cookies.putIfAbsent(c.getName(), c.getValue());
            }
        }
        char[] text = req.getMethod().equals("PUT") && !isJson(req) ? readBody(req) : null;
        Api.Response r;
        try {
            Map<String, Object> json = isJson(req) && !req.getMethod().equals("GET") ? readJson(req) : null;
            byte[] bytes = isFile(req) ? readBytes(req) : null;
            r = api.handle(new ApiRequest(req.getMethod(), req.getPathInfo(), params, headers, cookies, req.getRemoteAddr(), req.isSecure(),
                    json, text, bytes));
        } catch (BadBody e) {
            r = Api.problem(e.status, e.status == 413 ? "Content Too Large" : "Bad Request", e.getMessage());
        } finally {
            if (text != null) {
                Arrays.fill(text, '\0');
            }
        }
        if (r.body() instanceof Api.Stream stream) {
            events.open(req, resp, stream.session());
            return;
        }
        resp.setStatus(r.status());
        resp.setContentType(r.problem() ? "application/problem+json" : "application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        r.headers().forEach(resp::setHeader);
        if (r.status() == 401) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"tributary\"");
        }
        Json.MAPPER.writeValue(resp.getOutputStream(), r.body());
    }

    private static boolean isJson(HttpServletRequest req) {
        String type = req.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    /** A file upload (a bundle) to the one route that takes one. */
    private static boolean isFile(HttpServletRequest req) {
        String type = req.getContentType();
        return req.getMethod().equals("POST") && "/connectors".equals(req.getPathInfo()) && type != null
                && (type.startsWith("application/java-archive") || type.startsWith("application/octet-stream"));
    }

    private static byte[] readBytes(HttpServletRequest req) throws IOException, BadBody {
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readNBytes(ConnectorBundles.MAX_BYTES + 1);
            if (bytes.length > ConnectorBundles.MAX_BYTES) {
                throw new BadBody(413, "a bundle may have at most " + ConnectorBundles.MAX_BYTES / (1024 * 1024) + " MiB");
            }
            return bytes;
        }
    }

    /** A body that could not be read as what it claims to be. */
    private static final class BadBody extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadBody(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** A JSON object of at most {@link #MAX_JSON} bytes (it may hold passwords: its text is never logged or echoed). */
    private static Map<String, Object> readJson(HttpServletRequest req) throws IOException, BadBody {
        byte[] raw;
        try (InputStream in = req.getInputStream()) {
            raw = in.readNBytes(MAX_JSON + 1);
        }
        try {
            if (raw.length > MAX_JSON) {
                throw new BadBody(413, "a JSON body may have at most " + MAX_JSON + " bytes");
            }
            if (raw.length == 0) {
                return Map.of();
            }
            return Json.MAPPER.readValue(raw, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new BadBody(400, "the body is not a JSON object: " + e.getOriginalMessage());
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
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

    /** Built on the first request (or event stream), not at start-up: an ObjectMapper costs ~0.1 s to make. */
    static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
