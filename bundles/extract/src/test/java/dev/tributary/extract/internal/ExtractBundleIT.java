package dev.tributary.extract.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Requirement;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The packaged bundle in a bare Felix with Declarative Services: it resolves with nothing but the JDK,
 * the api and SLF4J, registers its service, and its embedded Tika reads files. Needs the jar, so
 * failsafe runs it after {@code package}; the bundles' paths come from the pom.
 */
class ExtractBundleIT {

    private static final String SERVICE = "dev.tributary.api.extract.TextExtractor";
    private static final String COMPONENT = "dev.tributary.extract.internal.TikaTextExtractor";
    private static final String SLF4J = "2.0.17";

    @TempDir
    static Path storage;

    private static Framework framework;
    private static Bundle api;
    private static Bundle extract;

    @BeforeAll
    static void boot() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // the test's own SLF4J (with slf4j-simple) stands in for the host's logging bundles
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, List.of("org.slf4j", "org.slf4j.spi", "org.slf4j.helpers",
                "org.slf4j.event").stream().map(p -> p + ";version=" + SLF4J).collect(Collectors.joining(",")));
        // no class from the test's class path may slip into a bundle unannounced
        config.put("felix.bootdelegation.implicit", "false");
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(config);
        framework.start();

        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String name : List.of("function", "promise", "component", "scr", "api", "extract")) {
            bundles.add(context.installBundle("reference:" + bundlePath(name).toUri()));
        }
        for (Bundle bundle : bundles) {
            bundle.start();
        }
        api = bundles.get(4);
        extract = bundles.get(5);
    }

    private static Path bundlePath(String name) {
        String path = System.getProperty("bundle." + name);
        assertThat(path).as("system property bundle.%s (set by failsafe in pom.xml)", name).isNotBlank();
        assertThat(Files.isRegularFile(Path.of(path))).as(path).isTrue();
        return Path.of(path);
    }

    @AfterAll
    static void shutDown() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void resolvesWithOnlyTheJdkTheApiAndSlf4j() {
        assertThat(extract.getState()).isEqualTo(Bundle.ACTIVE);

        Set<String> jdk = ModuleLayer.boot().modules().stream()
                .flatMap(m -> m.getDescriptor().exports().stream())
                .filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
        List<String> required = extract.adapt(BundleRevision.class)
                .getDeclaredRequirements(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .filter(r -> !PackageNamespace.RESOLUTION_OPTIONAL.equals(
                        r.getDirectives().get(PackageNamespace.REQUIREMENT_RESOLUTION_DIRECTIVE)))
                .map(ExtractBundleIT::packageName).toList();

        assertThat(required).isNotEmpty().allSatisfy(p -> assertThat(
                jdk.contains(p) || p.startsWith("org.slf4j") || p.equals("org.osgi.framework")
                        || p.equals("dev.tributary.api.extract"))
                .as("required import %s is neither the JDK's, SLF4J's, the framework's nor our api's", p).isTrue());
    }

    private static String packageName(Requirement requirement) {
        Matcher m = Pattern.compile("osgi\\.wiring\\.package=([^)]+)")
                .matcher(requirement.getDirectives().get(PackageNamespace.REQUIREMENT_FILTER_DIRECTIVE));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void carriesNoHeadersOfTheEmbeddedJars() {
        assertThat(extract.getHeaders().get(Constants.BUNDLE_ACTIVATOR)).isNull();
        assertThat(extract.getHeaders().get(Constants.BUNDLE_ACTIVATIONPOLICY)).isNull();
        assertThat(extract.getHeaders().get(Constants.EXPORT_PACKAGE)).isNull();
        assertThat(extract.getHeaders().get("Service-Component"))
                .isEqualTo("OSGI-INF/" + COMPONENT + ".xml");
    }

    @Test
    void serviceReadsPdfAndDocx() throws Exception {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(framework.getBundleContext(), SERVICE, null);
        // all services: the test's class path has its own copy of the api, which Felix would not match
        tracker.open(true);
        try {
            Object service = tracker.waitForService(10_000);
            assertThat(service).as("the TextExtractor service").isNotNull();

            Object pdf = extract(service, Fixtures.pdf("Quarterly report", "Ada Lovelace",
                    List.of("Revenue grew in the third quarter.")), "report.pdf");
            assertThat(get(pdf, "text")).asString().contains("Revenue grew in the third quarter.");
            assertThat(get(pdf, "title")).isEqualTo("Quarterly report");
            assertThat(get(pdf, "author")).isEqualTo("Ada Lovelace");
            assertThat(get(pdf, "mimeType")).isEqualTo("application/pdf");
            // the result is the api bundle's type, not a copy
            assertThat(FrameworkUtil.getBundle(pdf.getClass())).isEqualTo(api);

            Object docx = extract(service, Fixtures.docx("Meeting notes", "Grace Hopper", "First point."), "notes.docx");
            assertThat(get(docx, "text")).asString().contains("First point.");
            assertThat(get(docx, "title")).isEqualTo("Meeting notes");
            assertThat(get(docx, "author")).isEqualTo("Grace Hopper");
        } finally {
            tracker.close();
        }
    }

    @Test
    void componentClassLoadedThroughTheBundleReadsEveryFormat() throws Exception {
        Class<?> type = extract.loadClass(COMPONENT);
        Constructor<?> constructor = type.getDeclaredConstructor(Duration.class);
        constructor.setAccessible(true);
        Object extractor = constructor.newInstance(Duration.ofSeconds(60));

        Map<String, byte[]> files = Map.of(
                "sheet.xlsx", Fixtures.xlsx("Cell in a workbook"),
                "sheet.xls", Fixtures.xls("Cell in an old workbook"),
                "deck.pptx", Fixtures.pptx("Text on a slide"),
                "deck.ppt", Fixtures.ppt("Text on an old slide"),
                "letter.odt", Fixtures.odt("Letter", "Ada", "Dear reader"),
                "memo.rtf", Fixtures.rtf("Memo", "Ada", "Rich text body"),
                "page.html", Fixtures.html("Welcome", "Ada", "Body of the page"),
                "README.md", Fixtures.utf8("Run the installer first."));
        Map<String, String> expected = Map.of(
                "sheet.xlsx", "Cell in a workbook", "sheet.xls", "Cell in an old workbook",
                "deck.pptx", "Text on a slide", "deck.ppt", "Text on an old slide",
                "letter.odt", "Dear reader", "memo.rtf", "Rich text body",
                "page.html", "Body of the page", "README.md", "Run the installer first.");
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertThat(get(extract(extractor, file.getValue(), file.getKey()), "text")).as(file.getKey())
                    .asString().contains(expected.get(file.getKey()));
        }

        assertThatThrownBy(() -> extract(extractor, new byte[] {'%', 'P', 'D', 'F', '-', '1', '.', '7'}, "broken.pdf"))
                .hasMessageStartingWith("application/pdf: damaged or unreadable")
                .satisfies(e -> assertThat(e.getClass().getName())
                        .isEqualTo("dev.tributary.api.extract.TextExtractor$ExtractionException"));
    }

    @Test
    void embeddedLibrariesLogThroughSlf4j() throws Exception {
        // POI logs with log4j-api, PDFBox with commons-logging: both bridged inside the bundle
        Object log4j = extract.loadClass("org.apache.logging.log4j.LogManager")
                .getMethod("getContext", boolean.class).invoke(null, false);
        Object commons = extract.loadClass("org.apache.commons.logging.LogFactory")
                .getMethod("getLog", String.class).invoke(null, "test");

        assertThat(log4j.getClass().getName()).isEqualTo("org.apache.logging.slf4j.SLF4JLoggerContext");
        assertThat(commons.getClass().getName()).startsWith("org.apache.commons.logging.impl.SLF4J");
    }

    /** Calls {@code extract} by reflection: the bundle's types are not the test's. */
    private static Object extract(Object extractor, byte[] bytes, String fileName) throws Exception {
        Method extract = extractor.getClass().getMethod("extract", InputStream.class, String.class, int.class);
        try {
            return extract.invoke(extractor, new ByteArrayInputStream(bytes), fileName, 100_000);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    private static Object get(Object record, String component) throws Exception {
        return record.getClass().getMethod(component).invoke(record);
    }
}
