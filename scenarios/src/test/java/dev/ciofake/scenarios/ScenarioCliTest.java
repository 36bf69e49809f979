package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.cli.CioFakeMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cio-fake scenario ...} through the real command line of the jar ({@link CioFakeMain}), which finds the
 * subcommand with ServiceLoader: exit codes, messages, and the split of scenario files from the SUT command at
 * {@code --}.
 */
class ScenarioCliTest {
  @TempDir
  Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = CioFakeMain.commandLine(new CioFakeMain());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path file(String name, String yaml) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void theFakesCommandLineGainsTheScenarioSubcommandAndKeepsItsOwnOptions() {
    Run help = run("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: cio-fake", "--port", "--chaos-file", "Commands:", "scenario");
    Run sub = run("scenario", "--help");
    assertThat(sub.exitCode()).isZero();
    assertThat(sub.out()).contains("Usage: cio-fake scenario", "run", "validate", "schema", "list");
    assertThat(run("scenario", "run", "--help").out()).contains("--report-dir", "--sut-url", "and the SUT command",
        "--parallel=N", "Runs up to N scenarios at once", "without ${PORT}");
    assertThat(run("scenario").exitCode()).as("no subcommand: usage, exit 2").isEqualTo(2);
  }

  @Test
  void aBadScenarioFileExitsWith2AndSaysWhereWithoutAStackTrace() throws Exception {
    Path bad = file("bad.yaml", """
        name: bad
        duration_seconds: 2
        expect:
          no_data_lost: {apis: [track, crm]}
        """);

    Run r = run("scenario", "run", "--report-dir", dir.resolve("reports").toString(), bad.toString(), "--", "node",
        "server.js");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().trim()).isEqualTo(bad + ":4:32: expect.no_data_lost.apis[1] must be one of track, app, pipelines, got "
        + "'crm'");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(dir.resolve("reports")).as("nothing ran").doesNotExist();
  }

  @Test
  void everyBadFileIsReportedBeforeAnythingRuns() throws Exception {
    Path a = file("a.yaml", "name: a\nduration_seconds: 2\nexpect: {pitfals: {}}\n");
    Path b = file("b.yaml", "name: b\nduration_seconds: [2\n");

    Run r = run("scenario", "validate", a.toString(), b.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(a + ":3:10: expect: unknown key 'pitfals' (did you mean 'pitfalls'?)",
        b + ":3:1: not valid YAML: while parsing a flow sequence (opened at line 2, column 19) expected ',' or ']', "
            + "but got <stream end>");
  }

  @Test
  void validateSchemaAndListHelpAnEditorAndACheckoutFreeRun() throws Exception {
    Path ok = file("ok.yaml", "name: ok\nduration_seconds: 2\nexpect: {pitfalls: {}}\n");

    Run validate = run("scenario", "validate", ok.toString());
    assertThat(validate.exitCode()).isZero();
    assertThat(validate.out()).contains("ok " + ok + ": ok (0 timeline item(s), 0 workload stream(s))");

    Run schema = run("scenario", "schema");
    assertThat(schema.exitCode()).isZero();
    assertThat(new ObjectMapper().readTree(schema.out()).get("title").asText()).isEqualTo("cio-fake scenario");

    Run list = run("scenario", "list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out().lines()).hasSize(8).anyMatch(l -> l.matches("slow-api {2,}Customer\\.io answers.*"));
    assertThat(list.out().lines().map(l -> l.replaceFirst("^\\S+ +", "").length() == l.length() ? -1
        : l.length() - l.replaceFirst("^\\S+ +", "").length()).distinct()).as("descriptions in one column")
        .hasSize(1);

    Run typo = run("scenario", "run", "slow-apj", "--", "node", "server.js");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("slow-apj").contains("did you mean 'slow-api'?");
  }

  @Test
  void whatFollowsTheDoubleDashIsTheSutCommand() throws Exception {
    Path quick = file("quick.yaml", "name: quick\nduration_seconds: 1\nsut: {start_timeout_seconds: 10}\n"
        + "expect: {pitfalls: {}}\n");
    String java = ProcessHandle.current().info().command().orElse("java");
    Path reports = dir.resolve("reports");

    Run r = run("scenario", "run", "--progress", "plain", "--report-dir", reports.toString(), quick.toString(), "--",
        java, "-version", "--report-dir", "not-ours");

    assertThat(r.exitCode()).as("a SUT that never got ready is a set-up error, 3, not a failed expectation, 1: "
        + r.out() + r.err()).isEqualTo(3);
    JsonNode json = new ObjectMapper().readTree(reports.resolve("scenario-report.json").toFile());
    assertThat(json.at("/scenarios/0/sut/command").toString()).isEqualTo(
        new ObjectMapper().writeValueAsString(List.of(java, "-version", "--report-dir", "not-ours")));
    assertThat(json.at("/scenarios/0/error").asText()).startsWith("the SUT exited with code");
    assertThat(r.out()).contains("  ERROR [1/1] quick");
  }

  @Test
  void aPassingRunExitsWith0AndBadOptionsWith2() throws Exception {
    Path s = file("pass.yaml", """
        name: pass
        duration_seconds: 0.6
        settle_seconds: 4
        workload:
          - {count: 2, every_ms: 100, request: {path: /signup, body: {id: "c${n}", email: "c${n}@example.com"}}}
        expect: {pitfalls: {}, no_data_lost: {}}
        """);
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (JavaSut sut = new JavaSut(JavaSut.Behaviour.GOOD, "http://127.0.0.1:" + port + "/api/v1", "cio-fake-site",
        "cio-fake-track-key", "x")) {
      Run r = run("scenario", "run", "--report-dir", dir.resolve("r").toString(), "--sut-url", sut.url(), "--port",
          String.valueOf(port), "--seed", "3", s.toString());

      assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("  PASS  [1/1] pass", "cio-fake scenarios: 1 passed, 0 failed (of 1)");
    }
    assertThat(run("scenario", "run", "--progress", "loud", s.toString()).err()).contains(
        "--progress takes auto, live, plain or quiet, got 'loud'");
    Run zero = run("scenario", "run", "--parallel", "0", s.toString(), "--", "node");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("--parallel takes a number of scenarios, 1 or more, got 0");
    assertThat(run("scenario", "run", "--", "node").exitCode()).isEqualTo(2);
    assertThat(run("scenario", "run", "--", "node").err()).contains("give at least one scenario file");
  }
}
