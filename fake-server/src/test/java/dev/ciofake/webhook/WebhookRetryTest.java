package dev.ciofake.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.FakeClock;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Delivery follows the real rules: failures are retried with backoff, every attempt is recorded with status and
 * latency, and a receiver slower than 4 s times out. The schedules are the real ones (an hour, then two), on a
 * frozen clock the tests advance; one test shows the retry scale option shrinking them instead. The 4 s timeout is
 * real time.
 */
class WebhookRetryTest {
  private static final String SECRET = "retry-secret";
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  /** A fake with the receiver as the default workspace's webhook, and a person to simulate events for. */
  private static CioFakeServer start(WebhookReceiver receiver, CioFakeOptions.Builder options) {
    CioFakeServer server = CioFakeServer.start(options.rateLimits(false).webhook(receiver.url(), SECRET).build());
    FakeHttp http = new FakeHttp(server);
    assertThat(http.track("PUT", "/api/v1/customers/r1", "{\"email\":\"r1@example.com\"}").status()).isEqualTo(200);
    return server;
  }

  private static String simulate(FakeHttp http, String metric) {
    FakeHttp.Response r = http.admin("POST", "/__cio/simulate/" + metric, "{\"person\":\"r1\"}");
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.json().at("/event/event_id").asText();
  }

  private static void awaitAttempts(FakeHttp http, int n) {
    await(n + " attempts").atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
        .until(() -> attempts(http).size() >= n);
  }

  private static List<JsonNode> attempts(FakeHttp http) {
    FakeHttp.Response r = http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId()
        + "/webhooks/deliveries", null);
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().get("attempts").forEach(out::add);
    return out;
  }

  @Test
  void aReceiverThatFailsFirstGetsTheEventAgainUntilItTakesIt() {
    try (WebhookReceiver receiver = WebhookReceiver.start().answer(500, 500);
        CioFakeServer server = start(receiver, CioFakeOptions.builder().clock(FakeClock.frozenAt(T0)))) {
      FakeHttp http = new FakeHttp(server);

      String eventId = simulate(http, "bounced");

      awaitAttempts(http, 1);
      server.clock().advance(Duration.ofMinutes(59));
      await("no retry within the hour").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
          .until(() -> receiver.received().size() == 1);
      server.clock().advance(Duration.ofMinutes(1));
      awaitAttempts(http, 2);
      server.clock().advance(Duration.ofHours(2));
      awaitAttempts(http, 3);

      List<WebhookReceiver.Received> got = receiver.received();
      assertThat(got).hasSize(3).allSatisfy(r -> assertThat(r.eventId()).as("the same event each time")
          .isEqualTo(eventId));
      assertThat(got.get(0).rawBody()).as("the same body each time").isEqualTo(got.get(2).rawBody());
      // an hour after a 500, then two (exponential), on the fake's clock; each attempt signed when it is sent
      List<Instant> sentAt = List.of(T0, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(3)));
      for (int i = 0; i < 3; i++) {
        Signatures.assertSigned(got.get(i), SECRET, sentAt.get(i));
        assertThat(got.get(i).header("X-CIO-Timestamp")).isEqualTo(String.valueOf(sentAt.get(i).getEpochSecond()));
      }

      List<JsonNode> attempts = attempts(http);
      assertThat(attempts).hasSize(3);
      for (int i = 0; i < 3; i++) {
        JsonNode a = attempts.get(i);
        assertThat(a.get("event_id").asText()).isEqualTo(eventId);
        assertThat(a.get("metric").asText()).isEqualTo("bounced");
        assertThat(a.get("url").asText()).isEqualTo(receiver.url());
        assertThat(a.get("attempt").asInt()).isEqualTo(i + 1);
        assertThat(a.get("status").asInt()).isEqualTo(i < 2 ? 500 : 200);
        assertThat(a.get("delivered").asBoolean()).isEqualTo(i == 2);
        assertThat(a.get("latency_ms").isIntegralNumber()).isTrue();
        assertThat(a.get("latency_ms").asLong()).isBetween(0L, 4_000L);
        assertThat(Instant.parse(a.get("at").asText())).isEqualTo(sentAt.get(i));
      }
      assertThat(attempts.get(0).get("next_retry_ms").asLong()).isEqualTo(3_600_000);
      assertThat(attempts.get(1).get("next_retry_ms").asLong()).isEqualTo(7_200_000);
      assertThat(attempts.get(2).has("next_retry_ms")).isFalse();
      assertThat(server.fake().webhookAttempts()).hasSize(3);
    }
  }

  @Test
  void anotherFailureIsRetriedAfterTheShorterFirstDelay() {
    try (WebhookReceiver receiver = WebhookReceiver.start().answer(503);
        CioFakeServer server = start(receiver, CioFakeOptions.builder().webhookRetryScale(0.0001))) {
      FakeHttp http = new FakeHttp(server);

      simulate(http, "delivered");

      awaitAttempts(http, 2);
      List<JsonNode> attempts = attempts(http);
      assertThat(attempts.get(0).get("status").asInt()).isEqualTo(503);
      assertThat(attempts.get(0).get("next_retry_ms").asLong()).as("a minute, scaled").isEqualTo(6);
      assertThat(attempts.get(1).get("status").asInt()).isEqualTo(200);
      assertThat(receiver.received()).hasSize(2);
    }
  }

  @Test
  void itGivesUpAfterTheMaximumAttempts() {
    try (WebhookReceiver receiver = WebhookReceiver.start().answer(500, 500, 500, 500);
        CioFakeServer server = start(receiver, CioFakeOptions.builder().clock(FakeClock.frozenAt(T0))
            .webhookMaxAttempts(2))) {
      FakeHttp http = new FakeHttp(server);

      simulate(http, "spammed");

      awaitAttempts(http, 1);
      server.clock().advance(Duration.ofHours(1));
      awaitAttempts(http, 2);
      server.clock().advance(Duration.ofDays(7)); // past any backoff
      await("no third attempt").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
          .until(() -> receiver.received().size() == 2);
      List<JsonNode> attempts = attempts(http);
      assertThat(attempts).hasSize(2);
      assertThat(attempts.get(1).get("delivered").asBoolean()).isFalse();
      assertThat(attempts.get(1).has("next_retry_ms")).as("the last attempt schedules nothing").isFalse();
    }
  }

  @Test
  void anUnreachableReceiverIsRecordedWithTheConnectionError() {
    WebhookReceiver gone = WebhookReceiver.start();
    String url = gone.url();
    gone.close();
    try (CioFakeServer server = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false)
        .clock(FakeClock.frozenAt(T0)).webhookMaxAttempts(2).webhook(url, SECRET).build())) {
      FakeHttp http = new FakeHttp(server);
      http.track("PUT", "/api/v1/customers/r1", "{\"email\":\"r1@example.com\"}");

      simulate(http, "bounced");

      awaitAttempts(http, 1);
      server.clock().advance(Duration.ofHours(1));
      awaitAttempts(http, 2);
      JsonNode first = attempts(http).get(0);
      assertThat(first.get("status").isNull()).isTrue();
      assertThat(first.get("error").asText()).contains("ConnectException");
      assertThat(first.get("delivered").asBoolean()).isFalse();
      assertThat(first.get("next_retry_ms").asLong()).as("connection errors wait the hour").isEqualTo(3_600_000);
      assertThat(Instant.parse(attempts(http).get(1).get("at").asText())).isEqualTo(T0.plus(Duration.ofHours(1)));
    }
  }

  @Test
  void aReceiverSlowerThanFourSecondsTimesOutAndHoldsBackTheNextEventUntilTheRetry() {
    try (WebhookReceiver receiver = WebhookReceiver.start().slowFirst(1, Duration.ofSeconds(8));
        CioFakeServer server = start(receiver, CioFakeOptions.builder().webhookRetryScale(0.0001)
            .webhookMaxAttempts(2))) {
      FakeHttp http = new FakeHttp(server);
      long t0 = System.nanoTime();

      String timedOut = simulate(http, "bounced");
      String next = simulate(http, "opened");

      await("the 4 s timeout, the retry, the next event").atMost(Duration.ofSeconds(15))
          .until(() -> attempts(http).size() >= 3);
      long waited = (System.nanoTime() - t0) / 1_000_000;
      JsonNode a = attempts(http).get(0);
      assertThat(a.get("event_id").asText()).isEqualTo(timedOut);
      assertThat(a.get("status").isNull()).as("%s", a).isTrue();
      assertThat(a.get("error").asText()).containsIgnoringCase("timed out");
      assertThat(a.get("delivered").asBoolean()).isFalse();
      assertThat(a.get("latency_ms").asLong()).as("cut at 4 s").isBetween(3_900L, 7_000L);
      assertThat(a.get("next_retry_ms").asLong()).as("a timeout is retried after a minute (scaled), not an hour")
          .isEqualTo(6);
      assertThat(waited).isGreaterThanOrEqualTo(3_900L).isLessThan(8_000L);
      assertThat(receiver.received()).extracting(WebhookReceiver.Received::eventId)
          .as("the timed-out event reached the receiver, was retried, and only then came the next")
          .containsExactly(timedOut, timedOut, next);
    }
  }
}
