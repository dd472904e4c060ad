package io.trebuchet.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium (the Debian {@code chromium} and {@code chromedriver}), driven by Selenium, with a download
 * directory of its own. Waits poll a condition until a deadline; nothing sleeps. One per test class: starting a
 * browser costs about a second.
 */
public final class TestingBrowser implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path downloads;

    private TestingBrowser(ChromeDriverService service, ChromeDriver driver, Path downloads) {
        this.service = service;
        this.driver = driver;
        this.downloads = downloads;
    }

    public static TestingBrowser start() {
        return start(List.of(), false);
    }

    /**
     * A browser with more Chromium flags (such as {@code --host-resolver-rules}), which records the responses it
     * receives for {@link #responses()}: the statuses of requests a page cannot read (a no-cors fetch, a form sent
     * to another site) are seen there.
     */
    public static TestingBrowser startRecording(List<String> arguments) {
        return start(arguments, true);
    }

    private static TestingBrowser start(List<String> arguments, boolean recording) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need /usr/bin/chromium and /usr/bin/chromedriver: "
                    + "apt-get install -y chromium chromium-driver (./scripts/test does it)");
        }
        Path downloads;
        try {
            downloads = Files.createTempDirectory("trebuchet-downloads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1440,900",
                "--lang=en-US");
        options.addArguments(arguments);
        if (recording) {
            options.setCapability("goog:loggingPrefs", Map.of(LogType.PERFORMANCE, "ALL"));
        }
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false,
                        "safebrowsing.enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            service.start();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.executeCdpCommand(
                    "Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toString(), "eventsEnabled", false));
            return new TestingBrowser(service, driver, downloads);
        } catch (RuntimeException e) {
            service.stop();
            TestingFiles.deleteRecursively(downloads);
            throw e;
        } catch (IOException e) {
            service.stop();
            TestingFiles.deleteRecursively(downloads);
            throw new UncheckedIOException(e);
        }
    }

    /** A response the browser received: its URL and status. */
    public record NetworkResponse(String url, int status) {}

    /** The responses received since the last call (needs {@link #startRecording}). */
    public List<NetworkResponse> responses() {
        List<NetworkResponse> responses = new java.util.ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = parse(entry.getMessage()).path("message");
            if (message.path("method").asText().equals("Network.responseReceived")) {
                JsonNode response = message.path("params").path("response");
                responses.add(new NetworkResponse(
                        response.path("url").asText(), response.path("status").asInt()));
            }
        }
        return responses;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON in the browser's log: " + json, e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
        waitForHtmx();
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until {@code condition} gives something other than null or false, or fails after {@link #TIMEOUT}. */
    public <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, TIMEOUT)
                .withMessage("waiting for " + what)
                .pollingEvery(Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Waits until htmx is loaded and has no request in flight. */
    public void waitForHtmx() {
        await("htmx to be idle", browser -> (Boolean) ((ChromeDriver) browser)
                .executeScript("return typeof htmx !== 'undefined' && document.readyState === 'complete'"
                        + " && document.querySelectorAll('.htmx-request').length === 0"));
    }

    /** The value of {@code attribute} of every element that matches {@code css}, read at one instant. */
    @SuppressWarnings("unchecked")
    public List<String> attributes(String css, String attribute) {
        return (List<String>) driver.executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.getAttribute(arguments[1]))",
                css,
                attribute);
    }

    /** The text content of every element that matches {@code css}, read at one instant. */
    @SuppressWarnings("unchecked")
    public List<String> texts(String css) {
        return (List<String>) driver.executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent.trim())", css);
    }

    public Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /** Runs {@code script} (with a callback as its last argument) and waits for its result. */
    public Object asyncScript(String script, Object... arguments) {
        return driver.executeAsyncScript(script, arguments);
    }

    /** A width and a colour scheme to look at a page in. */
    public enum Viewport {
        DESKTOP_LIGHT(1440, 900, false),
        DESKTOP_DARK(1440, 900, true),
        PHONE_LIGHT(390, 844, false),
        PHONE_DARK(390, 844, true);

        private final int width;
        private final int height;
        private final boolean dark;

        Viewport(int width, int height, boolean dark) {
            this.width = width;
            this.height = height;
            this.dark = dark;
        }

        public int width() {
            return width;
        }

        public boolean dark() {
            return dark;
        }
    }

    /**
     * Lays pages out at the viewport's width (a phone is a touch device that reports it is one) and answers
     * {@code prefers-color-scheme} as the viewport says, until {@link #resetViewport()}. Both are CDP emulations that
     * outlive navigations.
     */
    public void emulate(Viewport viewport) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of(
                        "width",
                        viewport.width,
                        "height",
                        viewport.height,
                        "deviceScaleFactor",
                        1,
                        "mobile",
                        viewport.width < 600));
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of(
                        "features",
                        List.of(Map.of("name", "prefers-color-scheme", "value", viewport.dark ? "dark" : "light"))));
    }

    /** Back to the window's own size and the light scheme. */
    public void resetViewport() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }

    /** One axe-core rule that a page breaks, with its impact and the elements that break it. */
    public record AccessibilityViolation(String rule, String impact, String help, List<String> targets) {
        public AccessibilityViolation {
            targets = List.copyOf(targets);
        }

        public boolean seriousOrCritical() {
            return impact.equals("serious") || impact.equals("critical");
        }

        @Override
        public String toString() {
            return impact + " " + rule + " (" + help + "): " + String.join(", ", targets);
        }
    }

    /**
     * Runs axe-core (4.14.1, see {@code src/test/resources/io/trebuchet/testing/axe/README.md}) on the page as it is
     * now, with the WCAG 2.x A and AA rules and axe's best practices, and returns what it finds. The script goes in
     * through the driver, which the pages' CSP does not govern; the page itself never loads it.
     */
    public List<AccessibilityViolation> accessibilityViolations() {
        driver.executeScript("if (typeof window.axe === 'undefined') { " + AXE_SOURCE + "\n}");
        String json = (String) driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "window.axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values:"
                + " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
                + ".then(result => done(JSON.stringify(result.violations)),"
                + " error => done(JSON.stringify({error: String(error)})));");
        JsonNode violations = parse(json);
        if (violations.has("error")) {
            throw new IllegalStateException(
                    "axe-core failed: " + violations.path("error").asText());
        }
        List<AccessibilityViolation> found = new java.util.ArrayList<>();
        for (JsonNode violation : violations) {
            List<String> targets = new java.util.ArrayList<>();
            for (JsonNode node : violation.path("nodes")) {
                targets.add(node.path("target").toString());
            }
            found.add(new AccessibilityViolation(
                    violation.path("id").asText(),
                    violation.path("impact").asText("unknown"),
                    violation.path("help").asText(),
                    targets));
        }
        return found;
    }

    private static final String AXE_SOURCE = loadAxe();

    private static String loadAxe() {
        try (var in = TestingBrowser.class.getResourceAsStream("axe/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe/axe.min.js is not on the test classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a screenshot of the window to {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            File taken = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(taken.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.delete(taken.toPath());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a completed download whose name ends with {@code suffix} is there, and returns it. */
    public Path awaitDownload(String suffix) {
        return new FluentWait<>(downloads)
                .withTimeout(TIMEOUT)
                .pollingEvery(Duration.ofMillis(50))
                .withMessage("waiting for a download ending in " + suffix + " in " + downloads)
                .until(directory -> completedDownload(directory, suffix).orElse(null));
    }

    private static Optional<Path> completedDownload(Path directory, String suffix) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets the cookies of {@code baseUrl}'s site, as a new browser would have none. */
    public void clearCookies() {
        driver.manage().deleteAllCookies();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            TestingFiles.deleteRecursively(downloads);
        }
    }
}
