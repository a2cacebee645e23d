package dev.tributary.metrics.internal;

import dev.tributary.api.http.HttpClients;
import dev.tributary.api.search.SearchListener;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.api.sync.SyncService;
import dev.tributary.metrics.internal.Readings.Sources;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the host's metrics in the Prometheus text format (OpenMetrics when the
 * scraper asks for it). They name connector instances and source hosts but carry no secret and no
 * document, so they need no admin token — a scraper should not hold the credential that administers
 * the host — but only the clients in {@code allowedClients} (this machine by default) may read them.
 *
 * <p>Also the index's {@link SearchListener}: every search is timed into the latency histogram.
 * Every service it reads is optional and dynamic: one that stops only takes its series away.
 */
@Component(service = {Servlet.class, SearchListener.class}, configurationPid = MetricsConfig.PID)
@Designate(ocd = MetricsConfig.class)
@HttpWhiteboardServletPattern("/metrics")
@HttpWhiteboardServletName("tributary-metrics")
public final class MetricsServlet extends HttpServlet implements SearchListener {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    private final transient HostMetrics metrics;
    private transient volatile ClientAddresses allowed;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile SyncService sync;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile HttpClients http;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile WebhookInbox inbox;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile SearchService search;

    @Activate
    public MetricsServlet(MetricsConfig config) {
        this(new HostMetrics(), config.allowedClients());
        LOG.info("Metrics at /metrics for {}", String.join(", ", config.allowedClients()));
    }

    /** For tests: the servlet over {@code metrics}, with its services. */
    MetricsServlet(HostMetrics metrics, String[] allowedClients, SyncService sync, HttpClients http, WebhookInbox inbox, SearchService search) {
        this(metrics, allowedClients);
        this.sync = sync;
        this.http = http;
        this.inbox = inbox;
        this.search = search;
    }

    private MetricsServlet(HostMetrics metrics, String[] allowedClients) {
        this.metrics = metrics;
        this.allowed = allowed(allowedClients);
    }

    @Modified
    void modified(MetricsConfig config) {
        allowed = allowed(config.allowedClients());
        LOG.info("Metrics at /metrics for {}", String.join(", ", config.allowedClients()));
    }

    private static ClientAddresses allowed(String[] clients) {
        ClientAddresses parsed = ClientAddresses.parse(clients);
        if (!parsed.rejected().isEmpty()) {
            LOG.error("Metrics: allowedClients in etc/{}.cfg has entries that are no IP address or CIDR range, so they allow nothing: {}",
                    MetricsConfig.PID, String.join(", ", parsed.rejected()));
        }
        return parsed;
    }

    @Deactivate
    void close() {
        metrics.close();
    }

    @Override
    public void searched(long nanos, boolean failed) {
        metrics.searched(nanos, failed);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        if (!allowed.permits(req.getRemoteAddr())) {
            resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
            resp.setContentType("text/plain; charset=utf-8");
            resp.getWriter().println("/metrics answers only the clients listed in allowedClients of etc/" + MetricsConfig.PID
                    + ".cfg (by default this machine); " + req.getRemoteAddr() + " is not one of them.");
            return;
        }
        String accept = req.getHeader("Accept");
        String type = accept != null && accept.contains("application/openmetrics-text") ? OpenMetricsTextFormatWriter.CONTENT_TYPE
                : PrometheusTextFormatWriter.CONTENT_TYPE;
        byte[] body = metrics.scrape(new Sources(sync, http, inbox, search), type).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(type);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
