package dev.ciofake.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone jar ({@code standalone/target/cio-fake.jar}: the fake, the scenario runner and the audit) as a real
 * process: its help lists both subcommands, without a subcommand it is the fake, and {@code scenario run} works from it
 * with the suites it carries. Run by failsafe in {@code mvn verify}, after {@code package} wrote the jar.
 */
class CompleteJarIT {
  @TempDir
  Path dir;
  private final List<Process> processes = new ArrayList<>();
  private Path jar;

  @BeforeEach
  void requireTheJar() {
    jar = Path.of(System.getProperty("cio-fake.jar", "target/cio-fake.jar"));
    assertThat(jar).as("the standalone jar, which `mvn verify` builds before this test").isRegularFile();
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private Process start(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
        jar.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    processes.add(p);
    return p;
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void itIsTheOnlyJarOfThatNameAndCarriesAllThreeModules() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    try (var files = Files.walk(root, 3)) {
      assertThat(files.filter(f -> f.getFileName().toString().equals("cio-fake.jar"))
          .map(f -> root.relativize(f).toString().replace('\\', '/')).toList())
          .containsExactly("standalone/target/cio-fake.jar");
    }
    try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
      assertThat(zip.getEntry("META-INF/cio-fake/standalone.properties")).isNotNull();
      assertThat(zip.getEntry("dev/ciofake/cli/CioFakeMain.class")).isNotNull();
      assertThat(zip.getEntry("dev/ciofake/scenarios/run/ScenarioRunner.class")).isNotNull();
      assertThat(zip.getEntry("dev/ciofake/audit/Auditor.class")).isNotNull();
      assertThat(new String(zip.getInputStream(zip.getEntry("META-INF/services/dev.ciofake.cli.CioFakeSubcommand"))
          .readAllBytes(), StandardCharsets.UTF_8)).contains("dev.ciofake.scenarios.cli.ScenarioSubcommand",
              "dev.ciofake.audit.AuditSubcommand");
    }
  }

  @Test
  void itsHelpListsTheScenarioAndAuditSubcommands() throws Exception {
    Path log = dir.resolve("help.log");
    Process p = start(log, "--help");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(read(log)).contains("Usage: cio-fake").containsPattern("(?m)^\\s+scenario\\s")
        .containsPattern("(?m)^\\s+audit\\s").contains("CIO_FAKE_PORT");
  }

  @Test
  void withoutASubcommandItIsStillTheFakeAndStopsWithExitCode0() throws Exception {
    Path log = dir.resolve("fake.log");
    Process p = start(log, "--port", "0");

    await().atMost(Duration.ofSeconds(60)).until(() -> read(log).contains("cio-fake workspace site_id="));
    assertThat(read(log)).containsPattern("cio-fake track http://127\\.0\\.0\\.1:\\d+/api/v1");
    p.destroy();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(read(log)).contains("cio-fake stopped");
  }

  @Test
  void aBadScenarioFileExitsWith2WithItsLineAndColumn() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "name: Bad Name\nduration_seconds: 1\nexpect: {pitfalls: {}}\n");
    Path log = dir.resolve("bad.log");

    Process p = start(log, "scenario", "run", "bad.yaml", "--", "node", "server.js");

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(read(log).trim()).startsWith("bad.yaml:1:7: name does not have the expected form").doesNotContain(
        "Exception");
  }

  @Test
  void aShippedSuiteRunsFromTheJarAgainstTheNodeSample() throws Exception {
    Path app = Path.of(System.getProperty("cio-fake.scenarios.dir", ".")).toAbsolutePath()
        .resolve("sample-app");
    Assumptions.assumeTrue(Files.isDirectory(app.resolve("node_modules/customerio-node")),
        "the Node sample is not installed (npm ci in " + app + "; SampleAppSuitesTest does it)");
    Path log = dir.resolve("run.log");

    Process p = start(log, "scenario", "run", "--progress", "plain", "bad-credentials-and-timestamps", "--", "node",
        app.resolve("server.js").toString());

    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(read(log)).isZero();
    assertThat(read(log)).contains("PASS  [1/1] bad-credentials-and-timestamps");
    JsonNode report = new ObjectMapper().readTree(dir.resolve("scenario-reports/scenario-report.json").toFile());
    assertThat(report.at("/scenarios/0/file").asText()).isEqualTo("shipped:bad-credentials-and-timestamps");
    assertThat(report.get("passed").asBoolean()).isTrue();
  }
}
