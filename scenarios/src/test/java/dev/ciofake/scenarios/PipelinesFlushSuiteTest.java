package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.run.ScenarioResult;
import dev.ciofake.scenarios.run.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The shipped {@code pipelines-flush} suite against its sample ({@code scenarios/pipelines-app}, the official
 * {@code @customerio/cdp-analytics-node} client): the variant that awaits {@code closeAndFlush()} on SIGTERM passes,
 * the one that just exits fails {@code no_data_lost} (its calls never reached the fake) and the pitfalls check with
 * {@code unflushed-events}. Both variants run at once. Skipped, with the reason, where {@code node} is missing;
 * {@code npm ci} runs first when {@code node_modules} is missing.
 */
@ResourceLock(TimedRuns.LOCK) // real-time timelines with SUT processes: one such class at a time
class PipelinesFlushSuiteTest {
  private static final Path SCENARIOS = Path.of(System.getProperty("cio-fake.scenarios.dir", ".")).toAbsolutePath();
  private static final Path APP = SCENARIOS.resolve("pipelines-app");
  private static final Path REPORTS = Path.of(System.getProperty("cio-fake.scenarios.report-dir",
      "target/scenario-reports")).resolve("pipelines-flush");
  private static ScenarioResult flushing;
  private static ScenarioResult exiting;

  @BeforeAll
  static void runTheSuiteAgainstBothVariants() throws Exception {
    Assumptions.assumeTrue(runs("node"), "node is not on the PATH: the Pipelines sample needs Node.js 20+");
    if (!Files.isDirectory(APP.resolve("node_modules/@customerio/cdp-analytics-node"))) {
      Assumptions.assumeTrue(runs("npm"), "npm is not on the PATH, and " + APP + "/node_modules is missing");
      Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
          .directory(APP.toFile()).redirectErrorStream(true).start();
      boolean done = p.waitFor(5, TimeUnit.MINUTES);
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!done || p.exitValue() != 0) {
        p.destroyForcibly();
        Assertions.fail("npm ci in " + APP + " failed:\n" + out);
      }
    }
    Scenario suite = ScenarioParser.load(SCENARIOS.resolve("suites/pipelines-flush.yaml").toString());
    CompletableFuture<ScenarioResult> good = CompletableFuture.supplyAsync(() -> run(suite, "resilient"));
    CompletableFuture<ScenarioResult> bad = CompletableFuture.supplyAsync(() -> run(suite, "naive"));
    flushing = good.get(2, TimeUnit.MINUTES);
    exiting = bad.get(2, TimeUnit.MINUTES);
  }

  private static ScenarioResult run(Scenario s, String variant) {
    List<String> command = List.of("node", APP.resolve("server.js").toString(), "--variant=" + variant);
    try {
      return new ScenarioRunner(new ScenarioRunner.Options(REPORTS.resolve(variant), command, null, null, null,
          new PrintWriter(System.out, true), ScenarioRunner.Progress.PLAIN)).runAll(List.of(s)).get(0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean runs(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void anIntegrationThatFlushesOnSigtermKeepsEveryCall() {
    assertThat(flushing.error()).isNull();
    assertThat(flushing.checks()).hasSize(2).allSatisfy(c -> assertThat(c.passed())
        .as("%s: %s%n%s", c.expectation(), c.summary(), String.join("\n", c.details())).isTrue());
    CheckResult lost = flushing.checks().stream().filter(c -> c.expectation().equals("no_data_lost")).findFirst()
        .orElseThrow();
    assertThat(lost.summary()).contains("all 12 distinct writes to pipelines").contains("all 12 queued Pipelines calls");
  }

  @Test
  void anIntegrationThatExitsWithoutFlushingLosesThemAndTheSuiteSaysWhy() {
    assertThat(exiting.error()).isNull();
    assertThat(exiting.passed()).isFalse();
    Map<String, CheckResult> byName = new java.util.HashMap<>();
    exiting.failures().forEach(c -> byName.put(c.expectation(), c));
    assertThat(byName).containsOnlyKeys("no_data_lost", "pitfalls");
    assertThat(byName.get("no_data_lost").summary()).contains("12 of 12 Pipelines calls the workload queued never "
        + "reached the fake").contains("closeAndFlush");
    assertThat(byName.get("pitfalls").summary()).contains("unflushed-events");
  }
}
