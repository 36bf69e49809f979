package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.internal.check.LatencyCheck;
import dev.ciofake.scenarios.internal.check.RunData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyCheckTest {
  private static Scenario.Latency latency(long maxMs, double percentile) {
    return new Scenario.Latency(maxMs, percentile, new Scenario.Call("POST", "/purchase",
        JsonNodeFactory.instance.objectNode(), Map.of(), 10_000), 250, 0, 3);
  }

  @Test
  void passesWhenEveryProbeIsUnderTheBound() {
    RunData run = new Observed().probe(0, 12, 202).probe(250, 30, 202).probe(500, 18, 202).run();

    CheckResult r = new LatencyCheck(latency(300, 100)).evaluate(run);

    assertThat(r.passed()).isTrue();
    assertThat(r.summary()).isEqualTo("max 30 ms <= 300 ms bound over 3 probes of POST /purchase (p50 18 ms, "
        + "max 30 ms)");
  }

  @Test
  void failsWhenTheSutWaitsForCustomerIoAndShowsTheSlowestProbes() {
    RunData run = new Observed().probe(0, 12, 201).probe(250, 1510, 201).probe(500, 1530, 502).run();

    CheckResult r = new LatencyCheck(latency(300, 100)).evaluate(run);

    assertThat(r.passed()).isFalse();
    assertThat(r.summary()).isEqualTo("max 1530 ms > 300 ms bound over 3 probes of POST /purchase (p50 1510 ms, "
        + "max 1530 ms, 1 failed): the SUT waits for Customer.io on its request path");
    assertThat(r.details()).first().isEqualTo("probe at +0.50 s: 1530 ms, status 502");
  }

  @Test
  void aPercentileForgivesTheRareSlowProbe() {
    Observed o = new Observed();
    for (int i = 0; i < 19; i++) {
      o.probe(i * 100L, 20, 200);
    }
    RunData run = o.probe(2000, 900, 200).run();

    assertThat(new LatencyCheck(latency(100, 95)).evaluate(run).passed()).isTrue();
    assertThat(new LatencyCheck(latency(100, 100)).evaluate(run).passed()).isFalse();
  }

  @Test
  void failsWithoutSamples() {
    CheckResult r = new LatencyCheck(latency(300, 100)).evaluate(new Observed().run());

    assertThat(r.passed()).isFalse();
    assertThat(r.summary()).isEqualTo("no probe of POST /purchase was timed");
  }
}
