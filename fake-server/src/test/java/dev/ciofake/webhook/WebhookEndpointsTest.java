package dev.ciofake.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.FakeClock;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Where events go: the options' default webhook, the admin API, the Java handle; per workspace; signed per endpoint. */
class WebhookEndpointsTest {
  /** The documented default signing secret, written out here rather than read from the code. */
  private static final String DEFAULT_SECRET = "cio-fake-webhook-secret";

  /**
   * Options with a frozen clock of the fake's own: its deliveries' {@code delivered} comes only when the test advances
   * it, after every receiver has {@code sent}, however slow the machine.
   */
  private static CioFakeOptions.Builder frozen() {
    return CioFakeOptions.builder().clock(FakeClock.frozenAt(Instant.parse("2026-03-02T09:00:00Z")));
  }

  private static String send(FakeHttp http, String id) {
    FakeHttp.Response r = http.app("POST", "/v1/send/email", "{\"transactional_message_id\":1,\"to\":\"" + id
        + "@example.com\",\"identifiers\":{\"id\":\"" + id + "\"}}");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json().get("delivery_id").asText();
  }

  /**
   * Waits until every receiver has the delivery's {@code sent} (posted at once), then lets {@code delivered} happen
   * (200 ms later: the clock moves a second) and waits for it; so each receiver gets them in that order.
   */
  private static void awaitDelivered(CioFakeServer server, String delivery, WebhookReceiver... receivers) {
    for (String metric : new String[] {"sent", "delivered"}) {
      if (metric.equals("delivered")) {
        server.clock().advance(Duration.ofSeconds(1));
      }
      for (WebhookReceiver receiver : receivers) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
            .until(() -> receiver.metricsOf(delivery).contains(metric));
      }
    }
  }

  @Test
  void theOptionsWebhookWithoutASecretSignsWithTheDefaultSecret() {
    try (WebhookReceiver receiver = WebhookReceiver.start();
        CioFakeServer server = CioFakeServer.start(frozen().webhook(receiver.url(), null).build())) {
      FakeHttp http = new FakeHttp(server);

      String delivery = send(http, "e1");

      awaitDelivered(server, delivery, receiver);
      receiver.forDelivery(delivery).forEach(r -> Signatures.assertSigned(r, DEFAULT_SECRET, server.clock().instant()));
      JsonNode hooks = http.admin("GET", "/__cio/workspaces/" + server.fake().credentials().siteId() + "/webhooks",
          null).json().get("webhooks");
      assertThat(hooks).hasSize(1);
      assertThat(hooks.get(0).get("url").asText()).isEqualTo(receiver.url());
      assertThat(hooks.get(0).get("secret").asText()).as("masked").isNotEqualTo(DEFAULT_SECRET);
    }
  }

  @Test
  void theAdminApiAddsEndpointsEachSignedWithItsOwnSecret() {
    try (WebhookReceiver a = WebhookReceiver.start(); WebhookReceiver b = WebhookReceiver.start();
        CioFakeServer server = CioFakeServer.start(frozen().build())) {
      FakeHttp http = new FakeHttp(server);
      String hooks = "/__cio/workspaces/" + server.fake().credentials().siteId() + "/webhooks";
      assertThat(http.admin("POST", hooks, "{\"url\":\"" + a.url() + "\",\"secret\":\"secret-a\"}").status())
          .isEqualTo(201);
      FakeHttp.Response added = http.admin("POST", hooks, "{\"url\":\"" + b.url() + "\"}");
      assertThat(added.status()).isEqualTo(201);
      assertThat(added.json().get("webhooks")).hasSize(2);
      assertThat(added.json().toString()).doesNotContain("secret-a");

      String delivery = send(http, "e2");

      awaitDelivered(server, delivery, a, b);
      a.forDelivery(delivery).forEach(r -> Signatures.assertSigned(r, "secret-a", server.clock().instant()));
      b.forDelivery(delivery).forEach(r -> Signatures.assertSigned(r, DEFAULT_SECRET, server.clock().instant()));
      assertThat(a.forDelivery(delivery).get(0).eventId()).as("one event, posted to each endpoint")
          .isEqualTo(b.forDelivery(delivery).get(0).eventId());
    }
  }

  @Test
  void aWebhookWithoutAnHttpUrlIs400() {
    try (CioFakeServer server = CioFakeServer.start()) {
      FakeHttp http = new FakeHttp(server);
      String hooks = "/__cio/workspaces/" + server.fake().credentials().siteId() + "/webhooks";

      FakeHttp.Response none = http.admin("POST", hooks, "{\"secret\":\"s\"}");
      FakeHttp.Response ftp = http.admin("POST", hooks, "{\"url\":\"ftp://example.com/hooks\"}");
      FakeHttp.Response unknown = http.admin("POST", "/__cio/workspaces/nowhere/webhooks", "{\"url\":\"http://x\"}");

      assertThat(none.status()).isEqualTo(400);
      assertThat(none.json().get("error").asText()).contains("url is required");
      assertThat(ftp.status()).isEqualTo(400);
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(http.admin("GET", hooks, null).json().get("webhooks")).isEmpty();
    }
  }

  @Test
  void theJavaHandleSetsTheWebhookOfItsOwnWorkspaceOnly() {
    try (WebhookReceiver mine = WebhookReceiver.start(); WebhookReceiver theirs = WebhookReceiver.start();
        CioFakeServer server = CioFakeServer.start(frozen().build())) {
      WorkspaceCredentials other = server.newFake().credentials();
      CioFake cio = server.fake(other.siteId());
      cio.webhook(mine.url(), "mine-secret");
      server.fake().webhook(theirs.url(), "theirs-secret");
      FakeHttp otherHttp = new FakeHttp(server).as(other);
      FakeHttp defaultHttp = new FakeHttp(server);

      String myDelivery = send(otherHttp, "e3");
      String theirDelivery = send(defaultHttp, "e4");

      awaitDelivered(server, myDelivery, mine);
      awaitDelivered(server, theirDelivery, theirs);
      mine.received().forEach(r -> Signatures.assertSigned(r, "mine-secret", server.clock().instant()));
      assertThat(mine.forDelivery(theirDelivery)).as("another workspace's events never arrive").isEmpty();
      assertThat(theirs.forDelivery(myDelivery)).isEmpty();
      await().atMost(Duration.ofSeconds(5)).until(() -> cio.webhookAttempts().size() >= 2);
      assertThat(cio.webhookAttempts()).allSatisfy(a -> assertThat(a.url()).isEqualTo(mine.url()));
    }
  }

  @Test
  void deletingTheWebhooksStopsDeliveries() {
    try (WebhookReceiver receiver = WebhookReceiver.start();
        CioFakeServer server = CioFakeServer.start(frozen().webhook(receiver.url(), "s").build())) {
      FakeHttp http = new FakeHttp(server);
      FakeHttp.Response r = http.admin("DELETE", "/__cio/workspaces/" + server.fake().credentials().siteId()
          + "/webhooks", null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get("webhooks")).isEmpty();

      String delivery = send(http, "e5");
      server.clock().advance(Duration.ofSeconds(1)); // delivered is due 200 ms after sent

      await("the events are emitted").atMost(Duration.ofSeconds(5)).until(() -> http.admin("GET",
          "/__cio/workspaces/" + server.fake().credentials().siteId() + "/webhooks/deliveries", null).json()
          .get("events").size() == 2);
      await("and posted nowhere").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
          .until(() -> receiver.received().isEmpty());
      assertThat(receiver.forDelivery(delivery)).isEmpty();
    }
  }
}
