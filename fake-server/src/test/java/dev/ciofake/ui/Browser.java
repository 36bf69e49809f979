package dev.ciofake.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Chromium for a test class, driven by Selenium through the chromium-driver of the machine (Debian's
 * {@code chromium} and {@code chromium-driver}, which {@code .ci/run} installs; {@code CIO_FAKE_CHROMIUM} and
 * {@code CIO_FAKE_CHROMEDRIVER} name others). Selenium Manager is never asked to download anything: both paths are
 * given. Where they are absent, {@link #missing()} says why, and the tests skip with that reason.
 */
final class Browser implements AutoCloseable {
  /** Where the screenshots go: test artifacts of the module's build. */
  static final Path SCREENSHOTS = Paths.get("target", "ui-screenshots");

  final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  private static Path chromium() {
    return find("CIO_FAKE_CHROMIUM", List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
  }

  private static Path chromedriver() {
    return find("CIO_FAKE_CHROMEDRIVER", List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"));
  }

  private static Path find(String variable, List<String> candidates) {
    String given = System.getenv(variable);
    for (String c : given != null ? List.of(given) : candidates) {
      Path p = Paths.get(c);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Why no browser test can run here, or {@code null} when Chromium and its driver are installed. */
  static String missing() {
    if (chromium() == null) {
      return "Chromium is not installed (apt-get install -y chromium chromium-driver, or set CIO_FAKE_CHROMIUM)";
    }
    if (chromedriver() == null) {
      return "chromium-driver is not installed (apt-get install -y chromium-driver, or set CIO_FAKE_CHROMEDRIVER)";
    }
    return null;
  }

  /**
   * Skips each test of a browser test class, with the reason, where Chromium or its driver is absent (and says so
   * on the console once), so a build without a browser reports skipped tests instead of running nothing silently.
   */
  static final class Required implements ExecutionCondition {
    private static volatile boolean said;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      String missing = missing();
      if (missing == null) {
        return ConditionEvaluationResult.enabled("Chromium and chromium-driver are installed");
      }
      if (!said) {
        said = true;
        System.err.println("browser tests skipped: " + missing);
      }
      return ConditionEvaluationResult.disabled("browser tests skipped: " + missing);
    }
  }

  static Browser start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium().toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1360,1000", "--no-first-run", "--disable-extensions", "--disable-background-networking",
        "--disable-sync", "--metrics-recording-only", "--disable-default-apps", "--mute-audio");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver().toFile())
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new Browser(driver);
  }

  /** Saves what the page shows as {@code target/ui-screenshots/<name>.png}; returns the file. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path to = SCREENSHOTS.resolve(name + ".png");
      Files.write(to, driver.getScreenshotAs(OutputType.BYTES));
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
