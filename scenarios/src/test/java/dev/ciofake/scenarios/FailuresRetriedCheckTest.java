package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.internal.check.FailuresRetriedCheck;
import dev.ciofake.scenarios.internal.check.RunData;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailuresRetriedCheckTest {
  private static final FailuresRetriedCheck CHECK = new FailuresRetriedCheck(new Scenario.FailuresRetried(true, 1));

  @Test
  void passesWhenEveryInjectedFailureWasSentAgainAndAccepted() {
    RunData run = new Observed()
        .request(0, "PUT", "/api/v1/customers/1", "identify", 503, "r1: outage 503", "{\"a\":1,\"b\":2}")
        .request(100, "PUT", "/api/v1/customers/1", "identify", 500, "r2: fault connection_reset", null)
        .request(150, "PUT", "/api/v1/customers/1", "identify", 503, "r1: outage 503", "{\"b\":2,\"a\":1}")
        .request(1200, "PUT", "/api/v1/customers/1", "identify", 200, null, "{\"b\":2,\"a\":1}")
        .request(1300, "PUT", "/api/v1/customers/1", "identify", 200, null, null)
        .run();

    CheckResult r = CHECK.evaluate(run);

    assertThat(r.passed()).as(r.summary()).isTrue();
    assertThat(r.summary()).isEqualTo("all 3 failed requests were retried and accepted");
  }

  @Test
  void failsForAFailureThatWasNeverRetriedAndNamesIt() {
    RunData run = new Observed()
        .request(0, "PUT", "/api/v1/customers/1", "identify", 200, null, "{\"a\":1}")
        .request(500, "PUT", "/api/v1/customers/1", "identify", 503, "r1: outage 503", "{\"a\":1}")
        .request(600, "POST", "/api/v1/customers/1/events", "track", 429, null, "{\"name\":\"x\",\"id\":\"E\"}")
        .run();

    CheckResult r = CHECK.evaluate(run);

    assertThat(r.passed()).isFalse();
    assertThat(r.summary()).isEqualTo("2 of 2 failed requests were not retried successfully (first: 503 (injected "
        + "r1: outage 503))");
    assertThat(r.details()).containsExactly(
        "PUT /api/v1/customers/1 {\"a\":1} at +0.50 s got 503 (injected r1: outage 503), and was never sent again "
            + "successfully",
        "POST /api/v1/customers/1/events {\"id\":\"E\",\"name\":\"x\"} at +0.60 s got 429, and was never sent again "
            + "successfully");
  }

  @Test
  void rateLimiterRejectionsCanBeLeftOutAndAClientErrorIsNotAFailureToRetry() {
    RunData run = new Observed()
        .request(0, "POST", "/api/v1/customers/1/events", "track", 429, null, "{\"name\":\"x\"}")
        .request(10, "POST", "/api/v1/customers/1/events", "track", 400, null, "{\"name\":\"y\"}")
        .request(20, "POST", "/api/v1/customers/1/events", "track", 503, "r1: outage 503", "{\"name\":\"z\"}")
        .request(30, "POST", "/api/v1/customers/1/events", "track", 200, null, "{\"name\":\"z\"}")
        .run();

    CheckResult r = new FailuresRetriedCheck(new Scenario.FailuresRetried(false, 1)).evaluate(run);

    assertThat(r.passed()).as(r.summary()).isTrue();
    assertThat(r.summary()).isEqualTo("the 1 failed request was retried and accepted");
  }

  @Test
  void failsWhenTheChaosDidNotHitTheSutsTraffic() {
    RunData run = new Observed().request(0, "PUT", "/api/v1/customers/1", "identify", 200, null, "{}").run();

    CheckResult r = CHECK.evaluate(run);

    assertThat(r.passed()).isFalse();
    assertThat(r.summary()).startsWith("only 0 request(s) failed, fewer than min_failures 1");
    assertThat(new FailuresRetriedCheck(new Scenario.FailuresRetried(true, 0)).evaluate(run).passed()).isTrue();
  }

  @Test
  void anInjectedLatencyIsNotAFailure() {
    RunData run = new Observed()
        .request(0, "PUT", "/api/v1/customers/1", "identify", 200, "r1: latency 800 ms", "{}")
        .run();

    assertThat(new FailuresRetriedCheck(new Scenario.FailuresRetried(true, 0)).evaluate(run).summary())
        .isEqualTo("no request failed, so none needed a retry");
  }

  @Test
  void knowsItsName() {
    assertThat(CHECK.name()).isEqualTo("failures_retried");
    assertThat(CHECK.eventual()).isTrue();
    assertThat(List.of(CHECK)).hasSize(1);
  }
}
