package dev.ciofake.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.FakeClock;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Time windows: a rule starts after N requests or seconds and lasts N requests or seconds. The fake's clock is frozen
 * (so this class has a fake of its own rather than {@link ChaosTestBase}'s): a seconds window opens and closes exactly
 * when the test advances the clock, however slow the machine.
 */
class ChaosWindowTest {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().rateLimits(false)
      .clock(FakeClock.frozenAt(Instant.parse("2026-03-02T09:00:00Z"))).build());

  private CioFakeServer server;
  private FakeHttp http;

  @BeforeEach
  void bindTheFake(CioFakeServer server, CioFake cio) {
    this.server = server;
    this.http = new FakeHttp(cio);
  }

  private String addRule(String json) {
    return ChaosTestBase.addRule(http, json);
  }

  private JsonNode rule(String id) {
    return ChaosTestBase.rule(http, id);
  }

  private List<JsonNode> journal() {
    return ChaosTestBase.journal(http);
  }

  private FakeHttp.Response region() {
    return http.track("GET", "/api/v1/accounts/region", null);
  }

  private void advance(Duration by) {
    server.clock().advance(by);
  }

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
    String id = addRule("{\"match\":{\"api\":\"track\",\"after_seconds\":0.3,\"for_seconds\":0.3},"
        + "\"effect\":{\"type\":\"error\",\"status\":503}}");

    assertThat(region().status()).as("the window has not started yet").isEqualTo(200);
    advance(Duration.ofMillis(299));
    assertThat(region().status()).as("nor 1 ms before 0.3 s").isEqualTo(200);
    advance(Duration.ofMillis(1));
    assertThat(region().status()).as("opened after 0.3 s").isEqualTo(503);
    advance(Duration.ofMillis(299));
    assertThat(region().status()).as("still open 1 ms before it closes").isEqualTo(503);
    advance(Duration.ofMillis(1));
    assertThat(statuses(3)).as("closed 0.3 s after it opened, and stays closed").containsOnly(200);
    assertThat(rule(id).get("fired").asLong()).isEqualTo(2);
  }

  @Test
  void forSecondsAloneFailsAtOnceThenStops() {
    addRule("{\"match\":{\"api\":\"track\",\"for_seconds\":0.3},\"effect\":{\"type\":\"outage\"}}");

    assertThat(region().status()).isEqualTo(503);
    advance(Duration.ofMillis(299));
    assertThat(region().status()).isEqualTo(503);
    advance(Duration.ofMillis(1));
    assertThat(statuses(3)).containsOnly(200);
  }

  @Test
  void afterSecondsAloneStartsLaterAndStays() {
    addRule("{\"match\":{\"api\":\"track\",\"after_seconds\":0.3},\"effect\":{\"type\":\"rate_limit\"}}");

    assertThat(region().status()).isEqualTo(200);
    advance(Duration.ofMillis(300));
    assertThat(statuses(3)).containsOnly(429);
    advance(Duration.ofDays(1));
    assertThat(region().status()).as("a day later, still on").isEqualTo(429);
  }

  @Test
  void aWindowThatStartsAfterRequestsLastsItsSecondsFromThen() {
    String id = addRule("{\"match\":{\"api\":\"track\",\"after_requests\":2,\"for_seconds\":0.3},"
        + "\"effect\":{\"type\":\"error\",\"status\":504}}");
    // the requests that open the window come later than the window's length after the rule was installed
    advance(Duration.ofMillis(500));

    assertThat(statuses(3)).as("it starts with the third request").containsExactly(200, 200, 504);
    advance(Duration.ofMillis(299));
    assertThat(region().status()).as("0.3 s from the third request, not from the rule").isEqualTo(504);
    advance(Duration.ofMillis(1));
    assertThat(statuses(3)).as("and ends 0.3 s later").containsOnly(200);
    assertThat(rule(id).get("fired").asLong()).isEqualTo(2);
  }

  @Test
  void aWindowWithBothStartsWhenBothArePast() {
    String id = addRule("{\"match\":{\"api\":\"track\",\"after_requests\":1,\"after_seconds\":0.3,"
        + "\"for_requests\":2},\"effect\":{\"type\":\"outage\"}}");

    assertThat(region().status()).as("the first request is within after_requests").isEqualTo(200);
    assertThat(region().status()).as("past after_requests, but the seconds are not past").isEqualTo(200);
    advance(Duration.ofMillis(300));

    assertThat(statuses(3)).as("for_requests 2, then it stops").containsExactly(503, 503, 200);
    assertThat(rule(id).get("fired").asLong()).isEqualTo(2);
  }
}
