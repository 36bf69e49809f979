package dev.ciofake.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.cli.CioFakeMain;
import dev.ciofake.testing.FakeHttp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Chaos rules given at start: the options (JSON or YAML), {@link CioFakeServer#addChaos}, and the CLI's errors. */
class ChaosOptionsTest {
  private static final String YAML = String.join("\n",
      "seed: 3",
      "rules:",
      "  - match: {api: track, method: PUT, for_requests: 1}",
      "    effect: {type: error, status: 503, retry_after: 2}",
      "  - match:",
      "      api: app",
      "    effect:",
      "      type: rate_limit",
      "");

  @Test
  void yamlRulesFromTheOptionsApplyBeforeTheFirstRequest() {
    try (CioFakeServer server = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false).chaosRules(YAML)
        .build())) {
      FakeHttp http = new FakeHttp(server);

      FakeHttp.Response first = http.track("PUT", "/api/v1/customers/o1", "{\"email\":\"o1@example.com\"}");

      assertThat(first.status()).as("the very first request meets the rule").isEqualTo(503);
      assertThat(first.header("Retry-After")).isEqualTo("2");
      assertThat(http.app("GET", "/v1/customers/o1/attributes", null).status()).isEqualTo(429);
      JsonNode rules = http.admin("GET", "/__cio/chaos", null).json().get("rules");
      assertThat(rules).hasSize(2);
      assertThat(rules.get(0).get("seed").asLong()).isEqualTo(3);
      assertThat(rules.get(1).get("seed").asLong()).isEqualTo(4);
      assertThat(rules.get(0).get("fired").asLong()).isEqualTo(1);
    }
  }

  @Test
  void jsonRulesFromTheOptionsAndTheAdminApiAddUp() {
    try (CioFakeServer server = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false)
        .chaosRules("{\"match\":{\"api\":\"app\"},\"effect\":{\"type\":\"error\",\"status\":502}}").build())) {
      FakeHttp http = new FakeHttp(server);
      assertThat(http.admin("POST", "/__cio/chaos", "{\"match\":{\"api\":\"track\"},\"effect\":{\"type\":\"outage\"}}")
          .status()).isEqualTo(201);

      assertThat(http.app("GET", "/v1/customers/o2/attributes", null).status()).isEqualTo(502);
      assertThat(http.track("GET", "/api/v1/accounts/region", null).status()).isEqualTo(503);
      assertThat(server.options().chaosRules()).hasSize(1);
    }
  }

  @Test
  void aBadYamlRuleIsRefusedWithAClearMessage() {
    assertThatThrownBy(() -> CioFakeOptions.builder()
        .chaosRules("match: {api: track}\neffect: {type: error, status: 418}\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad chaos rule: effect.status must be 500, 502, 503 or 504, got 418");
  }

  @Test
  void aBadRuleInAListNamesItsIndex() {
    assertThatThrownBy(() -> CioFakeOptions.builder()
        .chaosRules("- effect: {type: outage}\n- match: {probability: 2}\n  effect: {type: outage}\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad chaos rule: rule 1: match.probability must be in (0, 1]");
  }

  @Test
  void aDocumentThatIsNotYamlIsRefusedByTheBuilder() {
    assertThatThrownBy(() -> CioFakeOptions.builder().chaosRules("effect: [unclosed"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not valid JSON or YAML");
  }

  @Test
  void aBadRuleInTheOptionsIsRefusedWhenTheOptionsAreBuiltNamingTheField() {
    assertThatThrownBy(() -> CioFakeOptions.builder().chaosRules("effect: {type: latency, min_ms: 9, max_ms: 3}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad chaos rule")
        .hasMessageContaining("effect.max_ms");
  }

  /** One in-process CLI run that is expected to fail before serving. */
  private record Run(int exitCode, String err) {}

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = CioFakeMain.commandLine(new CioFakeMain());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), err.toString());
  }

  @Test
  void theCliRefusesABadChaosRuleWithExitCode2() {
    Run r = cli("--port", "0", "--chaos", "{\"effect\":{\"type\":\"error\",\"status\":404}}");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("bad chaos rule: effect.status must be 500, 502, 503 or 504, got 404");
  }

  @Test
  void theCliRefusesABadChaosFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("chaos.yaml");
    Files.writeString(file, "rules:\n  - effect: {type: fault, fault: meltdown}\n");

    Run bad = cli("--port", "0", "--chaos-file", file.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("bad chaos rule: rule 0: effect.fault must be connection_reset");

    Run missing = cli("--port", "0", "--chaos-file", dir.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read --chaos-file");
  }
}
