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
        assertThat(JettyWarnings.warning("127.0.0.1", "8080", null, null)).isNull();
        assertThat(JettyWarnings.warning("::1", "8080", null, null)).isNull();
        assertThat(JettyWarnings.warning("localhost", "8080", null, null)).isNull();
        assertThat(JettyWarnings.warning("0.0.0.0", "8080", "false", "true")).as("plain HTTP off").isNull();

        assertThat(JettyWarnings.warning("0.0.0.0", "9000", null, null)).contains("Plain HTTP (no TLS) listens on 0.0.0.0, port 9000",
                "in clear", "docs/OPERATIONS.md");
        assertThat(JettyWarnings.warning("192.0.2.10", null, "true", null)).contains("192.0.2.10, port 8080");
        assertThat(JettyWarnings.warning("::", "8080", null, "true")).contains("HTTPS is on too");
        assertThat(JettyWarnings.warning(null, "8080", null, null)).contains("every address of this machine");
        assertThat(JettyWarnings.warning("no-such-host.invalid", "8080", null, null)).isNotNull();
    }

    @Test
    void aKeystorePasswordWrittenInAConfigurationIsWarnedAboutWithoutQuotingIt() {
        java.util.Hashtable<String, Object> tls = new java.util.Hashtable<>(java.util.Map.of("org.apache.felix.https.enable", "true",
                "felix.fileinstall.filename", "file:/opt/tributary/etc/org.apache.felix.http~tls.cfg"));
        assertThat(JettyWarnings.passwordWarning(tls)).as("the password comes from the environment").isNull();
        assertThat(JettyWarnings.passwordWarning(null)).isNull();

        tls.put("org.apache.felix.https.keystore.password", "hunter2 keystore");
        assertThat(JettyWarnings.passwordWarning(tls)).contains("org.apache.felix.https.keystore.password",
                "file:/opt/tributary/etc/org.apache.felix.http~tls.cfg", "data/config/", "TRIBUTARY_HTTPS_KEYSTORE_PASSWORD")
                .doesNotContain("hunter2");
    }
}
