package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.tributary.testkit.openapi.Exchange;
import dev.tributary.testkit.openapi.OpenApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real (headless) Chromium against a host booted in this JVM, every byte
 * between them relayed and recorded by a {@link RecordingProxy}: the first sign-in through the
 * forced password change, a sync pressed on the dashboard and its documents found on the search
 * page, what a viewer may not do, a form on another site that tries to create a user, labels and
 * the keyboard — and at the end, no response of the whole suite carries a secret it used.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ONE_TIME = Pattern.compile("one-time password:\\s*\\n\\s*\\n\\s+(\\S+)\\s*\\n");
    private static final Path EVIDENCE = Path.of("target", "console-browser");
    /** The one word of onboarding.md the search looks for. */
    private static final String WORD = "kumquat";
    /** Files of the instance whose progress is watched: a sync of a few seconds here. */
    private static final int MANY = 20_000;

    @TempDir
    static Path tmp;
    static InProcessHost host;
    static RecordingProxy proxy;
    static HttpClient http;
    static ConsoleBrowser admin;
    static ConsoleBrowser viewer;
    static Path source;

    /** Every secret the suite uses, by a name the scan may print. */
    static final Map<String, String> SECRETS = new LinkedHashMap<>();
    static final String ADMIN_PASSWORD = secret("the admin's chosen password", "quiet lantern by the weir ");
    static final String VIEWER_FIRST = secret("the viewer's first password", "first words for V ");
    static final String VIEWER_CHOSEN = secret("the viewer's chosen password", "V keeps these words ");
    static final String INSTANCE_SECRET = secret("the instance secret", "vault-only value ");

    private static String secret(String name, String prefix) {
        String value = prefix + UUID.randomUUID().toString().substring(0, 8);
        SECRETS.put(name, value);
        return value;
    }

    /** On a failure: each browser's screen and HTML under target/console-browser. */
    @RegisterExtension
    static final TestWatcher EVIDENCE_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            save(context.getRequiredTestMethod().getName() + "-admin", admin);
            save(context.getRequiredTestMethod().getName() + "-viewer", viewer);
        }

        private void save(String name, ConsoleBrowser b) {
            try {
                if (b != null) {
                    b.saveEvidence(EVIDENCE, name);
                }
            } catch (Exception e) {
                System.err.println("no screenshot for " + name + ": " + e);
            }
        }
    };

    @BeforeAll
    static void boot() throws Exception {
        host = new InProcessHost(tmp);
        host.dist.deployConnector("filesystem");
        proxy = new RecordingProxy(host.dist.port);
        // HTTP/1.1 only: the recording reads HTTP/1.1 (the default would offer an h2c upgrade)
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        // the REST bundle writes the token just after /health first answers
        await("data/admin.token").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.isRegularFile(host.dist.home.resolve("data/admin.token")));
        SECRETS.put("data/admin.token", host.dist.adminToken());
        Matcher banner = await("the first start's banner in the log").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> ONE_TIME.matcher(host.dist.logText()), Matcher::find);
        SECRETS.put("the one-time admin password", banner.group(1));

        source = Files.createDirectories(tmp.resolve("source"));
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-xr-x"));
        write(source.resolve("onboarding.md"), "# Onboarding\nEvery new colleague gets a " + WORD + " on day one.");
        write(source.resolve("travel.md"), "# Travel\nBook trains before flights.");

        admin = new ConsoleBrowser(proxy.url(""), EVIDENCE);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {viewer, admin, proxy, host}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void theFirstSignInWithTheOneTimePasswordGoesThroughTheForcedChangeToTheDashboard() {
        String oneTime = SECRETS.get("the one-time admin password");
        admin.open("index.html");
        admin.awaitPage("login.html");
        assertThat(admin.driver.getCurrentUrl()).as("sent to sign in, and back afterwards").contains("next=%2Fconsole%2Findex.html");
        assertThat(admin.driver.findElement(By.id("change")).isDisplayed()).as("the password change waits for a sign-in").isFalse();

        admin.submitSignIn("admin", "not the " + oneTime.substring(0, 4) + " password");
        admin.awaitText(By.id("status"), "wrong name or password");

        admin.submitSignIn("admin", oneTime);
        admin.awaitText(By.id("status"), "Choose a new password before you go on.");
        assertThat(admin.visible(By.id("change")).isDisplayed()).isTrue();
        assertThat(admin.driver.findElement(By.id("login")).isDisplayed()).as("the sign-in form gives way").isFalse();

        admin.type(By.id("currentPassword"), oneTime);
        admin.type(By.id("newPassword"), ADMIN_PASSWORD);
        admin.type(By.id("repeat"), ADMIN_PASSWORD + " typo");
        admin.driver.findElement(By.cssSelector("#change button[type=submit]")).click();
        admin.awaitText(By.id("status"), "The two new passwords differ.");

        admin.changePassword(oneTime, ADMIN_PASSWORD);
        admin.awaitPage("index.html");
        assertThat(admin.text(By.tagName("h1"))).isEqualTo("Connector instances");
        admin.awaitText(By.id("status"), "No connector instances yet");
        assertThat(admin.pageErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void syncPressedOnTheDashboardFillsTheIndexAndSearchShowsTheWordMarkedWithItsCitation() throws Exception {
        makeFilesystemInstance("docs", source);

        admin.open("index.html");
        row("docs").findElement(By.xpath(".//button[normalize-space()='Sync']")).click();
        new WebDriverWait(admin.driver, ConsoleBrowser.DEADLINE).withMessage(() -> "docs to be idle after a run with 2 documents: "
                + cells("docs")).until(d -> {
                    List<String> c = cells("docs");
                    return c.size() >= 7 && c.get(2).startsWith("idle") && c.get(4).startsWith("succeeded") && c.get(6).equals("2");
                });
        assertThat(cells("docs").get(4)).as("the last run's counts").contains("+2 ~0 −0");

        admin.open("search.html");
        admin.visible(By.id("q")).sendKeys(WORD, Keys.ENTER);
        admin.awaitText(By.id("status"), "1 hit(s)");
        WebElement hit = admin.visible(By.cssSelector("#results li"));
        assertThat(hit.findElements(By.tagName("mark"))).extracting(WebElement::getText).containsExactly(WORD);
        WebElement citation = hit.findElement(By.tagName("a"));
        assertThat(citation.getText()).isEqualTo("onboarding.md");
        assertThat(citation.getDomAttribute("href")).isEqualTo(source.resolve("onboarding.md").toUri().toString());
        assertThat(admin.driver.getCurrentUrl()).as("the query is in the address, to share or reload").endsWith("?q=" + WORD + "&page=0");
        assertThat(admin.pageErrors()).isEmpty();
    }

    @Test
    @Order(3)
    void aLongSyncShowsItsProgressLiveOnTheDashboardUntilItEnds() throws Exception {
        Path many = Files.createDirectories(tmp.resolve("many"));
        Files.setPosixFilePermissions(many, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (int i = 0; i < MANY; i++) {
            write(many.resolve("memo-" + i + ".txt"), "Memo " + i + " about the quarterly figures.");
        }
        makeFilesystemInstance("memos", many);

        admin.open("index.html");
        row("memos").findElement(By.xpath(".//button[normalize-space()='Sync']")).click();
        // pushed by the server-sent events of /api/v1/events while it runs: items so far and items/s
        String running = new WebDriverWait(admin.driver, ConsoleBrowser.DEADLINE).withMessage(() -> "memos to show its progress: "
                + cells("memos")).until(d -> {
                    List<String> c = cells("memos");
                    return c.size() >= 3 && c.get(2).startsWith("running") && c.get(2).contains("items/s") ? c.get(2) : null;
                });
        assertThat(running).containsPattern("full sync: [\\d,.]+ items, [\\d,.]+ items/s");
        new WebDriverWait(admin.driver, Duration.ofSeconds(60)).withMessage(() -> "memos to end with " + MANY + " documents: "
                + cells("memos")).until(d -> {
                    List<String> c = cells("memos");
                    return c.size() >= 7 && c.get(2).equals("idle") && c.get(4).startsWith("succeeded")
                            && c.get(6).replaceAll("[^0-9]", "").equals(Integer.toString(MANY));
                });
        assertThat(admin.pageErrors()).isEmpty();
    }

    @Test
    @Order(4)
    void theAdminWritesAnInstanceSecretAndMakesAnApiTokenFromThePage() throws Exception {
        ConsoleBrowser.Fetched stored = admin.fetch("PUT", "instances/docs/secrets/api-key", INSTANCE_SECRET, "text/plain");
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(admin.fetch("GET", "instances/docs/secrets", null).body()).contains("api-key");

        ConsoleBrowser.Fetched token = admin.fetch("POST", "tokens", JSON.writeValueAsString(Map.of("name", "report", "role", "viewer")));
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        String secret = JSON.readTree(token.body()).path("token").asText();
        assertThat(secret).isNotBlank();
        SECRETS.put("the API token", secret);

        HttpResponse<String> search = http.send(HttpRequest.newBuilder(URI.create(proxy.url("/api/v1/search?q=" + WORD)))
                .header("Authorization", "Bearer " + secret).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        assertThat(JSON.readTree(search.body()).path("total").asLong()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void aViewerSeesNoAdminControlsAndTheApiRefusesWhatTheirPageTries() throws Exception {
        ConsoleBrowser.Fetched created = admin.fetch("POST", "users", JSON.writeValueAsString(Map.of("name", "vera", "role", "viewer",
                "password", VIEWER_FIRST)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        viewer = new ConsoleBrowser(proxy.url(""), EVIDENCE);
        viewer.signInChangingPassword("vera", VIEWER_FIRST, VIEWER_CHOSEN);
        String said = viewer.awaitText(By.id("status"), "needs the role operator");
        assertThat(viewer.driver.findElement(By.id("status")).getAttribute("class")).as("shown as an error: %s", said).contains("error");
        assertThat(viewer.driver.findElements(By.cssSelector("#instances tr, #instances button"))).as("no instances, no actions").isEmpty();
        assertThat(viewer.driver.findElement(By.id("instances")).isDisplayed()).as("the instances' table").isFalse();
        assertThat(viewer.driver.findElement(By.id("add-instance")).isDisplayed()).as("Add an instance").isFalse();

        for (String[] call : new String[][] {{"GET", "users"}, {"GET", "tokens"}, {"POST", "instances/docs/sync"},
                {"POST", "instances/docs/cancel"}, {"PUT", "instances/docs/secrets/api-key"}}) {
            ConsoleBrowser.Fetched r = viewer.fetch(call[0], call[1], call[0].equals("PUT") ? "stolen" : null, "text/plain");
            assertThat(r.status()).as("%s %s: %s", call[0], call[1], r.body()).isEqualTo(403);
            assertThat(r.contentType()).as("%s %s", call[0], call[1]).startsWith("application/problem+json");
            assertThat(JSON.readTree(r.body()).path("detail").asText()).contains("needs the role", "vera is viewer");
        }

        for (String[] page : new String[][] {{"users.html", "admin"}, {"audit.html", "admin"}, {"connectors.html", "operator"},
                {"webhooks.html", "operator"}}) {
            viewer.open(page[0]);
            viewer.awaitText(By.id("status"), "needs the role " + page[1]);
        }

        viewer.open("search.html");
        viewer.visible(By.id("q")).sendKeys(WORD, Keys.ENTER);
        viewer.awaitText(By.id("status"), "1 hit(s)");
        assertThat(viewer.visible(By.cssSelector("#results li mark")).getText()).isEqualTo(WORD);
        assertThat(viewer.pageErrors()).isEmpty();
    }

    @Test
    @Order(6)
    void aFormOnAnotherSitePostingToTheApiIsRefusedAndCreatesNoUser() throws Exception {
        // text/plain lets a form send a JSON-looking body: {"name":"mallory",…,"x":"="}
        String page = "<!doctype html><html><head><title>Win a prize</title></head><body>"
                + "<form method=\"post\" enctype=\"text/plain\" action=\"" + proxy.url("/api/v1/users") + "\">"
                + "<input type=\"hidden\" name='{\"name\":\"mallory\",\"role\":\"admin\",\"password\":\"mallory rules this host\",\"x\":\"'"
                + " value='\"}'></form><script>document.forms[0].submit()</script></body></html>";
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
        String origin = "http://localhost:" + site.getAddress().getPort();
        try {
            // the signed-in admin's browser visits the other site (localhost is not 127.0.0.1: another site)
            admin.openUrl(origin + "/");
            HttpExchange posted = await("the other site's form POST reaching the host").atMost(ConsoleBrowser.DEADLINE)
                    .pollInterval(Duration.ofMillis(100)).until(() -> proxy.exchanges().stream()
                            .filter(e -> e.request() != null && e.request().methodAndTarget().equals("POST /api/v1/users")
                                    && origin.equals(e.request().header("Origin")) && e.response() != null && e.response().complete())
                            .findFirst(), java.util.Optional::isPresent).orElseThrow();
            assertThat(posted.request().header("Sec-Fetch-Site")).isEqualTo("cross-site");
            assertThat(posted.request().header("Cookie")).as("SameSite=Strict: the session cookie stays home")
                    .satisfiesAnyOf(c -> assertThat(c).isNull(), c -> assertThat(c).doesNotContain("tributary_session"));
            assertThat(posted.response().status()).as(posted.response().bodyText()).isEqualTo(403);
            assertThat(posted.response().header("Content-Type")).startsWith("application/problem+json");
            assertThat(posted.response().bodyText()).contains("cross-site request (Sec-Fetch-Site) may not change anything");
        } finally {
            site.stop(0);
        }
        HttpResponse<String> users = http.send(HttpRequest.newBuilder(URI.create(proxy.url("/api/v1/users")))
                .header("Authorization", "Bearer " + host.dist.adminToken()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(users.body()).path("users").findValuesAsText("user")).containsExactlyInAnyOrder("admin", "vera");
    }

    @Test
    @Order(7)
    void everyFieldHasALabelTheSignInFormWorksByKeyboardAndTabReachesTheDashboardsButtons() throws Exception {
        assertThat(unlabelledFields(viewer, "login.html")).as("fields checked on login.html").isEqualTo(5);
        assertThat(unlabelledFields(viewer, "search.html")).as("fields checked on search.html").isEqualTo(1);
        assertThat(unlabelledFields(admin, "users.html")).as("fields checked on users.html").isGreaterThan(5);
        assertThat(unlabelledFields(admin, "connectors.html")).as("fields checked on connectors.html").isEqualTo(1);
        admin.open("instance.html?id=docs");
        admin.visible(By.id("f-root"));
        assertThat(unlabelledFields(admin)).as("fields checked on the instance form").isGreaterThanOrEqualTo(7);

        try (ConsoleBrowser keyboard = new ConsoleBrowser(proxy.url(""), EVIDENCE)) {
            keyboard.open("login.html");
            keyboard.visible(By.id("name"));
            assertThat(keyboard.focused()).as("autofocus").startsWith("input#name");
            Actions keys = new Actions(keyboard.driver);
            keys.sendKeys("vera").sendKeys(Keys.TAB).perform();
            assertThat(keyboard.focused()).startsWith("input#password");
            keys.sendKeys(VIEWER_CHOSEN).sendKeys(Keys.TAB).perform();
            assertThat(keyboard.focused()).isEqualTo("button: Sign in");
            keys.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
            assertThat(keyboard.focused()).startsWith("input#password");
            keys.sendKeys(Keys.ENTER).perform();
            keyboard.awaitPage("index.html");
            keyboard.awaitText(By.id("status"), "needs the role operator");
            assertThat(keyboard.pageErrors()).isEmpty();
        }

        admin.open("index.html");
        row("docs").findElement(By.xpath(".//button[normalize-space()='Sync']"));
        List<String> reached = new ArrayList<>();
        for (int i = 0; i < 30 && !reached.contains("button: Cancel"); i++) {
            new Actions(admin.driver).sendKeys(Keys.TAB).perform();
            reached.add(admin.focused());
        }
        assertThat(reached).as("Tab from the top of the dashboard").containsSubsequence("a: Dashboard", "a: Search",
                "button#sign-out: Sign out", "a#add-instance: Add an instance", "a: docs", "button: Sync", "button: Full resync",
                "button: Cancel");
    }

    @Test
    @Order(8)
    void noResponseOfTheWholeSuiteCarriesASecretItUsed() {
        List<HttpExchange> answered = proxy.exchanges().stream().filter(e -> e.response() != null).toList();
        assertThat(answered.size()).as("responses recorded (a scan of few would prove little)").isGreaterThan(20);
        assertThat(answered).extracting(e -> e.request().methodAndTarget()).as("the browsers' and the test's traffic, the event stream too")
                .contains("GET /console/js/api.js", "GET /api/v1/events", "POST /api/v1/session", "POST /api/v1/session/password",
                        "POST /api/v1/tokens", "PUT /api/v1/instances/docs/secrets/api-key");
        assertThat(SECRETS).hasSize(7);

        List<String> found = new ArrayList<>();
        List<String> tokenShown = new ArrayList<>();
        for (HttpExchange e : answered) {
            String text = readable(e.response());
            SECRETS.forEach((name, value) -> {
                if (text.contains(value) || text.contains(URLEncoder.encode(value, StandardCharsets.UTF_8))) {
                    (name.equals("the API token") ? tokenShown : found).add(e.describe() + " shows " + name);
                }
            });
        }
        System.out.printf("Scanned %d responses for %d secrets%n", answered.size(), SECRETS.size());
        // the token's secret is shown once, when it is made, and never again: proof too that the scan reads bodies
        assertThat(tokenShown).singleElement().asString().startsWith("POST /api/v1/tokens ").contains("201");
        assertThat(found).as("responses carrying a secret").isEmpty();
    }

    @Test
    @Order(9)
    void everyAnswerOfTheApiInTheSuiteKeepsToItsOpenApiDescription() throws Exception {
        HttpResponse<String> description = http.send(HttpRequest.newBuilder(URI.create(proxy.url("/api/v1/openapi.json")))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        OpenApiContract contract = OpenApiContract.parse(description.body());
        List<HttpExchange> api = proxy.exchanges().stream().filter(e -> e.response() != null && e.response().complete()
                && e.request().methodAndTarget().contains(" /api/v1/") && !e.request().methodAndTarget().endsWith("/openapi.json")).toList();
        assertThat(api.size()).as("API answers recorded").isGreaterThan(20);
        List<String> problems = new ArrayList<>();
        for (HttpExchange e : api) {
            String[] line = e.request().methodAndTarget().split(" ", 2);
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            e.response().headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
            problems.addAll(contract.problems(new Exchange(line[0], line[1], e.response().status(), e.response().header("Content-Type"),
                    e.response().bodyText(), headers)));
        }
        assertThat(problems).as("answers that differ from /api/v1/openapi.json").isEmpty();
    }

    /** A response as one text: status line, headers (a Set-Cookie's value left out), and body. */
    private static String readable(HttpExchange.Message response) {
        StringBuilder s = new StringBuilder(response.startLine()).append('\n');
        for (Map.Entry<String, String> h : response.headers()) {
            String value = h.getValue();
            if (h.getKey().equalsIgnoreCase("Set-Cookie")) {
                value = value.replaceFirst("^([^=;]*)=[^;]*", "$1=…");
            }
            s.append(h.getKey()).append(": ").append(value).append('\n');
        }
        return s.append('\n').append(response.bodyText()).toString();
    }

    /**
     * Makes a filesystem connector instance over {@code root} with the console's form (generated from
     * the connector's Metatype) and waits until the host runs it. The first try has a wrong value:
     * the host's error shows next to its field, which is marked invalid and focused.
     */
    private static void makeFilesystemInstance(String name, Path root) throws Exception {
        admin.open("connectors.html");
        admin.visible(By.xpath("//a[normalize-space()='Add File system instance']")).click();
        admin.awaitPage("instance.html");
        admin.type(By.id("instance"), name);
        admin.type(By.id("f-root"), root.toString());
        admin.type(By.id("f-schedule"), "manual");
        admin.type(By.id("f-maxFileSize"), "ten MB");
        admin.driver.findElement(By.id("save")).click();
        String error = admin.awaitText(By.id("f-maxFileSize-error"), "must be a whole number");
        assertThat(error).isEqualTo("Maximum file size (bytes) must be a whole number, not 'ten MB'");
        assertThat(admin.driver.findElement(By.id("f-maxFileSize")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(admin.driver.findElement(By.id("f-maxFileSize")).getDomAttribute("aria-describedby")).contains("f-maxFileSize-error");
        assertThat(admin.focused()).as("the wrong field gets the focus").startsWith("input#f-maxFileSize");
        assertThat(admin.text(By.id("status"))).contains("not valid");
        assertThat(admin.driver.findElement(By.id("f-root-error")).isDisplayed()).as("no error on a good field").isFalse();

        admin.type(By.id("f-maxFileSize"), "1000000");
        admin.driver.findElement(By.id("save")).click();
        admin.awaitPage("index.html");
        assertThat(admin.pageErrors()).isEmpty();
        HttpRequest instance = HttpRequest.newBuilder(URI.create(proxy.url("/api/v1/instances/" + name)))
                .header("Authorization", "Bearer " + host.dist.adminToken()).timeout(Duration.ofSeconds(5)).build();
        await("instance " + name + " runs").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.send(instance, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    /** The dashboard's row of an instance, once it shows. */
    private static WebElement row(String instance) {
        return admin.visible(By.xpath(rowPath(instance)));
    }

    private static String rowPath(String instance) {
        return "//tbody[@id='instances']/tr[@data-instance='" + instance + "']";
    }

    /** The texts of an instance's cells on the dashboard (instance, type, state, schedule, last run, next run, documents, actions). */
    private static List<String> cells(String instance) {
        try {
            return admin.driver.findElements(By.xpath(rowPath(instance) + "/*")).stream().map(WebElement::getText).toList();
        } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
            return List.of();
        }
    }

    /**
     * Opens a page and checks every input, select and textarea has an accessible name from a
     * &lt;label for&gt;, aria-label or aria-labelledby. @return how many fields it checked
     */
    private static int unlabelledFields(ConsoleBrowser b, String page) {
        b.open(page);
        b.awaitPage(page);
        return unlabelledFields(b);
    }

    /** The same check on the page shown (e.g. once a script has generated its form). */
    private static int unlabelledFields(ConsoleBrowser b) {
        String page = b.driver.getCurrentUrl();
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) b.script("""
                const named = (e) => [...(e.labels || [])].some((l) => l.textContent.trim())
                  || (e.getAttribute('aria-label') || '').trim()
                  || (e.getAttribute('aria-labelledby') || '').split(/\\s+/).some((id) => id && document.getElementById(id)
                       && document.getElementById(id).textContent.trim());
                const fields = [...document.querySelectorAll('input, select, textarea')].filter((e) => e.type !== 'hidden');
                return { checked: fields.length, unnamed: fields.filter((e) => !named(e)).map((e) => e.outerHTML) };
                """);
        assertThat((List<?>) r.get("unnamed")).as("fields without a label on %s", page).isEmpty();
        return ((Number) r.get("checked")).intValue();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
}
