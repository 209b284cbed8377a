package org.tearline.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for console tests: the system's headless Chromium driven through its
 * chromedriver (Debian packages {@code chromium} and {@code chromium-driver}; {@code .ci/run}
 * installs them). Nothing is downloaded: Selenium is pointed at both binaries.
 *
 * <p>Where the browser is absent the tests that need it are skipped, except on CI
 * ({@code CI=true}), where its absence is a failure.
 */
public final class Browser implements AutoCloseable {

    private static final List<String> BROWSERS =
            List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private final WebDriver driver;
    private String base;

    private Browser(WebDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** A headless browser on a laptop-sized window, for pages under {@code base}. */
    public static Browser open(String base) {
        String binary = first(System.getenv("TEARLINE_CHROMIUM"), BROWSERS);
        String chromedriver = first(System.getenv("TEARLINE_CHROMEDRIVER"), DRIVERS);
        if (binary == null || chromedriver == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI needs Chromium and chromedriver (Debian"
                        + " packages chromium, chromium-driver); .ci/run installs them");
            }
            Assumptions.abort("no Chromium/chromedriver on this machine: install the Debian"
                    + " packages chromium and chromium-driver to run the browser tests");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1366,900",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-extensions",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-component-update",
                "--lang=en-GB",
                "--disable-features=Translate,OptimizationHints,MediaRouter");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, base);
    }

    private static String first(String override, List<String> candidates) {
        if (override != null && Files.isExecutable(Path.of(override))) {
            return override;
        }
        return candidates.stream()
                .filter(p -> Files.isExecutable(Path.of(p)))
                .findFirst()
                .orElse(null);
    }

    /** Points the browser at another server (each test starts its own). */
    public Browser rebase(String newBase) {
        this.base = newBase;
        return this;
    }

    /** The driver, for anything this class does not wrap. */
    public WebDriver driver() {
        return driver;
    }

    /** Opens a path under the base address. */
    public Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    /** The first element matching a CSS selector. */
    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Every element matching a CSS selector. */
    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The visible text of the page's main content. */
    public String text() {
        return find("main").getText();
    }

    /** The current path (and query). */
    public String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    /** Opens the sign-in page, fills the form and submits it. */
    public Browser signIn(String user, String password) {
        go("/console/login");
        return fillSignIn(user, password);
    }

    /** Fills the sign-in form on the current page and submits it. */
    public Browser fillSignIn(String user, String password) {
        find("#user").sendKeys(user);
        find("#password").sendKeys(password);
        return click("main form button[type=submit]");
    }

    /** Clicks what submits a form or follows a link, and waits for the next page. */
    public Browser click(String css) {
        WebElement page = find("html");
        find(css).click();
        return waitForNextPage(page);
    }

    /** Waits until {@code page} (the old document's root) is gone and the next one loaded. */
    public Browser waitForNextPage(WebElement page) {
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(15))
                .until(d -> gone(page)
                        && "complete"
                                .equals(((org.openqa.selenium.JavascriptExecutor) d)
                                        .executeScript("return document.readyState")));
        return this;
    }

    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.WebDriverException e) {
            // Stale, or (mid-navigation) no longer in any document: either way, gone.
            return true;
        }
    }

    /** Signs out, if signed in, and forgets every cookie. */
    public Browser reset() {
        driver.manage().deleteAllCookies();
        return this;
    }

    /** A cookie's value, or null. */
    public String cookie(String name) {
        org.openqa.selenium.Cookie c = driver.manage().getCookieNamed(name);
        return c == null ? null : c.getValue();
    }

    /**
     * Saves a screenshot of the page as {@code target/screenshots/NAME.png}; with the system
     * property {@code tearline.screenshots} set to a directory, also there.
     */
    public void screenshot(String name) {
        // The whole page, not the first screenful: grow the window to the page, then restore.
        org.openqa.selenium.Dimension size = driver.manage().window().getSize();
        Number height = (Number) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollHeight");
        driver.manage()
                .window()
                .setSize(new org.openqa.selenium.Dimension(
                        size.getWidth(), Math.max(size.getHeight(), Math.min(height.intValue() + 20, 4000))));
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        driver.manage().window().setSize(size);
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            String also = System.getProperty("tearline.screenshots");
            if (also != null && !also.isBlank()) {
                Path other = Path.of(also);
                Files.createDirectories(other);
                Files.copy(shot.toPath(), other.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
