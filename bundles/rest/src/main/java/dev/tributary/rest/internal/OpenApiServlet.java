package dev.tributary.rest.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 description of {@code /api/v1} ({@code openapi.json}
 * of this bundle). No credentials needed: it describes the API and holds no data. The exact pattern wins
 * over {@link ApiServlet}'s {@code /api/v1/*}. Clients revalidate it ({@code no-cache} with an ETag), so
 * an upgraded host is seen at once.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(OpenApiServlet.PATH)
@HttpWhiteboardServletName("tributary-api-description")
public final class OpenApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/api/v1/openapi.json";
    static final String RESOURCE = "/openapi.json";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("ETag", Description.ETAG);
        if (Description.ETAG.equals(req.getHeader("If-None-Match"))) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(Description.BYTES.length);
        resp.getOutputStream().write(Description.BYTES);
    }

    /** Read on the first request, not at start-up; the bundle's jar does not change while it runs. */
    static final class Description {
        static final byte[] BYTES = read();
        static final String ETAG = "\"" + sha256(BYTES).substring(0, 32) + "\"";

        private Description() {}

        private static byte[] read() {
            try (InputStream in = OpenApiServlet.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the REST bundle: the build should have packed it");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE + " from the REST bundle", e);
            }
        }

        private static String sha256(byte[] bytes) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }
}
