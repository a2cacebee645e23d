package dev.tributary.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The headers every response gets, and when plain HTTP earns a warning. */
class SecurityHeadersTest {

    @Test
    void everyResponseGetsTheHeadersBeforeTheServletRuns() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setHeader")) {
                        headers.put((String) args[0], (String) args[1]);
                    }
                    return null;
                });
        Map<String, String> seenByServlet = new LinkedHashMap<>();
        FilterChain chain = (req, resp) -> seenByServlet.putAll(headers);

        new SecurityHeadersFilter().doFilter(null, response, chain);

        assertThat(seenByServlet).containsEntry("X-Content-Type-Options", "nosniff").containsEntry("Referrer-Policy", "no-referrer")
                .containsEntry("X-Frame-Options", "DENY");
        assertThat(seenByServlet.get("Content-Security-Policy")).startsWith("default-src 'self'").contains("frame-ancestors 'none'");
    }

    @Test
    void plainHttpOnAnAddressOthersReachIsWarnedAbout() {
        assertThat(PlainHttpWarning.warning("127.0.0.1", "8080", null, null)).isNull();
        assertThat(PlainHttpWarning.warning("::1", "8080", null, null)).isNull();
        assertThat(PlainHttpWarning.warning("localhost", "8080", null, null)).isNull();
        assertThat(PlainHttpWarning.warning("0.0.0.0", "8080", "false", "true")).as("plain HTTP off").isNull();

        assertThat(PlainHttpWarning.warning("0.0.0.0", "9000", null, null)).contains("Plain HTTP (no TLS) listens on 0.0.0.0, port 9000",
                "in clear", "docs/OPERATIONS.md");
        assertThat(PlainHttpWarning.warning("192.0.2.10", null, "true", null)).contains("192.0.2.10, port 8080");
        assertThat(PlainHttpWarning.warning("::", "8080", null, "true")).contains("HTTPS is on too");
        assertThat(PlainHttpWarning.warning(null, "8080", null, null)).contains("every address of this machine");
        assertThat(PlainHttpWarning.warning("no-such-host.invalid", "8080", null, null)).isNotNull();
    }
}
