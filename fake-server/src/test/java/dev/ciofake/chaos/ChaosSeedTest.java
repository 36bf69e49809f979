package dev.ciofake.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.testing.FakeHttp;
import org.junit.jupiter.api.Test;

/**
 * Seeded probabilistic rules replay: two fresh fakes given the same seed and the same requests fail the same
 * requests; another seed fails others. Fresh fakes, because the draws follow the order of requests since start.
 */
class ChaosSeedTest {
  private static final int REQUESTS = 40;
  private static final String RULE = "{\"match\":{\"api\":\"track\",\"probability\":0.5},"
      + "\"effect\":{\"type\":\"error\",\"status\":503}%s}";

  /** The fire (1) / no fire (0) sequence of {@code REQUESTS} identical requests against a fresh fake. */
  private static String sequence(CioFakeOptions options, String rule) {
    try (CioFakeServer server = CioFakeServer.start(options)) {
      FakeHttp http = new FakeHttp(server);
      if (rule != null) {
        ChaosTestBase.addRule(http, rule);
      }
      StringBuilder seq = new StringBuilder();
      for (int i = 0; i < REQUESTS; i++) {
        int status = http.track("GET", "/api/v1/accounts/region", null).status();
        assertThat(status).isIn(200, 503);
        seq.append(status == 503 ? '1' : '0');
      }
      long fired = seq.chars().filter(c -> c == '1').count();
      String rules = http.admin("GET", "/__cio/chaos", null).json().get("rules").get(0).toString();
      assertThat(rules).contains("\"matched\":" + REQUESTS).contains("\"fired\":" + fired);
      assertThat(ChaosTestBase.journal(http).stream().filter(e -> !e.get("injected_fault").isNull()).count())
          .as("every failure is marked in the journal").isEqualTo(fired);
      return seq.toString();
    }
  }

  private static CioFakeOptions options() {
    return CioFakeOptions.builder().rateLimits(false).build();
  }

  @Test
  void theSameSeedGivesTheSameSequenceAndAnotherSeedAnother() {
    String first = sequence(options(), RULE.formatted(",\"seed\":42"));
    String again = sequence(options(), RULE.formatted(",\"seed\":42"));
    String other = sequence(options(), RULE.formatted(",\"seed\":43"));

    assertThat(again).as("replayed with seed 42").isEqualTo(first);
    assertThat(other).as("seed 43").isNotEqualTo(first);
    // probability 0.5: both outcomes occur in 40 draws (seeded, so this is not flaky)
    assertThat(first).contains("0").contains("1");
    assertThat(other).contains("0").contains("1");
  }

  @Test
  void theBaseSeedOfTheOptionsReplaysRulesWithoutASeed() {
    String first = sequence(CioFakeOptions.builder().rateLimits(false).chaosSeed(7)
        .chaosRules(RULE.formatted("")).build(), null);
    String again = sequence(CioFakeOptions.builder().rateLimits(false).chaosSeed(7)
        .chaosRules(RULE.formatted("")).build(), null);
    String other = sequence(CioFakeOptions.builder().rateLimits(false).chaosSeed(8)
        .chaosRules(RULE.formatted("")).build(), null);

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void theSeedOfARuleSetReplaysToo() {
    String rules = "{\"seed\":99,\"rules\":[" + RULE.formatted("") + "]}";
    String first = sequence(options(), rules);
    String again = sequence(options(), rules);

    assertThat(again).isEqualTo(first);
    assertThat(first).isNotEqualTo(sequence(options(), RULE.formatted(",\"seed\":0")));
  }
}
