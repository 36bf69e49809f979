package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.internal.check.RunData;
import dev.ciofake.scenarios.internal.check.SuppressedCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuppressedCheckTest {
  private static final SuppressedCheck WITHIN_2S =
      new SuppressedCheck(new Scenario.Suppressed(2, List.of("bounced", "spammed"), 1));

  @Test
  void passesWhenEveryReportedPersonWasSuppressedInTime() {
    RunData run = new Observed()
        .report(500, "bounced", "42", "bounce@cio-fake.test", "c42")
        .report(600, "spammed", null, "ada@example.com", "c43")
        .report(700, "delivered", "44", "x@example.com", "c44")
        .request(900, "POST", "/api/v1/customers/42/suppress", "suppress", 200, null, "{}")
        .request(1000, "POST", "/api/v2/entity", "v2_entity", 200, null,
            "{\"type\":\"person\",\"identifiers\":{\"email\":\"ADA@example.com\"},\"action\":\"suppress\"}")
        .run();

    CheckResult r = WITHIN_2S.evaluate(run);

    assertThat(r.passed()).as(r.summary()).isTrue();
    assertThat(r.summary()).isEqualTo("all 2 bounced/spammed people were suppressed within 2.0 s");
    assertThat(r.details()).containsExactly(
        "bounced bounce@cio-fake.test (reported +0.50 s): suppressed 0.4 s later by POST /api/v1/customers/42/suppress",
        "spammed ada@example.com (reported +0.60 s): suppressed 0.4 s later by POST /api/v2/entity");
  }

  @Test
  void failsForAPersonNeverSuppressedAndForOneSuppressedTooLate() {
    RunData run = new Observed()
        .report(0, "bounced", "42", "a@x.io", "c42")
        .report(0, "spammed", "43", "b@x.io", "c43")
        .request(100, "POST", "/api/v1/customers/42/suppress", "suppress", 503, "r1: outage 503", "{}")
        .request(2500, "POST", "/api/v1/customers/42/suppress", "suppress", 200, null, "{}")
        .request(2600, "POST", "/api/v1/customers/b%40x.io/events", "track", 200, null, "{\"name\":\"x\"}")
        .run();

    CheckResult r = WITHIN_2S.evaluate(run);

    assertThat(r.passed()).isFalse();
    assertThat(r.summary()).isEqualTo("2 of 2 bounced/spammed people were not suppressed within 2.0 s");
    assertThat(r.details()).containsExactly(
        "bounced a@x.io (reported +0.00 s): suppressed 2.5 s later by POST /api/v1/customers/42/suppress, over the "
            + "2.0 s bound",
        "spammed b@x.io (reported +0.00 s): never suppressed");
  }

  @Test
  void aPathByEmailOrCioIdAndABatchOrADeleteCountToo() {
    RunData run = new Observed()
        .report(0, "bounced", null, "a+b@x.io", "c1")
        .report(0, "bounced", null, null, "c2")
        .report(0, "spammed", "3", null, "c3")
        .request(10, "POST", "/api/v1/customers/a%2Bb%40x.io/suppress", "suppress", 200, null, "{}")
        .request(20, "DELETE", "/api/v1/customers/cio_c2", "delete_person", 200, null, null)
        .request(30, "POST", "/api/v2/batch", "v2_batch", 207, null, "{\"batch\":[{\"type\":\"person\","
            + "\"identifiers\":{\"id\":\"9\"},\"action\":\"identify\"},{\"type\":\"person\",\"identifiers\":"
            + "{\"id\":\"3\"},\"action\":\"delete\"}]}")
        .run();

    CheckResult r = WITHIN_2S.evaluate(run);

    assertThat(r.passed()).as(String.join("\n", r.details())).isTrue();
  }

  @Test
  void failsWhenNothingWasReportedAndOnlyTheChosenMetricsCount() {
    RunData run = new Observed().report(0, "spammed", "1", null, "c1").run();

    CheckResult bouncesOnly = new SuppressedCheck(new Scenario.Suppressed(2, List.of("bounced"), 1)).evaluate(run);

    assertThat(bouncesOnly.passed()).isFalse();
    assertThat(bouncesOnly.summary()).startsWith("the fake reported 0 bounced event(s), fewer than min_reports 1");
  }
}
