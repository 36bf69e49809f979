package dev.ciofake.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web view in a real browser (headless Chromium): the overview after a scripted integration run, a person's
 * timeline in order, a pitfall's evidence, the journal's filters, a simulated bounce arriving as a webhook attempt, a
 * chaos rule added from the page and then seen on a request, and the clock and reset actions. Each test saves a
 * screenshot of the page it checks under {@code target/ui-screenshots/}. An integration test (failsafe, after the
 * parallel unit tests): a real browser loads the machine. One browser for the class (starting it takes a few seconds
 * on a loaded 2-core machine); the page polls every 150 ms ({@code ?poll=150}) so live updates arrive quickly.
 */
@ExtendWith(Browser.Required.class)
class WebViewBrowserIT {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().rateLimits(false).build());

  private static CioFakeServer server;
  private static FakeHttp http;
  private static Browser browser;
  private static ChromeDriver driver;
  private static HttpServer receiver;
  private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start(CioFakeServer s) throws IOException {
    server = s;
    http = new FakeHttp(s);
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/", ex -> {
      RECEIVED.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    receiver.createContext("/hostile", ex -> {
      byte[] page = hostilePage(server.baseUrl()).getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, page.length);
      ex.getResponseBody().write(page);
      ex.close();
    });
    receiver.start();
    browser = Browser.start();
    driver = browser.driver;
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @BeforeEach
  void cleanSlate() {
    http.admin("DELETE", "/__cio/chaos", null);
    http.admin("DELETE", "/__cio/workspaces/" + site() + "/webhooks", null);
    RECEIVED.clear();
  }

  private static String site() {
    return http.credentials().siteId();
  }

  /** What a naive integration does: identifies, sends milliseconds, tracks before identifying, sends an email. */
  private static void scriptedRun() {
    assertThat(http.track("PUT", "/api/v1/customers/42", "{\"email\":\"ada@example.com\",\"plan\":\"pro\","
        + "\"created_at\":1700000000}").status()).isEqualTo(200);
    assertThat(http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"purchase\",\"timestamp\":1700000000000}")
        .status()).isEqualTo(400);
    assertThat(http.track("POST", "/api/v1/customers/77/events", "{\"name\":\"viewed_pricing\"}").status())
        .isEqualTo(200);
    assertThat(http.track("PUT", "/api/v1/customers/77", "{\"email\":\"bob@example.com\"}").status()).isEqualTo(200);
    assertThat(http.app("POST", "/v1/send/email", "{\"transactional_message_id\":1,\"to\":\"ada@example.com\","
        + "\"identifiers\":{\"id\":\"42\"}}").status()).isEqualTo(200);
  }

  private static int loads;

  /** Loads the view afresh (a new address each time, so never just a change of the fragment) at one of its pages. */
  private static void open(String view) {
    driver.get(server.baseUrl() + "/__cio/ui?poll=150&load=" + (++loads) + "#/" + view + (view.contains("?") ? "&" : "?")
        + "site=" + site());
  }

  private static WebElement awaitElement(String css) {
    return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> driver.findElement(By.cssSelector(css)), e -> e != null);
  }

  private static void awaitText(String css, String text) {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> driver.findElement(By.cssSelector(css)).getText(), t -> t.contains(text));
  }

  /** An element's text read in the page in one call: a live refresh cannot replace it between finding and reading. */
  private static String text(String css) {
    return (String) driver.executeScript("return document.querySelector(arguments[0]).innerText", css);
  }

  private static List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  @Test
  void theOverviewShowsTheRunsCountsScorePitfallsWithTheirFixAndUpdatesLive() {
    scriptedRun();
    open("overview");
    awaitText("#count-people .n", "2");
    assertThat(text("#count-requests .n")).isEqualTo("5");
    assertThat(text("#count-rejected .n")).isEqualTo("1");
    assertThat(text("#count-pitfalls .n")).isEqualTo("2");
    assertThat(Integer.parseInt(text("#score .score"))).isLessThan(100);
    awaitElement("details[data-pitfall='track-before-identify']");
    // read in the page in one go: a live refresh may replace the groups between two WebDriver calls
    @SuppressWarnings("unchecked")
    List<Object> groups = (List<Object>) driver.executeScript("return [...document.querySelectorAll("
        + "'#pitfall-groups details')].map(d => d.dataset.pitfall)");
    assertThat(groups).contains("millisecond-timestamp", "track-before-identify");
    assertThat((String) driver.executeScript("return document.querySelector(\"details[data-pitfall="
        + "'track-before-identify']\").innerText")).contains("track-before-identify");
    browser.screenshot("overview");

    // live: a request the page did not make shows up without a reload
    driver.executeScript("window.__sameDocument = true");
    assertThat(http.track("PUT", "/api/v1/customers/99", "{\"email\":\"cy@example.com\"}").status()).isEqualTo(200);
    awaitText("#count-people .n", "3");
    assertThat(driver.executeScript("return window.__sameDocument === true")).isEqualTo(true);
  }

  @Test
  void aPitfallsEvidenceAndFixOpenFromTheOverview() {
    scriptedRun();
    open("overview");
    awaitElement("details[data-pitfall='track-before-identify']");
    // clicked and read in the page in one go each: a live refresh (the delivery's next event) may replace the group
    // between two WebDriver calls; an open group stays open across it
    String group = "document.querySelector(\"details[data-pitfall='track-before-identify']\")";
    driver.executeScript(group + ".querySelector('summary').click()");
    await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
      @SuppressWarnings("unchecked")
      List<Object> read = (List<Object>) driver.executeScript("const g = " + group + "; const pre = "
          + "g.querySelector('.evidence pre'); return [g.open, pre.offsetParent !== null, pre.innerText, "
          + "g.querySelector('.fix').innerText]");
      assertThat(read.get(0)).isEqualTo(true);
      assertThat(read.get(1)).as("the evidence is displayed").isEqualTo(true);
      assertThat((String) read.get(2)).contains("/api/v1/customers/77/events").contains("POST");
      assertThat((String) read.get(3)).startsWith("Fix: ").hasSizeGreaterThan(10);
    });
    // the open group stays open across live refreshes
    assertThat(http.track("PUT", "/api/v1/customers/98", "{\"email\":\"dee@example.com\"}").status()).isEqualTo(200);
    awaitText("#count-people .n", "3");
    assertThat(awaitElement("details[data-pitfall='track-before-identify']").getAttribute("open")).isNotNull();
    browser.screenshot("pitfall-evidence");
  }

  @Test
  void aPersonsPageShowsAttributesWithTypesAndOneTimelineNewestFirst() {
    scriptedRun();
    open("person/42");
    awaitElement("#timeline li[data-kind='request']");
    awaitText("#person-head", "ada@example.com");
    // read in one go: a live refresh (the delivery's next event) may replace the list between two reads
    @SuppressWarnings("unchecked")
    List<List<String>> items = (List<List<String>>) driver.executeScript("return [...document.querySelectorAll("
        + "'#timeline > li')].map(li => [li.dataset.kind, li.innerText])");
    List<String> kinds = items.stream().map(i -> i.get(0)).toList();
    List<String> texts = items.stream().map(i -> i.get(1)).toList();
    // newest first: the send's events and delivery, the send, the refused event and its pitfall, the identify
    assertThat(kinds.get(kinds.size() - 1)).isEqualTo("request");
    assertThat(texts.get(texts.size() - 1)).contains("identify").contains("PUT /api/v1/customers/42");
    int pitfall = kinds.indexOf("pitfall");
    assertThat(texts.get(pitfall)).contains("millisecond-timestamp");
    assertThat(texts.get(pitfall + 1)).contains("400").contains("POST /api/v1/customers/42/events");
    int send = texts.indexOf(texts.stream().filter(t -> t.contains("send_email")).findFirst().orElseThrow());
    assertThat(send).isLessThan(pitfall);
    assertThat(kinds.subList(0, send)).contains("delivery", "delivery_event");
    assertThat(String.join("\n", texts)).doesNotContain("/customers/77");
    // attributes and their types
    String attributes = ((String) driver.executeScript("return document.querySelector('table.attributes').innerText")).replaceAll("\\s+", " ");
    assertThat(attributes).contains("plan pro string").contains("created_at 1700000000 integer");
    browser.screenshot("person");
  }

  @Test
  void peopleAreSearchedByEmailAndAttributeAndOpenTheirPage() {
    scriptedRun();
    open("people");
    await().atMost(Duration.ofSeconds(10)).until(() -> all("#people-results tbody tr").size() == 2);
    driver.findElement(By.id("people-search")).sendKeys("plan=pro");
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> all("#people-results tbody tr").size() == 1
        && all("#people-results tbody tr").get(0).getText().contains("ada@example.com"));
    browser.screenshot("people");
    all("#people-results tbody tr a").get(0).click();
    awaitText("#person-head", "ada@example.com");
    assertThat(driver.getCurrentUrl()).contains("#/person/42");
  }

  @Test
  void theJournalFiltersByPitfallApiStatusAndPerson() {
    scriptedRun();
    open("requests");
    await().atMost(Duration.ofSeconds(10)).until(() -> all("#request-results details.request").size() == 5);
    driver.findElement(By.cssSelector("#filter-pitfall option[value='track-before-identify']")).click();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> all("#request-results details.request")
        .size() == 1 && all("#request-results details.request").get(0).getText().contains("/api/v1/customers/77/events"));
    driver.findElement(By.cssSelector("#filter-pitfall option[value='']")).click();
    driver.findElement(By.cssSelector("#filter-api option[value='app']")).click();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> all("#request-results details.request")
        .size() == 1 && all("#request-results details.request").get(0).getText().contains("/v1/send/email"));
    driver.findElement(By.cssSelector("#filter-api option[value='']")).click();
    WebElement status = driver.findElement(By.id("filter-status"));
    status.sendKeys("400");
    driver.findElement(By.id("filter-apply")).click();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> all("#request-results details.request")
        .size() == 1);
    WebElement refused = all("#request-results details.request").get(0);
    refused.findElement(By.tagName("summary")).click();
    assertThat(refused.getText()).contains("millisecond-timestamp").contains("1700000000000").contains("\"meta\": {")
        .contains("\"authorization\": \"Basic ****").doesNotContain(http.credentials().trackApiKey());
    browser.screenshot("requests");
    status.clear();
    driver.findElement(By.id("filter-person")).sendKeys("bob@example.com");
    driver.findElement(By.id("filter-apply")).click();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> all("#request-results details.request")
        .stream().map(WebElement::getText).toList(), l -> l.size() == 2
        && l.stream().allMatch(t -> t.contains("/api/v1/customers/77")));

    // a key the fake does not know: not this workspace's request, shown with every workspace's requests
    assertThat(http.send("PUT", "/api/v1/customers/5", "{}", java.util.Map.of("Authorization",
        FakeHttp.basic("unknown-site", "unknown-key"))).status()).isEqualTo(401);
    driver.findElement(By.id("filter-person")).clear();
    driver.findElement(By.cssSelector("#filter-scope option[value='all']")).click();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> all("#request-results details.request")
        .stream().map(WebElement::getText).anyMatch(t -> t.contains("401") && t.contains("/api/v1/customers/5")
        && !t.contains(site())));
  }

  @Test
  void aBounceSimulatedFromThePageArrivesAsAWebhookAttempt() {
    scriptedRun();
    assertThat(http.admin("POST", "/__cio/workspaces/" + site() + "/webhooks", "{\"url\":\"http://127.0.0.1:"
        + receiver.getAddress().getPort() + "/hooks\"}").status()).isEqualTo(201);
    open("person/42");
    awaitElement("#timeline li[data-kind='request']");
    driver.findElement(By.id("simulate-bounced")).click();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> all("#timeline li[data-kind='webhook_attempt']")
        .stream().map(WebElement::getText).anyMatch(t -> t.contains("bounced") && t.contains("200")));
    assertThat(RECEIVED).anyMatch(b -> b.contains("\"metric\":\"bounced\""));
    assertThat(driver.findElement(By.id("notice")).getText()).contains("bounce simulated");
    browser.screenshot("person-bounced");
    open("deliveries");
    WebElement attempt = awaitElement("tr.attempt[data-metric='bounced']");
    assertThat(attempt.getText()).contains("200").contains("/hooks").contains("yes");
    assertThat(driver.findElement(By.id("deliveries")).getText()).contains("ada@example.com");
    browser.screenshot("deliveries");
  }

  @Test
  void aChaosRuleAddedFromThePageIsSeenOnTheNextRequestAndRemovedFromThePage() {
    open("overview");
    awaitElement("#chaos-add");
    driver.findElement(By.cssSelector("#chaos-preset option[value='error']")).click();
    WebElement param = driver.findElement(By.id("chaos-param"));
    param.clear();
    param.sendKeys("503");
    driver.findElement(By.cssSelector("#chaos-api option[value='track']")).click();
    driver.findElement(By.id("chaos-for-requests")).sendKeys("1");
    driver.findElement(By.id("chaos-add")).click();
    WebElement rule = awaitElement("#chaos-rules tr[data-rule]");
    assertThat(rule.getText()).contains("503").contains("track").contains(site());

    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/5", "{\"email\":\"e@example.com\"}");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("X-CIO-Fake-Chaos")).isNotNull();
    assertThat(http.track("PUT", "/api/v1/customers/5", "{\"email\":\"e@example.com\"}").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> driver.findElement(
        By.cssSelector("#chaos-rules tr[data-rule] td:nth-child(5)")).getText().equals("1"));
    browser.screenshot("chaos");
    driver.findElement(By.cssSelector("#chaos-rules tr[data-rule] button")).click();
    awaitText("#chaos-rules", "No chaos rules");
    assertThat(http.admin("GET", "/__cio/chaos", null).json().get("rules")).isEmpty();
    open("requests?status=503");
    awaitText("#request-results", "chaos:");

    // every preset of the page is a rule the admin API takes, as the Chaos builder's are
    open("overview");
    awaitElement("#chaos-add");
    List<String> presets = all("#chaos-preset option").stream().map(o -> o.getAttribute("value")).toList();
    assertThat(presets).containsExactly("latency", "error", "rate_limit", "outage", "fault", "slow_body");
    for (String preset : presets) {
      driver.findElement(By.cssSelector("#chaos-preset option[value='" + preset + "']")).click();
      driver.findElement(By.cssSelector("#chaos-api option[value='pipelines']")).click();
      driver.findElement(By.id("chaos-add")).click(); // the rule is read from the form as the button is clicked
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> all("#chaos-rules tr[data-rule]").size() == presets.size());
    assertThat(http.admin("GET", "/__cio/chaos", null).json().get("rules")).hasSize(presets.size());
  }

  /**
   * A page of another origin that tries what it can against the fake of a developer who has the view open: writes
   * a page may send without asking (no-cors: reset, a chaos rule as text/plain), a JSON write (needs a preflight),
   * reading the admin API, and framing the view to trick clicks on its buttons.
   */
  private static String hostilePage(String fake) {
    return "<!doctype html><html><body><iframe id=\"view\" src=\"" + fake + "/__cio/ui\"></iframe><script>\n"
        + "(async () => {\n"
        + "  const fake = '" + fake + "', out = [];\n"
        + "  const tryIt = async (name, f) => { try { await f(); out.push(name + ':sent'); }"
        + " catch (e) { out.push(name + ':blocked'); } };\n"
        + "  await tryIt('reset', () => fetch(fake + '/__cio/reset', { method: 'POST', mode: 'no-cors' }));\n"
        + "  await tryIt('text-chaos', () => fetch(fake + '/__cio/chaos', { method: 'POST', mode: 'no-cors',"
        + " headers: { 'Content-Type': 'text/plain' }, body: '{\"effect\":{\"type\":\"outage\"}}' }));\n"
        + "  await tryIt('json-chaos', () => fetch(fake + '/__cio/chaos', { method: 'POST',"
        + " headers: { 'Content-Type': 'application/json' }, body: '{\"effect\":{\"type\":\"outage\"}}' }));\n"
        + "  await tryIt('read', async () => { const r = await fetch(fake + '/__cio/workspaces'); await r.text(); });\n"
        + "  document.body.dataset.out = out.join(' ');\n"
        + "})();\n</script></body></html>";
  }

  @Test
  void aHostilePageOfAnotherOriginCanNeitherActNorReadNorFrameTheView() {
    scriptedRun();
    driver.get("http://localhost:" + receiver.getAddress().getPort() + "/hostile");
    String out = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(
        () -> (String) driver.executeScript("return document.body.dataset.out || null"), o -> o != null);
    // the browser lets the simple writes go (the fake refuses them: their Origin is not its own) and blocks the rest
    assertThat(out).contains("json-chaos:blocked").contains("read:blocked");
    assertThat(http.admin("GET", "/__cio/workspaces/" + site() + "/people", null).json().get("count").asInt())
        .isEqualTo(2);
    assertThat(http.admin("GET", "/__cio/chaos", null).json().get("rules")).isEmpty();
    // frame-ancestors 'none': the framed view never loads its script, so it shows no button to click
    driver.switchTo().frame("view");
    try {
      assertThat(driver.findElements(By.id("main"))).isEmpty();
    } finally {
      driver.switchTo().defaultContent();
    }
  }

  @Test
  void theClockAdvancesAndTheWorkspaceResetsFromThePage() {
    scriptedRun();
    open("overview");
    awaitText("#count-people .n", "2");
    WebElement seconds = driver.findElement(By.id("advance-seconds"));
    seconds.clear();
    seconds.sendKeys("90");
    long before = http.admin("GET", "/__cio/clock", null).json().get("advanced_ms").asLong();
    driver.findElement(By.id("advance-clock")).click();
    awaitText("#notice", "clock advanced");
    assertThat(http.admin("GET", "/__cio/clock", null).json().get("advanced_ms").asLong() - before).isEqualTo(90_000);
    awaitText("#clock", "s)");
    driver.findElement(By.id("reset-workspace")).click();
    driver.switchTo().alert().accept();
    awaitText("#count-people .n", "0");
    assertThat(http.admin("GET", "/__cio/workspaces/" + site() + "/people", null).json().get("count").asInt()).isZero();
  }
}
