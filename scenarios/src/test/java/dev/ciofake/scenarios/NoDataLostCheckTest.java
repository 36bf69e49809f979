package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.internal.check.NoDataLostCheck;
import dev.ciofake.scenarios.internal.check.RunData;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoDataLostCheckTest {
  private static final NoDataLostCheck TRACK = new NoDataLostCheck(new Scenario.NoDataLost(List.of("track")));

  @Test
  void passesWhenEveryDistinctWriteWasAcceptedInTheEnd() {
    RunData run = new Observed()
        .request(0, "PUT", "/api/v1/customers/1", "identify", 503, "r1: outage 503", "{\"email\":\"a@x.io\"}")
        .request(900, "PUT", "/api/v1/customers/1", "identify", 200, null, "{\"email\":\"a@x.io\"}")
        .request(950, "POST", "/api/v1/customers/1/events", "track", 200, null, "{\"name\":\"a\",\"id\":\"E1\"}")
        .request(960, "GET", "/api/v1/accounts/region", "get_region", 500, "r1: outage", null)
        .run();

    CheckResult r = TRACK.evaluate(run);

    assertThat(r.passed()).as(r.summary()).isTrue();
    assertThat(r.summary()).isEqualTo("all 2 distinct writes to track (3 attempts, 1 needed more than one) were "
        + "accepted");
  }

  @Test
  void failsForDataThatWasNeverAcceptedAndSaysWhatItGotLast() {
    RunData run = new Observed()
        .request(0, "PUT", "/api/v1/customers/1", "identify", 200, null, "{\"email\":\"a@x.io\"}")
        .request(100, "POST", "/api/v1/customers/1/events", "track", 503, "r1: outage 503", "{\"name\":\"a\"}")
        .request(200, "POST", "/api/v1/customers/1/events", "track", 400, null, "{\"name\":\"b\",\"timestamp\":1}")
        .run();

    CheckResult r = TRACK.evaluate(run);

    assertThat(r.passed()).isFalse();
    assertThat(r.summary()).startsWith("2 of 3 distinct writes to track").contains("1x injected 503", "1x 400");
    assertThat(r.details()).containsExactly(
        "POST /api/v1/customers/1/events {\"name\":\"a\"}: 1 attempt(s), last at +0.10 s got 503 (injected r1: "
            + "outage 503)",
        "POST /api/v1/customers/1/events {\"name\":\"b\",\"timestamp\":1}: 1 attempt(s), last at +0.20 s got 400");
  }

  @Test
  void anEventRetriedWithItsIdButADifferentBodyIsTheSameData() {
    RunData run = new Observed()
        .request(0, "POST", "/api/v1/customers/1/events", "track", 429, "r1: 429 storm", "{\"name\":\"a\",\"id\":\"E\"}")
        .request(1200, "POST", "/api/v1/customers/1/events", "track", 200, null,
            "{\"name\":\"a\",\"id\":\"E\",\"timestamp\":1700000000}")
        .run();

    assertThat(TRACK.evaluate(run).passed()).isTrue();
  }

  @Test
  void onlyTheChosenApisCount() {
    RunData run = new Observed()
        .request(0, "PUT", "/api/v1/customers/1", "identify", 200, null, "{}")
        .request(10, "POST", "/v1/send/email", "send_email", 401, null, "{\"to\":\"a@x.io\"}")
        .run();

    assertThat(TRACK.evaluate(run).passed()).isTrue();
    CheckResult both = new NoDataLostCheck(new Scenario.NoDataLost(List.of("track", "app"))).evaluate(run);
    assertThat(both.passed()).isFalse();
    assertThat(both.summary()).contains("1x 401");
  }

  @Test
  void failsWhenTheSutSentNothingAtAll() {
    CheckResult r = TRACK.evaluate(new Observed().run());

    assertThat(r.passed()).isFalse();
    assertThat(r.summary()).contains("sent no write to the track API");
  }

  private static final NoDataLostCheck PIPELINES = new NoDataLostCheck(new Scenario.NoDataLost(List.of("pipelines"),
      4L));

  @Test
  void eachCallOfAPipelinesBatchIsAWriteAndADroppedCallIsNotAccepted() {
    RunData run = new Observed()
        .pipelines(0, "/v1/batch", 503, "r1: error 503", "{\"batch\":[{\"type\":\"identify\",\"messageId\":\"m1\"},"
            + "{\"type\":\"track\",\"messageId\":\"m2\"}]}")
        .pipelines(100, "/v1/batch", 200, null, "{\"batch\":[{\"type\":\"identify\",\"messageId\":\"m1\"},"
            + "{\"type\":\"track\",\"messageId\":\"m2\"}]}")
        .pipelines(200, "/v1/batch", 200, null, "{\"batch\":[{\"type\":\"track\",\"messageId\":\"m3\"},"
            + "{\"type\":\"track\",\"messageId\":\"m4\"}]}", "dropped: call 1: event is required")
        .run();

    CheckResult r = PIPELINES.evaluate(run);

    assertThat(r.passed()).isFalse();
    assertThat(r.summary()).startsWith("1 of 4 distinct writes to pipelines (6 attempts, 2 needed more than one) "
        + "were never accepted (last answers: 1x 200 but dropped)");
    assertThat(r.details()).singleElement().asString().contains("/v1/batch#1").contains("dropped by the Pipelines API");
  }

  @Test
  void fewerPipelinesCallsThanQueuedAreCallsTheClientNeverSent() {
    RunData run = new Observed()
        .pipelines(0, "/v1/track", 200, null, "{\"event\":\"a\",\"messageId\":\"m1\"}")
        .pipelines(10, "/v1/identify", 200, null, "{\"userId\":\"1\",\"messageId\":\"m0\"}")
        .run();

    CheckResult r = PIPELINES.evaluate(run);

    assertThat(r.passed()).isFalse();
    assertThat(r.summary()).isEqualTo("2 of 4 Pipelines calls the workload queued never reached the fake (2 did): "
        + "the client still held them when it stopped; flush it (closeAndFlush) before exit");
    assertThat(PIPELINES.evaluate(new Observed().run()).summary()).startsWith("4 of 4 Pipelines calls");
  }
}
