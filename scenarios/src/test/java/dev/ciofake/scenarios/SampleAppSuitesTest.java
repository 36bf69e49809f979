package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.internal.run.ScenarioReports;
import dev.ciofake.scenarios.run.ScenarioResult;
import dev.ciofake.scenarios.run.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proof on a real system: every shipped suite against the Node sample ({@code scenarios/sample-app}, the official
 * {@code customerio-node} 5.2.0 client) in both variants. The resilient one passes every suite; the naive one fails
 * each suite for the reason the suite targets, and the reports say so. Both variants run at once, and each runs
 * {@value #PARALLEL} suites at a time (the runner's {@code --parallel}), every suite with its own fake and Node
 * process. Skipped, with the reason, where {@code node} is missing; {@code npm ci} runs first when
 * {@code node_modules} is missing.
 */
@ResourceLock(TimedRuns.LOCK) // real-time timelines with timing checks: one such class at a time
class SampleAppSuitesTest {
  /** Every shipped suite of the Track sample; pipelines-flush has a sample of its own ({@link PipelinesFlushSuiteTest}). */
  static final List<String> SUITES = ScenarioParser.SHIPPED.stream().filter(s -> !s.equals("pipelines-flush")).toList();
  /**
   * Suites of one variant running at once, so {@code 2 * PARALLEL} scenarios (fake and Node process each) at a time:
   * what a 2-core machine sustains with the suites' timing checks (latency bounds, suppression within seconds) still
   * holding, measured with other builds on the machine.
   */
  static final int PARALLEL = 3;
  /**
   * The suites in the order they start: slow-api first, since it times the SUT's very first calls (a probe 0.25 s
   * in, on a SUT that is still cold) and so wants the machine to itself for its first second, which the runner's
   * one-start-at-a-time slot gives the first scenario of the JVM and nearly gives the second.
   */
  static final List<String> RUN_ORDER = java.util.stream.Stream.concat(java.util.stream.Stream.of("slow-api"),
      SUITES.stream().filter(s -> !s.equals("slow-api"))).toList();
  private static final Path SCENARIOS = Path.of(System.getProperty("cio-fake.scenarios.dir", ".")).toAbsolutePath();
  private static final Path APP = SCENARIOS.resolve("sample-app");
  private static final Path REPORTS = Path.of(System.getProperty("cio-fake.scenarios.report-dir",
      "target/scenario-reports"));
  private static final Map<String, Map<String, ScenarioResult>> RESULTS = new LinkedHashMap<>();

  @BeforeAll
  static void runEverySuiteAgainstBothVariants() throws Exception {
    String node = version("node");
    Assumptions.assumeTrue(node != null, "node is not on the PATH: the sample SUT needs Node.js 20+ and npm");
    if (!Files.isDirectory(APP.resolve("node_modules/customerio-node"))) {
      Assumptions.assumeTrue(version("npm") != null, "npm is not on the PATH, and " + APP
          + "/node_modules is missing (run npm ci there)");
      npmCi();
    }
    List<Scenario> suites = new ArrayList<>();
    for (String s : RUN_ORDER) {
      suites.add(ScenarioParser.load(SCENARIOS.resolve("suites").resolve(s + ".yaml").toString()));
    }
    CompletableFuture<List<ScenarioResult>> resilient = CompletableFuture.supplyAsync(() -> run(suites, "resilient"));
    CompletableFuture<List<ScenarioResult>> naive = CompletableFuture.supplyAsync(() -> run(suites, "naive"));
    for (var variant : Map.of("resilient", resilient, "naive", naive).entrySet()) {
      Map<String, ScenarioResult> byName = new LinkedHashMap<>();
      variant.getValue().get(5, TimeUnit.MINUTES).forEach(r -> byName.put(r.id(), r));
      RESULTS.put(variant.getKey(), byName);
    }
  }

  private static List<ScenarioResult> run(List<Scenario> suites, String variant) {
    String nodeBin = "node";
    List<String> command = List.of(nodeBin, APP.resolve("server.js").toString(), "--variant=" + variant);
    PrintWriter out = new PrintWriter(System.out, true);
    try {
      return new ScenarioRunner(new ScenarioRunner.Options(REPORTS.resolve(variant), command, null, null, null, out,
          ScenarioRunner.Progress.PLAIN, PARALLEL)).runAll(suites);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The version a tool prints, or null when it cannot be run. */
  private static String version(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 ? v : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void npmCi() throws Exception {
    Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(APP.toFile())
        .redirectErrorStream(true).start();
    boolean done = p.waitFor(5, TimeUnit.MINUTES);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done || p.exitValue() != 0) {
      p.destroyForcibly();
      Assertions.fail("npm ci in " + APP + " failed (the lock file pins customerio-node 5.2.0):\n" + output);
    }
  }

  @ParameterizedTest(name = "resilient sample passes {0}")
  @FieldSource("SUITES")
  void theResilientSamplePassesEverySuite(String suite) {
    ScenarioResult r = RESULTS.get("resilient").get(suite);

    assertThat(r.error()).as("error of %s", suite).isNull();
    assertThat(r.checks()).isNotEmpty().allSatisfy(c -> assertThat(c.passed())
        .as("%s: %s: %s%n%s", suite, c.expectation(), c.summary(), String.join("\n", c.details())).isTrue());
    assertThat(r.passed()).isTrue();
  }

  static Stream<Arguments> naiveFailures() {
    return Stream.of(
        Arguments.of("rate-limit-burst", List.of("failures_retried", "no_data_lost"), "failures_retried", "429"),
        Arguments.of("outage-and-recovery", List.of("failures_retried", "no_data_lost"), "failures_retried", "503"),
        Arguments.of("slow-api", List.of("latency"), "latency", "the SUT waits for Customer.io"),
        Arguments.of("bounce-handling", List.of("suppressed", "pitfalls"), "pitfalls", "ignored-bounce"),
        Arguments.of("complaint-handling", List.of("suppressed", "pitfalls"), "pitfalls", "ignored-complaint"),
        Arguments.of("bad-credentials-and-timestamps", List.of("pitfalls", "no_data_lost"), "pitfalls",
            "millisecond-timestamp"),
        Arguments.of("everything", List.of("pitfalls", "no_data_lost", "failures_retried", "suppressed", "latency"),
            "latency", "the SUT waits for Customer.io"));
  }

  @ParameterizedTest(name = "naive sample fails {0}: {2}")
  @MethodSource("naiveFailures")
  void theNaiveSampleFailsEachSuiteForTheReasonItTargets(String suite, List<String> failing, String reasonOf,
      String reason) throws Exception {
    ScenarioResult r = RESULTS.get("naive").get(suite);

    assertThat(r.error()).as("error of %s", suite).isNull();
    assertThat(r.passed()).isFalse();
    assertThat(r.failures()).extracting(CheckResult::expectation).as(suite).containsAll(failing);
    if (suite.equals("slow-api")) {
      assertThat(r.failures()).as("only its latency fails: the naive sample loses nothing when Customer.io is "
          + "merely slow").extracting(CheckResult::expectation).containsExactly("latency");
    }
    CheckResult target = r.failures().stream().filter(c -> c.expectation().equals(reasonOf)).findFirst().orElseThrow();
    assertThat(target.summary()).contains(reason);

    JsonNode json = new ObjectMapper().readTree(REPORTS.resolve("naive").resolve(ScenarioReports.JSON).toFile());
    JsonNode scenario = null;
    for (JsonNode s : json.get("scenarios")) {
      if (s.get("name").asText().equals(suite)) {
        scenario = s;
      }
    }
    assertThat(scenario).isNotNull();
    assertThat(scenario.get("passed").asBoolean()).isFalse();
    assertThat(scenario.get("expectations").toString()).contains(reason);
    String xml = Files.readString(REPORTS.resolve("naive").resolve(ScenarioReports.XML));
    assertThat(xml).contains("<testsuite name=\"scenario." + suite + "\"");
    assertThat(xml.substring(xml.indexOf("scenario." + suite))).contains("<failure message=\"");
  }
}
