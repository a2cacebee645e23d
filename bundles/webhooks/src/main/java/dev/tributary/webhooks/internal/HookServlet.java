package dev.tributary.webhooks.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.api.sync.SyncService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/<instance>}: where sources push change notifications. Unauthenticated by the
 * admin token (a source cannot send it); instead the instance's connector verifies each delivery (its
 * signature over the raw body) before anything is stored, bodies are bounded, and neither bodies nor
 * headers are ever logged. A verified delivery is stored in the inbox before it is acknowledged (202),
 * so a crash after the answer loses nothing; a redelivery with a known id is acknowledged (200) and
 * dropped.
 */
@Component(service = Servlet.class, configurationPid = WebhooksConfig.PID)
@HttpWhiteboardServletPattern("/hooks/*")
@HttpWhiteboardServletName("tributary-webhooks")
public final class HookServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HookServlet.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    /** What is read and dropped of a body that is too large, after the answer. */
    static final long DRAIN = 16L * 1024 * 1024;
    /** What the inbox keeps of a delivery's id and event (its columns' sizes). */
    static final int MAX_ID = 500;
    static final int MAX_EVENT = 500;
    /** Headers that can carry credentials: seen by the connector's check, never stored. */
    private static final Pattern SECRET_HEADER = Pattern.compile("authorization|proxy-authorization|cookie|.*(token|secret|password|api-?key).*");

    private final long maxBody;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SyncService sync;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WebhookInbox inbox;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WebhookWorker worker;

    @Activate
    public HookServlet(WebhooksConfig config) {
        this.maxBody = config.maxBodyBytes();
    }

    /** For tests: the servlet with its services. */
    HookServlet(long maxBody, SyncService sync, WebhookInbox inbox, WebhookWorker worker) {
        this.maxBody = maxBody;
        this.sync = sync;
        this.inbox = inbox;
        this.worker = worker;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        if (!"POST".equals(req.getMethod())) {
            resp.setHeader("Allow", "POST");
            problem(resp, 405, "Method Not Allowed", "sources POST their deliveries to /hooks/<instance>");
            return;
        }
        String path = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        if (!INSTANCE.matcher(path).matches()) {
            problem(resp, 404, "Not Found", "deliveries go to /hooks/<instance>, with the name of a connector instance of this host");
            return;
        }
        String instance = path;
        SyncService engine = sync;
        WebhookInbox box = inbox;
        if (engine == null || box == null) {
            resp.setHeader("Retry-After", "60");
            problem(resp, 503, "Service Unavailable", (engine == null ? "the sync engine" : "the store") + " is not running; send it again later");
            return;
        }
        if (engine.instance(instance).isEmpty()) {
            problem(resp, 404, "Not Found", "no connector instance '" + instance + "' runs on this host");
            return;
        }
        long declared = req.getContentLengthLong();
        byte[] body = declared > maxBody ? null : readAtMost(req.getInputStream(), maxBody);
        if (body == null) {
            resp.setHeader("Connection", "close");
            problem(resp, 413, "Content Too Large", "a delivery may carry at most " + maxBody + " bytes");
            drain(req.getInputStream());
            return;
        }
        WebhookDelivery delivery = new WebhookDelivery(headers(req), body, Instant.now());
        Optional<WebhookReceiver.Accepted> accepted;
        try {
            accepted = engine.verifyWebhook(instance, delivery);
        } catch (WebhookReceiver.WebhookRejected e) {
            LOG.warn("Webhook delivery for instance {} from {} rejected: {}", instance, req.getRemoteAddr(), e.getMessage());
            if (e.isMalformed()) {
                problem(resp, 400, "Bad Request", e.getMessage());
            } else {
                problem(resp, 401, "Unauthorized", e.getMessage());
            }
            return;
        } catch (RuntimeException e) {
            // the class only: a message could quote the body
            LOG.error("Webhook delivery for instance {} not checked: its connector failed with {}", instance, e.getClass().getName());
            LOG.debug("The connector's failure", e);
            problem(resp, 500, "Internal Server Error", "the connector of instance '" + instance + "' failed to check the delivery");
            return;
        }
        if (accepted.isEmpty()) {
            problem(resp, 404, "Not Found", "instance '" + instance + "' does not receive webhooks (its connector has no webhook support)");
            return;
        }
        if (accepted.get().deliveryId().length() > MAX_ID) {
            LOG.warn("Webhook delivery for instance {} from {} rejected: its id is longer than {} characters", instance, req.getRemoteAddr(), MAX_ID);
            problem(resp, 400, "Bad Request", "the delivery's id is longer than " + MAX_ID + " characters");
            return;
        }
        // the event is for people and logs: a long one is cut, not refused
        accepted = accepted.map(a -> a.event() == null || a.event().length() <= MAX_EVENT ? a
                : new WebhookReceiver.Accepted(a.deliveryId(), a.event().substring(0, MAX_EVENT - 1) + "…"));
        WebhookInbox.Added added;
        try {
            added = box.add(instance, accepted.get(), withoutSecrets(delivery));
        } catch (RuntimeException e) {
            LOG.error("Webhook delivery {} for instance {} could not be stored, so it was not acknowledged: {}", accepted.get().deliveryId(),
                    instance, e.getMessage());
            resp.setHeader("Retry-After", "60");
            problem(resp, 503, "Service Unavailable", "the delivery could not be stored; send it again later");
            return;
        }
        WebhookWorker w = worker;
        if (!added.duplicate() && w != null) {
            w.wake();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", added.id());
        answer.put("instance", instance);
        answer.put("deliveryId", accepted.get().deliveryId());
        answer.put("event", accepted.get().event());
        answer.put("status", added.duplicate() ? "duplicate" : "accepted");
        write(resp, added.duplicate() ? 200 : 202, "application/json", answer);
    }

    /** The body, or null when it is longer than {@code max} (then no more than {@code max + 1} bytes were read). */
    static byte[] readAtMost(InputStream in, long max) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return body.length > max ? null : body;
    }

    /**
     * Reads what a client still sends after its answer, up to {@link #DRAIN} bytes: closing with unread
     * bytes resets the connection, and a reset can reach the client before the answer it was sent
     * (RFC 9112 9.6), which then sees a broken connection instead of 413.
     */
    static void drain(InputStream in) {
        try {
            byte[] buffer = new byte[8192];
            long left = DRAIN;
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away: nothing left to drain
        }
    }

    private static Map<String, List<String>> headers(HttpServletRequest req) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, Collections.list(req.getHeaders(name)));
        }
        return headers;
    }

    /** The delivery as stored: without headers that can carry credentials. */
    static WebhookDelivery withoutSecrets(WebhookDelivery d) {
        Map<String, List<String>> kept = new LinkedHashMap<>(d.headers());
        kept.keySet().removeIf(name -> SECRET_HEADER.matcher(name.toLowerCase(Locale.ROOT)).matches());
        return new WebhookDelivery(kept, d.body(), d.received());
    }

    private static void problem(HttpServletResponse resp, int status, String title, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        write(resp, status, "application/problem+json", body);
    }

    private static void write(HttpServletResponse resp, int status, String type, Map<String, Object> body) throws IOException {
        resp.setStatus(status);
        resp.setContentType(type);
        resp.setCharacterEncoding("UTF-8");
        try (JsonGenerator g = JSON.createGenerator(resp.getOutputStream())) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : body.entrySet()) {
                if (e.getValue() instanceof Number n) {
                    g.writeNumberField(e.getKey(), n.longValue());
                } else {
                    g.writeStringField(e.getKey(), e.getValue() == null ? null : e.getValue().toString());
                }
            }
            g.writeEndObject();
        }
    }
}
