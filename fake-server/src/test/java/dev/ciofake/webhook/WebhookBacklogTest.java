package dev.ciofake.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.FakeClock;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Delivery order per endpoint, as the reporting-webhook document's "Timeouts and failures" says: after a failed
 * call Customer.io backlogs the later calls and sends them only once the failed one succeeds (or its retries run
 * out). The clock is frozen and advanced, so the hour-long first retry after a 500 takes no wall time.
 */
class WebhookBacklogTest {
  private static final String SECRET = "backlog-secret";
  private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");

  private static CioFakeServer start(WebhookReceiver receiver, int maxAttempts) {
    CioFakeServer server = CioFakeServer.start(CioFakeOptions.builder().clock(FakeClock.frozenAt(START))
        .rateLimits(false).webhookMaxAttempts(maxAttempts).webhook(receiver.url(), SECRET).build());
    FakeHttp http = new FakeHttp(server);
    assertThat(http.track("PUT", "/api/v1/customers/b1", "{\"email\":\"b1@example.com\"}").status()).isEqualTo(200);
    return server;
  }

  private static String send(FakeHttp http) {
    FakeHttp.Response r = http.app("POST", "/v1/send/email",
        "{\"transactional_message_id\":3,\"to\":\"b1@example.com\",\"identifiers\":{\"id\":\"b1\"}}");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json().get("delivery_id").asText();
  }

  private static void awaitReceived(WebhookReceiver receiver, int n) {
    await("%d requests at the receiver".formatted(n)).atMost(Duration.ofSeconds(10))
        .until(() -> receiver.received().size() >= n);
  }

  /**
   * The endpoint's backlog as the admin API shows it, once it holds {@code waiting} events, its head was tried and
   * none is in flight.
   */
  private static JsonNode awaitBacklog(FakeHttp http, int waiting) {
    String path = "/__cio/workspaces/" + http.credentials().siteId() + "/webhooks/deliveries";
    await("%d events in the backlog".formatted(waiting)).atMost(Duration.ofSeconds(10)).until(() -> {
      JsonNode b = http.admin("GET", path, null).json().at("/backlogs/0");
      // tried at least once: before its first call the backlog holds the event too, with nothing in flight
      return b.path("waiting").asInt() == waiting && !b.path("in_flight").asBoolean()
          && b.path("attempts_of_head").asInt() >= 1;
    });
    return http.admin("GET", path, null).json().at("/backlogs/0");
  }

  @Test
  void eventsScheduledBeforeAResetNeverReachTheNextTest() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start().answer(200);
        CioFakeServer server = start(receiver, 8)) {
      FakeHttp http = new FakeHttp(server);
      CioFake cio = server.fake();
      String delivery = send(http);
      awaitReceived(receiver, 1); // sent goes at once; delivered falls due in a few seconds of the fake's clock

      cio.reset(); // the next test begins
      cio.advanceClock(Duration.ofMinutes(5));
      assertThat(http.track("PUT", "/api/v1/customers/b2", "{\"email\":\"b2@example.com\"}").status())
          .isEqualTo(200);
      String marker = send(http); // a send of the new test: its sent arrives, and nothing of the old one before it
      await("the new test's sent").atMost(Duration.ofSeconds(10))
          .until(() -> receiver.metricsOf(marker).contains("sent"));

      assertThat(receiver.metricsOf(delivery)).as("the old delivery's later steps were dropped by the reset")
          .containsExactly("sent");
      assertThat(server.fake().webhookEvents()).as("the new workspace's log")
          .noneMatch(e -> delivery.equals(String.valueOf(((java.util.Map<?, ?>) e.get("data")).get("delivery_id"))));
    }
  }

  @Test
  void aFailedCallHoldsBackTheLaterEventsUntilItsRetrySucceeds() {
    try (WebhookReceiver receiver = WebhookReceiver.start().answer(500);
        CioFakeServer server = start(receiver, 8)) {
      FakeHttp http = new FakeHttp(server);
      CioFake cio = server.fake();
      String delivery = send(http);
      awaitBacklog(http, 1); // sent, answered 500 at START

      cio.advanceClock(Duration.ofSeconds(5)); // delivered falls due
      JsonNode backlog = awaitBacklog(http, 2);
      assertThat(receiver.metricsOf(delivery)).as("delivered waits behind the failed sent").containsExactly("sent");
      assertThat(cio.webhookAttempts()).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(500));
      assertThat(Instant.parse(backlog.get("next_attempt_at").asText())).as("after a 500 the retry waits an hour")
          .isEqualTo(START.plusSeconds(3_600));

      cio.advanceClock(Duration.ofMinutes(60));
      awaitReceived(receiver, 3);
      assertThat(receiver.metricsOf(delivery)).as("the retried sent, then the backlog")
          .containsExactly("sent", "sent", "delivered");
      List<WebhookReceiver.Received> got = receiver.received();
      assertThat(got.get(0).eventId()).isEqualTo(got.get(1).eventId());
    }
  }

  @Test
  void eventsOfDifferentDeliveriesKeepTheirOrderBehindAFailure() {
    try (WebhookReceiver receiver = WebhookReceiver.start().answer(503);
        CioFakeServer server = start(receiver, 8)) {
      FakeHttp http = new FakeHttp(server);
      CioFake cio = server.fake();
      String first = send(http);
      send(http);
      awaitBacklog(http, 2); // first sent (answered 503), second sent
      cio.advanceClock(Duration.ofSeconds(1)); // both delivered fall due
      JsonNode backlog = awaitBacklog(http, 4);
      assertThat(receiver.received()).hasSize(1);
      assertThat(Instant.parse(backlog.get("next_attempt_at").asText())).as("a 503 is retried after a minute")
          .isEqualTo(START.plusSeconds(60));

      cio.advanceClock(Duration.ofSeconds(61)); // a 503 is retried after a minute
      awaitReceived(receiver, 5);
      List<String> order = receiver.received().stream()
          .map(r -> (r.json().at("/data/delivery_id").asText().equals(first) ? "first " : "second ") + r.metric())
          .toList();
      assertThat(order).containsExactly("first sent", "first sent", "second sent", "first delivered",
          "second delivered");
    }
  }

  @Test
  void whenTheRetriesRunOutTheBacklogMovesOn() {
    try (WebhookReceiver receiver = WebhookReceiver.start().answer(500, 500);
        CioFakeServer server = start(receiver, 2)) {
      FakeHttp http = new FakeHttp(server);
      CioFake cio = server.fake();
      String delivery = send(http);
      awaitBacklog(http, 1);
      cio.advanceClock(Duration.ofSeconds(1));
      awaitBacklog(http, 2);

      cio.advanceClock(Duration.ofHours(1)); // the last attempt fails too: delivered goes next
      awaitReceived(receiver, 3);

      assertThat(receiver.metricsOf(delivery)).containsExactly("sent", "sent", "delivered");
      List<CioFake.WebhookAttempt> attempts = cio.webhookAttempts();
      assertThat(attempts).extracting(CioFake.WebhookAttempt::status).containsExactly(500, 500, 200);
      assertThat(http.admin("GET", "/__cio/workspaces/" + cio.siteId() + "/webhooks/deliveries", null).json()
          .at("/attempts/1/gave_up").asBoolean()).as("the second attempt was the last").isTrue();
    }
  }

  @Test
  void requestsArePlainHttp11WithoutUpgradeHeaders() {
    try (WebhookReceiver receiver = WebhookReceiver.start(); CioFakeServer server = start(receiver, 8)) {
      send(new FakeHttp(server));
      server.fake().advanceClock(Duration.ofSeconds(1));
      awaitReceived(receiver, 2);

      assertThat(receiver.received()).allSatisfy(r -> {
        assertThat(r.protocol()).isEqualTo("HTTP/1.1");
        assertThat(r.headers()).doesNotContainKeys("upgrade", "http2-settings");
        assertThat(r.header("Connection")).as("no h2c upgrade").satisfiesAnyOf(
            c -> assertThat(c).isNull(), c -> assertThat(c).doesNotContainIgnoringCase("upgrade"));
      });
    }
  }
}
