package dev.tributary.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import java.util.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

class ComponentDescriptionsTest {

    private static final String GOOD = "<?xml version=\"1.0\"?><scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"acme.c\">"
            + "<implementation class=\"java.lang.Object\"/></scr:component>";

    @TempDir
    Path tmp;

    @Test
    void aBundleWithoutComponentsOrWithGoodOnesIsFine() throws IOException {
        assertThat(ComponentDescriptions.problem(bundle(null, Map.of()))).isEmpty();
        assertThat(ComponentDescriptions.problem(bundle("OSGI-INF/c.xml", Map.of("OSGI-INF/c.xml", GOOD)))).isEmpty();
        assertThat(ComponentDescriptions.problem(bundle("OSGI-INF/*.xml", Map.of("OSGI-INF/c.xml", GOOD)))).isEmpty();
    }

    @Test
    void xmlThatIsCutShortIsNamedWithTheParsersReason() throws IOException {
        assertThat(ComponentDescriptions.problem(bundle("OSGI-INF/c.xml", Map.of("OSGI-INF/c.xml", GOOD.substring(0, GOOD.length() - 10)))))
                .get().asString().startsWith("its component description OSGI-INF/c.xml is not valid XML (line 1: ").endsWith("); rebuild the bundle");
    }

    @Test
    void aMissingDescriptionADoctypeAndAMissingClassAreNamed() throws IOException {
        assertThat(ComponentDescriptions.problem(bundle("OSGI-INF/gone.xml", Map.of()))).get().asString()
                .isEqualTo("its component description OSGI-INF/gone.xml (named in its Service-Component header) is not in the jar; rebuild the bundle");
        assertThat(ComponentDescriptions.problem(bundle("OSGI-INF/c.xml", Map.of("OSGI-INF/c.xml",
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><component name=\"x\">&e;</component>")))).get().asString()
                .contains("is not valid XML");
        assertThat(ComponentDescriptions.problem(bundle("OSGI-INF/c.xml", Map.of("OSGI-INF/c.xml", GOOD.replace("java.lang.Object", "acme.Missing")))))
                .get().asString().isEqualTo("its component acme.c (OSGI-INF/c.xml) is implemented by acme.Missing, which the bundle cannot load "
                        + "(ClassNotFoundException); rebuild the bundle");
        assertThat(ComponentDescriptions.problem(bundle("OSGI-INF/c.xml", Map.of("OSGI-INF/c.xml", "<root/>")))).get().asString()
                .isEqualTo("its component description OSGI-INF/c.xml holds no <component> element; rebuild the bundle");
    }

    /** A bundle with the header and these entries; it loads the JDK's classes only. */
    private Bundle bundle(String header, Map<String, String> entries) throws IOException {
        Hashtable<String, String> headers = new Hashtable<>();
        if (header != null) {
            headers.put(ComponentDescriptions.HEADER, header);
        }
        Map<String, URL> urls = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            Path file = tmp.resolve(e.getKey().replace('/', '_'));
            Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            urls.put(e.getKey(), file.toUri().toURL());
        }
        return (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class}, (proxy, method, args) -> switch (method.getName()) {
            case "getHeaders" -> headers;
            case "findEntries" -> {
                String dir = ((String) args[0]).replaceAll("^/+", "");
                String glob = ((String) args[1]).replace(".", "\\.").replace("*", ".*");
                Vector<URL> found = new Vector<>();
                urls.forEach((path, url) -> {
                    int slash = path.lastIndexOf('/');
                    if (path.substring(0, Math.max(slash, 0)).equals(dir) && path.substring(slash + 1).matches(glob)) {
                        found.add(url);
                    }
                });
                yield found.isEmpty() ? null : found.elements();
            }
            case "loadClass" -> Class.forName((String) args[0], false, ClassLoader.getPlatformClassLoader());
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }
}
