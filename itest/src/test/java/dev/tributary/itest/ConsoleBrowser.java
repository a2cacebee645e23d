package dev.tributary.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium on the web console, as a person would use it: pages opened by address, forms
 * filled and submitted, and what the page shows waited for with a short deadline. Debian's chromium
 * and chromedriver are named explicitly, so Selenium never looks for (or downloads) a browser itself.
 * Each instance is a fresh browser profile: its own cookies and session storage.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** How long a page may take to show what a step waits for. */
    static final Duration DEADLINE = Duration.ofSeconds(10);

    /**
     * Selenium looks for a DevTools (CDP) binding for the browser's version and warns when none
     * matches; these tests speak only W3C WebDriver, so the warning is noise. Held here: JUL keeps
     * loggers weakly, and a collected one would forget its level.
     */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
    }

    final ChromeDriver driver;
    private final String base;

    /**
     * @param base where the host answers, e.g. http://127.0.0.1:8181
     * @param logDir where chromedriver writes its log (kept for failures)
     */
    ConsoleBrowser(String base, Path logDir) throws IOException {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing: the console's browser tests need Chromium and its driver;"
                        + " install them with `apt-get install -y chromium chromium-driver` (.ci/run does)");
            }
        }
        Files.createDirectories(logDir);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(Files.createTempFile(logDir, "chromedriver-", ".log").toFile()).build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new", "--no-sandbox",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(DEADLINE).pageLoadTimeout(DEADLINE);
        this.base = base;
    }

    /** Opens a console page, e.g. {@code login.html}. */
    void open(String page) {
        driver.get(base + "/console/" + page);
    }

    /** Opens any address (another site's page, say). */
    void openUrl(String url) {
        driver.get(url);
    }

    /** Fills the sign-in form of the page shown and submits it; the caller waits for what follows. */
    void submitSignIn(String name, String password) {
        type(By.id("name"), name);
        type(By.id("password"), password);
        visible(By.cssSelector("#login button[type=submit]")).click();
    }

    /** Signs in with a password already chosen and waits for the dashboard. */
    void signIn(String name, String password) {
        open("login.html");
        submitSignIn(name, password);
        awaitPage("index.html");
    }

    /** Signs in with a one-time password, answers the forced change, and waits for the page it was headed to. */
    void signInChangingPassword(String name, String oneTime, String chosen) {
        open("login.html");
        submitSignIn(name, oneTime);
        changePassword(oneTime, chosen);
        awaitPage("index.html");
    }

    /** Fills the forced password change form, once it shows, and submits it. */
    void changePassword(String current, String chosen) {
        type(By.id("currentPassword"), current);
        type(By.id("newPassword"), chosen);
        type(By.id("repeat"), chosen);
        visible(By.cssSelector("#change button[type=submit]")).click();
    }

    void type(By field, String text) {
        WebElement e = visible(field);
        e.clear();
        e.sendKeys(text);
    }

    /** Waits for the console page {@code page} (its path, whatever the query). */
    void awaitPage(String page) {
        new WebDriverWait(driver, DEADLINE).withMessage(() -> "the browser to show /console/" + page + "; it shows "
                + driver.getCurrentUrl() + " saying: " + text(By.tagName("body")))
                .until(d -> d.getCurrentUrl().split("\\?")[0].endsWith("/console/" + page)
                        && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    WebElement visible(By what) {
        return new WebDriverWait(driver, DEADLINE).withMessage(() -> "a visible " + what + " on " + driver.getCurrentUrl())
                .until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    /** Waits until the element's text contains {@code text}; returns its whole text. */
    String awaitText(By what, String text) {
        new WebDriverWait(driver, DEADLINE).withMessage(() -> what + " to say '" + text + "' on " + driver.getCurrentUrl() + "; it says '"
                + text(what) + "'").until(ExpectedConditions.textToBePresentInElementLocated(what, text));
        return text(what);
    }

    /** The element's text now, or "" if it is not on the page. */
    String text(By what) {
        List<WebElement> found = driver.findElements(what);
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    /** Runs a script in the page and returns its value. */
    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** What fetch() inside the page got back. */
    record Fetched(int status, String contentType, String body) {}

    /**
     * Calls the API from inside the page, as the signed-in user: the session cookie travels by itself
     * and a change carries the CSRF token the console keeps in session storage (as js/api.js does).
     *
     * @param path below /api/v1/, e.g. {@code users}
     * @param body the request body (JSON unless {@code contentType} says otherwise), or null
     */
    Fetched fetch(String method, String path, String body, String contentType) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) driver.executeAsyncScript("""
                const [method, path, body, type, done] = arguments;
                const headers = { Accept: 'application/json' };
                if (method !== 'GET') {
                  headers['X-CSRF-Token'] = sessionStorage.getItem('tributary.csrf') || '';
                }
                if (body !== null) {
                  headers['Content-Type'] = type;
                }
                fetch('/api/v1/' + path, { method, headers, credentials: 'same-origin', body: body === null ? undefined : body })
                  .then(async (r) => done({ status: r.status, type: r.headers.get('Content-Type') || '', body: await r.text() }))
                  .catch((e) => done({ status: -1, type: '', body: String(e) }));
                """, method, path, body, contentType);
        return new Fetched(((Number) r.get("status")).intValue(), (String) r.get("type"), (String) r.get("body"));
    }

    Fetched fetch(String method, String path, String json) {
        return fetch(method, path, json, "application/json");
    }

    /**
     * The page's errors since the last call: uncaught exceptions, failed module loads, refused by
     * the content security policy. A failed HTTP status alone ("Failed to load resource") is not one:
     * pages meet 403s and show them.
     */
    List<String> pageErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).filter(m -> !m.contains("Failed to load resource")).collect(Collectors.toList());
    }

    /** The focused element, as "tag#id: text" — what Tab reached. */
    String focused() {
        return (String) script("const e = document.activeElement;"
                + " return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ': ' + (e.textContent || '').trim();");
    }

    /** A screenshot and the page's HTML, for a failed test. */
    void saveEvidence(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        Files.writeString(dir.resolve(name + ".html"), "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource());
    }

    @Override
    public void close() {
        driver.quit();
    }
}
