package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.internal.run.ScenarioReports;
import dev.ciofake.scenarios.run.ScenarioResult;
import dev.ciofake.scenarios.run.ScenarioRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The runner end to end against a small Java SUT in this JVM (no Node needed): a good integration passes every
 * expectation, a blocking one without retries or webhook handling fails each for its reason, and the three reports
 * say so.
 */
@ResourceLock(TimedRuns.LOCK) // real-time timelines with timing checks: one such class at a time
class ScenarioRunnerTest {
  private static final String SCENARIO = """
      name: java-sut
      description: Track refuses the first three signups (503, whenever they come), a bounce, then a slow Track, against the Java SUT.
      duration_seconds: 1.6
      settle_seconds: 5
      workspace:
        people: [{id: p1, email: p1@example.com}]
        webhook: {path: /hooks, secret: test-secret}
        settings: {delivery_problem_grace_seconds: 1}
      timeline:
        - from: 0
          chaos: {match: {api: track, path: "/api/v1/customers/u*", for_requests: 3},
                  effect: {type: outage, retry_after: 1}}
        - at: 0.2
          deliver: {metric: bounced, person: p1}
        - from: 0.7
          to: 1.4
          chaos: {match: {api: track}, effect: {type: latency, fixed_ms: 400}}
      workload:
        - {at: 0, count: 6, every_ms: 100, request: {path: /signup, body: {id: "u${n}", email: "u${n}@example.com"}}}
      expect:
        pitfalls: {}
        no_data_lost: {}
        failures_retried: {}
        suppressed: {within_seconds: 2}
        latency: {max_ms: 350, probe: {path: /signup, body: {id: "probe${n}", email: "probe${n}@example.com"}},
                  every_ms: 200, from: 0.8, to: 1.3}
      """;

  @TempDir
  Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private List<ScenarioResult> runAgainst(JavaSut.Behaviour behaviour, StringWriter out) throws Exception {
    Scenario scenario = ScenarioParser.parse("java-sut.yaml", SCENARIO, null);
    int fakePort = freePort();
    try (JavaSut sut = new JavaSut(behaviour, "http://127.0.0.1:" + fakePort + "/api/v1", "cio-fake-site",
        "cio-fake-track-key", "test-secret")) {
      ScenarioRunner runner = new ScenarioRunner(new ScenarioRunner.Options(dir, List.of(), sut.url(), fakePort, null,
          new PrintWriter(out, true), ScenarioRunner.Progress.PLAIN));
      return runner.runAll(List.of(scenario));
    }
  }

  @Test
  void aGoodIntegrationPassesEveryExpectationAndTheReportsSaySo() throws Exception {
    StringWriter out = new StringWriter();

    ScenarioResult r = runAgainst(JavaSut.Behaviour.GOOD, out).get(0);

    assertThat(r.error()).isNull();
    assertThat(r.checks()).extracting(CheckResult::expectation).containsExactly("pitfalls", "no_data_lost",
        "failures_retried", "suppressed", "latency");
    assertThat(r.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.expectation() + ": " + c.summary()
        + String.join("\n", c.details())).isTrue());
    assertThat(r.passed()).isTrue();
    assertThat(r.timeline()).anyMatch(l -> l.contains("deliver bounced for p1"));
    assertThat(out.toString()).contains("  ....  [1/1] java-sut: running (1.6 s timeline, up to 5 s to settle)",
        "  PASS  [1/1] java-sut (", "5/5 expectations held", "cio-fake scenarios: 1 passed, 0 failed (of 1)");

    JsonNode json = new ObjectMapper().readTree(dir.resolve(ScenarioReports.JSON).toFile());
    assertThat(json.get("passed").asBoolean()).isTrue();
    assertThat(json.at("/scenarios/0/expectations").size()).isEqualTo(5);
    assertThat(json.at("/scenarios/0/files/journal").asText()).isEqualTo("java-sut/journal.json");
    assertThat(dir.resolve("java-sut/journal.json")).exists();
    assertThat(dir.resolve("java-sut/cio-fake-report.html")).exists();
    assertThat(Files.readString(dir.resolve("java-sut/cio-fake-report.html"))).doesNotContain("scenario-verdict");
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(dir.resolve(ScenarioReports.XML).toFile());
    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(5);
    assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
    assertThat(Files.readString(dir.resolve(ScenarioReports.HTML))).contains("1 of 1 passed", "java-sut");
  }

  @Test
  void aBlockingIntegrationWithoutRetriesOrWebhooksFailsEachExpectationForItsReason() throws Exception {
    StringWriter out = new StringWriter();

    ScenarioResult r = runAgainst(JavaSut.Behaviour.BLOCKING_NO_RETRIES_NO_WEBHOOKS, out).get(0);

    assertThat(r.passed()).isFalse();
    assertThat(r.error()).isNull();
    assertThat(r.failures()).extracting(CheckResult::expectation).containsExactly("pitfalls", "no_data_lost",
        "failures_retried", "suppressed", "latency");
    assertThat(r.failures().get(0).summary()).contains("ignored-bounce");
    assertThat(r.failures().get(2).summary()).contains("503 (injected r1: outage 503 (Retry-After 1))");
    assertThat(r.failures().get(3).details()).anyMatch(d -> d.startsWith("bounced p1@example.com") && d.endsWith(
        "never suppressed"));
    assertThat(r.failures().get(4).summary()).contains("the SUT waits for Customer.io on its request path");
    assertThat(out.toString()).contains("  FAIL  [1/1] java-sut", "failures_retried: ", "cio-fake scenarios: 0 passed, "
        + "1 failed (of 1)");

    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(dir.resolve(ScenarioReports.XML).toFile());
    assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(5);
    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("5");
    String html = Files.readString(dir.resolve(ScenarioReports.HTML));
    assertThat(html).contains("0 of 1 passed", "never suppressed");
    // the fake's own page in the scenario's folder scores pitfalls only: it says first that the scenario failed
    String fakePage = Files.readString(dir.resolve("java-sut/cio-fake-report.html"));
    assertThat(fakePage).contains("id=\"scenario-verdict\"", "Scenario java-sut FAILED", "5 of 5 expectation(s)",
        "<strong>no_data_lost</strong>");
    assertThat(fakePage.indexOf("scenario-verdict")).isLessThan(fakePage.indexOf("overall-score"));
  }

  @Test
  void aSutThatNeverBecomesReadyIsAnErrorWithItsOutput() throws Exception {
    Scenario scenario = ScenarioParser.parse("quick.yaml", """
        name: quick
        duration_seconds: 1
        sut: {start_timeout_seconds: 10}
        expect: {pitfalls: {}}
        """, null);
    String java = ProcessHandle.current().info().command().orElse("java");
    StringWriter out = new StringWriter();
    ScenarioRunner runner = new ScenarioRunner(new ScenarioRunner.Options(dir, List.of(java, "-version"), null, null,
        null, new PrintWriter(out, true), ScenarioRunner.Progress.QUIET));

    ScenarioResult r = runner.runAll(List.of(scenario)).get(0);

    assertThat(r.passed()).isFalse();
    assertThat(r.error()).startsWith("the SUT exited with code 0 before it was ready; last output:")
        .containsIgnoringCase("version");
    assertThat(r.sut().command()).containsExactly(java, "-version");
    assertThat(out.toString()).contains("  ERROR [1/1] quick", "the SUT exited with code 0");
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(dir.resolve(ScenarioReports.XML).toFile());
    assertThat(xml.getElementsByTagName("error").getLength()).isEqualTo(1);
  }

  @Test
  void aTimelineEventTheFakeRefusesFailsTheScenarioWithItsReason() throws Exception {
    Scenario scenario = ScenarioParser.parse("ghost.yaml", """
        name: ghost
        duration_seconds: 0.5
        settle_seconds: 0
        workspace: {webhook: {path: /hooks, secret: test-secret}}
        timeline:
          - at: 0.1
            deliver: {metric: bounced, person: nobody}
        expect: {pitfalls: {}}
        """, null);
    int fakePort = freePort();
    try (JavaSut sut = new JavaSut(JavaSut.Behaviour.GOOD, "http://127.0.0.1:" + fakePort + "/api/v1",
        "cio-fake-site", "cio-fake-track-key", "test-secret")) {
      ScenarioRunner runner = new ScenarioRunner(new ScenarioRunner.Options(dir, List.of(), sut.url(), fakePort, null,
          new PrintWriter(new StringWriter(), true), ScenarioRunner.Progress.QUIET));

      ScenarioResult r = runner.runAll(List.of(scenario)).get(0);

      assertThat(r.passed()).isFalse();
      assertThat(r.error()).isEqualTo("timeline event at 0.1 s (deliver bounced for nobody) failed: no person nobody "
          + "in workspace cio-fake-site");
      assertThat(r.checks()).singleElement().satisfies(c -> assertThat(c.passed()).isTrue());
    }
  }

  /** A SUT process for the parallel runs: Java's source launcher runs it; every path answers 200 on {@code PORT}. */
  private static final String SUT_SOURCE = """
      import com.sun.net.httpserver.HttpServer;
      import java.net.InetAddress;
      import java.net.InetSocketAddress;

      public class Sut {
        public static void main(String[] args) throws Exception {
          HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
              Integer.parseInt(System.getenv("PORT"))), 0);
          s.createContext("/", ex -> {
            byte[] ok = "{}".getBytes();
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
          });
          s.start();
        }
      }
      """;

  private static Scenario quiet(String name) throws Exception {
    return ScenarioParser.parse(name + ".yaml", "name: " + name + "\nduration_seconds: 0.5\nsettle_seconds: 0\n"
        + "sut: {start_timeout_seconds: 60}\nexpect: {pitfalls: {}}\n", null);
  }

  private static boolean overlap(ScenarioResult a, ScenarioResult b) {
    return a.startedAtMillis() < b.startedAtMillis() + b.durationMillis()
        && b.startedAtMillis() < a.startedAtMillis() + a.durationMillis();
  }

  @Test
  void parallelRunsScenariosAtOnceEachWithItsOwnSutAndReportsThemInOrder() throws Exception {
    Path source = Files.writeString(dir.resolve("Sut.java"), SUT_SOURCE);
    String java = ProcessHandle.current().info().command().orElse("java");
    StringWriter out = new StringWriter();
    ScenarioRunner runner = new ScenarioRunner(new ScenarioRunner.Options(dir.resolve("reports"),
        List.of(java, "-XX:TieredStopAtLevel=1", source.toString()), null, null, null, new PrintWriter(out, true),
        ScenarioRunner.Progress.LIVE, 2));

    List<ScenarioResult> results = runner.runAll(List.of(quiet("a"), quiet("b"), quiet("c")));

    assertThat(results).extracting(ScenarioResult::id).containsExactly("a", "b", "c");
    assertThat(results).allSatisfy(r -> assertThat(r.passed()).as("%s: %s", r.id(), r.error()).isTrue());
    assertThat(results.stream().map(r -> r.sut().url()).distinct()).as("a SUT of its own each").hasSize(3);
    ScenarioResult a = results.get(0);
    ScenarioResult b = results.get(1);
    ScenarioResult c = results.get(2);
    assertThat(overlap(a, b)).as("a and b ran at the same time: %s %s", a, b).isTrue();
    assertThat(c.startedAtMillis()).as("c waited for a place: two at a time")
        .isGreaterThanOrEqualTo(Math.min(a.startedAtMillis() + a.durationMillis(),
            b.startedAtMillis() + b.durationMillis()));
    JsonNode json = new ObjectMapper().readTree(dir.resolve("reports").resolve(ScenarioReports.JSON).toFile());
    List<String> reported = new java.util.ArrayList<>();
    json.get("scenarios").forEach(n -> reported.add(n.get("name").asText()));
    assertThat(reported).containsExactly("a", "b", "c");
    assertThat(out.toString()).as("live progress shows as plain lines when scenarios run at once")
        .contains("  ....  [1/3] a: running", "  ....  [2/3] b: running", "  PASS  [3/3] c (")
        .doesNotContain("\r");
  }

  @Test
  void scenariosThatShareTheSutUrlAndPortRunOneAtATimeEvenInParallel() throws Exception {
    int fakePort = freePort();
    try (JavaSut sut = new JavaSut(JavaSut.Behaviour.GOOD, "http://127.0.0.1:" + fakePort + "/api/v1",
        "cio-fake-site", "cio-fake-track-key", "test-secret")) {
      ScenarioRunner runner = new ScenarioRunner(new ScenarioRunner.Options(dir, List.of(), sut.url(), fakePort, null,
          new PrintWriter(new StringWriter(), true), ScenarioRunner.Progress.QUIET, 2));

      List<ScenarioResult> results = runner.runAll(List.of(quiet("first"), quiet("second")));

      assertThat(results).extracting(ScenarioResult::id).containsExactly("first", "second");
      assertThat(results).allSatisfy(r -> assertThat(r.passed()).as("%s: %s", r.id(), r.error()).isTrue());
      assertThat(overlap(results.get(0), results.get(1))).as("one SUT, one port: never at once").isFalse();
    }
  }

  @Test
  void parallelIsAtLeastOne() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ScenarioRunner.Options(dir, List.of(), null, null,
        null, new PrintWriter(new StringWriter(), true), ScenarioRunner.Progress.QUIET, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallel must be at least 1, got 0");
  }

  @Test
  void withoutACommandOrUrlTheRunnerSaysHowToGiveOne() throws Exception {
    Scenario scenario = ScenarioParser.parse("none.yaml", "name: none\nduration_seconds: 1\nexpect: {pitfalls: {}}\n",
        null);
    ScenarioRunner runner = new ScenarioRunner(new ScenarioRunner.Options(dir, List.of(), null, null, null,
        new PrintWriter(new StringWriter(), true), ScenarioRunner.Progress.QUIET));

    ScenarioResult r = runner.run(scenario, "none", "[1/1] none");

    assertThat(r.passed()).isFalse();
    assertThat(r.error()).startsWith("no system under test: give `-- <command...>` or --sut-url");
  }
}
