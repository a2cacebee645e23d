package dev.tributary.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.testkit.openapi.Exchange;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/openapi.json}: the packed description, as JSON, to anyone, revalidated by ETag. */
class OpenApiServletTest {

    /** What the servlet wrote. */
    static final class Written {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
    }

    @Test
    void servesTheDescriptionAsJsonWithoutCredentialsAndValidatesAgainstItself() throws Exception {
        Written w = get(Map.of());

        assertThat(w.status).isEqualTo(200);
        assertThat(w.contentType).isEqualTo("application/json");
        assertThat(w.headers).containsEntry("Cache-Control", "no-cache").containsKey("ETag");
        JsonNode served = ContractClient.JSON.readTree(w.body.toByteArray());
        assertThat(served.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(served.path("paths").has("/instances/{instance}/config")).isTrue();
        ContractClient.CONTRACT.check(new Exchange("GET", OpenApiServlet.PATH, w.status, w.contentType,
                w.body.toString(StandardCharsets.UTF_8), w.headers));
    }

    @Test
    void anUnchangedDescriptionIsNotSentAgain() throws Exception {
        String etag = get(Map.of()).headers.get("ETag");
        Written again = get(Map.of("If-None-Match", etag));
        assertThat(again.status).isEqualTo(304);
        assertThat(again.body.size()).isZero();
        assertThat(get(Map.of("If-None-Match", "\"older\"")).status).isEqualTo(200);
    }

    /** Calls the servlet with a request carrying only these headers. */
    private static Written get(Map<String, String> requestHeaders) throws Exception {
        Written w = new Written();
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(OpenApiServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> requestHeaders.get((String) args[0]);
                    case "getMethod" -> "GET";
                    default -> throw new UnsupportedOperationException("the servlet is not expected to call " + method.getName());
                });
        ServletOutputStream out = new ServletOutputStream() {
            public boolean isReady() { return true; }
            public void setWriteListener(WriteListener listener) { throw new UnsupportedOperationException(); }
            public void write(int b) { w.body.write(b); }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(OpenApiServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> w.status = (Integer) args[0];
                        case "setContentType" -> w.contentType = (String) args[0];
                        case "setHeader" -> w.headers.put((String) args[0], (String) args[1]);
                        case "getOutputStream" -> { return out; }
                        case "setCharacterEncoding", "setContentLength" -> { }
                        default -> throw new UnsupportedOperationException("the servlet is not expected to call " + method.getName());
                    }
                    return null;
                });
        new OpenApiServlet().doGet(request, response);
        return w;
    }
}
