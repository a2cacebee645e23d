package dev.tributary.index.internal;

import static dev.tributary.index.internal.Docs.doc;
import static dev.tributary.index.internal.Docs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.health.HealthCheck;
import dev.tributary.api.health.HealthStatus;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.store.DocumentStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleReference;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;

/**
 * The built bundle in a bare Felix with SCR: it resolves with only the JDK, the API, SLF4J and
 * OSGi, Lucene loads its codecs from inside it, and stopping it leaves no thread behind.
 */
class BundleIT {

    /** What the host exports to bundles here: the API and SLF4J from this class path. */
    private static final String SYSTEM_PACKAGES = String.join(",", "dev.tributary.api.connector;version=1.3.0",
            "dev.tributary.api.store;version=1.7.0", "dev.tributary.api.search;version=1.2.0", "dev.tributary.api.health;version=1.0.0",
            "org.slf4j;version=2.0.17");

    @TempDir
    Path tmp;

    private Framework framework;

    @AfterEach
    void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private Bundle install(BundleContext context, String property) throws Exception {
        String file = System.getProperty(property);
        assertThat(file).as("system property " + property).isNotBlank();
        return context.installBundle(Path.of(file).toUri().toString());
    }

    @Test
    void theBundleResolvesSearchesAndStopsCleanlyInFelix() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, tmp.resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES);
        config.put("tributary.data.dir", tmp.resolve("data").toString());
        config.put("ds.loglevel", "warn");
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String property : List.of("bundle.function", "bundle.promise", "bundle.component", "bundle.scr", "bundle.index")) {
            bundles.add(install(context, property));
        }
        for (Bundle b : bundles) {
            b.start();
        }
        Bundle index = bundles.get(bundles.size() - 1);
        assertThat(index.getSymbolicName()).isEqualTo("dev.tributary.index");
        assertThat(index.getState()).isEqualTo(Bundle.ACTIVE);

        // Lucene comes from inside the bundle, with its codec found through the bundle's own class loader
        Class<?> codec = index.loadClass("org.apache.lucene.codecs.Codec");
        assertThat(codec.getClassLoader()).isInstanceOf(BundleReference.class);
        assertThat(((BundleReference) codec.getClassLoader()).getBundle()).isEqualTo(index);
        Object defaultCodec = codec.getMethod("getDefault").invoke(null);
        assertThat(codec.getMethod("getName").invoke(defaultCodec)).isEqualTo("Lucene912");
        Class<?> mmap = index.loadClass("org.apache.lucene.store.MMapDirectory");
        assertThat(mmap.getField("UNMAP_SUPPORTED").getBoolean(null))
                .as("unmapping: %s", mmap.getField("UNMAP_NOT_SUPPORTED_REASON").get(null)).isTrue();
        // the JVM's options (com.sun.management) are readable from the bundle
        assertThat(index.loadClass("org.apache.lucene.util.Constants").getField("IS_HOTSPOT_VM").getBoolean(null)).isTrue();

        // no service until the store is there
        assertThat(context.getServiceReference(SearchService.class)).isNull();
        MemoryStore store = new MemoryStore();
        store.put("wiki", doc("a", "Embedded", "lucene inside a bundle", "everyone").build(), "h1");
        ServiceRegistration<DocumentStore> registration = context.registerService(DocumentStore.class, store, null);

        await().atMost(Duration.ofSeconds(10)).until(() -> context.getServiceReference(SearchService.class) != null);
        ServiceReference<SearchService> ref = context.getServiceReference(SearchService.class);
        SearchService search = context.getService(ref);
        await().atMost(Duration.ofSeconds(10)).until(() -> search.search(request("lucene", "everyone")).total() == 1);
        assertThat(search.search(request("lucene", "everyone")).hits().get(0).snippet()).contains("<mark>lucene</mark>");
        HealthCheck health = context.getService(context.getServiceReference(HealthCheck.class));
        await().atMost(Duration.ofSeconds(10)).until(() -> health.check().get(0).status() == HealthStatus.UP);
        assertThat(threadNames()).contains(ChangeFeedTailer.THREAD_NAME);

        // the store goes away: the component with it, and its thread
        registration.unregister();
        assertThat(context.getServiceReference(SearchService.class)).isNull();
        assertThat(threadNames()).doesNotContain(ChangeFeedTailer.THREAD_NAME);

        context.registerService(DocumentStore.class, store, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> context.getServiceReference(SearchService.class) != null);
        index.stop();
        assertThat(threadNames()).noneMatch(n -> n.equals(ChangeFeedTailer.THREAD_NAME) || n.startsWith("Lucene Merge Thread"));
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
