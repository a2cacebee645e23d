package dev.tributary.host.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.api.health.HealthCheck;
import dev.tributary.api.health.HealthStatus;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /health}: {@code {"status": "UP|DEGRADED|DOWN", "checks": [...]}}, 503 when DOWN.
 * Unauthenticated on purpose (load balancers and {@code bin/tributary start} call it), so it
 * names problems but never carries data or secrets.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health")
@HttpWhiteboardServletName("tributary-health")
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<HealthCheck> checks;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HealthReport report = HealthReport.of(checks);
        resp.setStatus(report.status() == HealthStatus.DOWN ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_OK);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        try (JsonGenerator g = Json.generator(resp.getOutputStream(), false)) {
            Json.writeHealth(g, report);
        }
    }
}
