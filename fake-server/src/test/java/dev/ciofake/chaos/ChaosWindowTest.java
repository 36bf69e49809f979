package dev.ciofake.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Time windows: a rule starts after N requests or seconds and lasts N requests or seconds. */
class ChaosWindowTest extends ChaosTestBase {

  private List<Integer> statuses(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(region().status());
    }
    return out;
  }

  @Test
  void afterRequestsAndForRequestsAreExact() {
    String id = addRule("{\"match\":{\"api\":\"track\",\"after_requests\":2,\"for_requests\":3},"
        + "\"effect\":{\"type\":\"error\",\"status\":502}}");

    assertThat(statuses(8)).containsExactly(200, 200, 502, 502, 502, 200, 200, 200);

    JsonNode rule = rule(id);
    assertThat(rule.get("matched").asLong()).isEqualTo(8);
    assertThat(rule.get("fired").asLong()).isEqualTo(3);
    assertThat(rule.at("/match/after_requests").asLong()).isEqualTo(2);
    assertThat(rule.at("/match/for_requests").asLong()).isEqualTo(3);
    List<JsonNode> j = journal();
    assertThat(j).hasSize(8);
    for (int i = 0; i < 8; i++) {
      assertThat(j.get(i).get("injected_fault").isNull()).as("request %d", i).isEqualTo(i < 2 || i >= 5);
    }
  }

  @Test
  void forRequestsAloneStartsAtOnce() {
    addRule("{\"match\":{\"api\":\"track\",\"for_requests\":1},\"effect\":{\"type\":\"error\",\"status\":500}}");

    assertThat(statuses(3)).containsExactly(500, 200, 200);
  }

  @Test
  void afterRequestsAloneNeverStops() {
    addRule("{\"match\":{\"api\":\"track\",\"after_requests\":3},\"effect\":{\"type\":\"outage\"}}");

    assertThat(statuses(6)).containsExactly(200, 200, 200, 503, 503, 503);
  }

  @Test
  void aSecondsWindowStartsAndEnds() {
    long installed = System.nanoTime();
    String id = addRule("{\"match\":{\"api\":\"track\",\"after_seconds\":0.3,\"for_seconds\":0.3},"
        + "\"effect\":{\"type\":\"error\",\"status\":503}}");

    // Before the window (if this machine got here within 0.3 s, which it nearly always does).
    int before = region().status();
    if ((System.nanoTime() - installed) / 1_000_000 < 250) {
      assertThat(before).as("the window has not started yet").isEqualTo(200);
    }
    await("the window opens").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> region().status() == 503);
    long opened = (System.nanoTime() - installed) / 1_000_000;
    assertThat(opened).as("opened after 0.3 s").isGreaterThanOrEqualTo(290);
    await("the window closes").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> region().status() == 200);
    long closed = (System.nanoTime() - installed) / 1_000_000;
    assertThat(closed).as("closed 0.3 s after it opened").isGreaterThanOrEqualTo(590);

    assertThat(statuses(3)).as("and stays closed").containsOnly(200);
    assertThat(rule(id).get("fired").asLong()).isPositive();
  }

  @Test
  void forSecondsAloneFailsAtOnceThenStops() {
    long installed = System.nanoTime();
    addRule("{\"match\":{\"api\":\"track\",\"for_seconds\":0.3},\"effect\":{\"type\":\"outage\"}}");

    int first = region().status();
    if ((System.nanoTime() - installed) / 1_000_000 < 250) {
      assertThat(first).isEqualTo(503);
    }
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> region().status() == 200);

    assertThat((System.nanoTime() - installed) / 1_000_000).isGreaterThanOrEqualTo(290);
    assertThat(statuses(3)).containsOnly(200);
  }

  @Test
  void afterSecondsAloneStartsLaterAndStays() {
    addRule("{\"match\":{\"api\":\"track\",\"after_seconds\":0.3},\"effect\":{\"type\":\"rate_limit\"}}");

    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> region().status() == 429);

    assertThat(statuses(3)).containsOnly(429);
  }

  @Test
  void aWindowThatStartsAfterRequestsLastsItsSecondsFromThen() {
    String id = addRule("{\"match\":{\"api\":\"track\",\"after_requests\":2,\"for_seconds\":0.3},"
        + "\"effect\":{\"type\":\"error\",\"status\":504}}");
    // the requests that open the window come later than the window's length after the rule was installed
    await("past the window's length").pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> true);

    long beforeOpening = System.nanoTime();
    assertThat(statuses(3)).as("it starts with the third request").containsExactly(200, 200, 504);
    await("and ends 0.3 s later").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> region().status() == 200);

    assertThat((System.nanoTime() - beforeOpening) / 1_000_000).isGreaterThanOrEqualTo(290);
    assertThat(statuses(3)).containsOnly(200);
    assertThat(rule(id).get("fired").asLong()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aWindowWithBothStartsWhenBothArePast() {
    long installed = System.nanoTime();
    String id = addRule("{\"match\":{\"api\":\"track\",\"after_requests\":1,\"after_seconds\":0.3,"
        + "\"for_requests\":2},\"effect\":{\"type\":\"outage\"}}");

    assertThat(region().status()).as("the first request is within after_requests").isEqualTo(200);
    int second = region().status();
    if ((System.nanoTime() - installed) / 1_000_000 < 250) {
      assertThat(second).as("past after_requests, but the seconds are not past").isEqualTo(200);
    }
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> region().status() == 503);

    long left = 2 - rule(id).get("fired").asLong();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      expected.add(i < left ? 503 : 200);
    }
    assertThat(statuses(3)).as("for_requests 2, then it stops").containsExactlyElementsOf(expected);
    assertThat(rule(id).get("fired").asLong()).isEqualTo(2);
  }
}
