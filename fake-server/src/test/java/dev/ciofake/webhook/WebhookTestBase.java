package dev.ciofake.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * One fake per class (rate limits off) and one fresh receiver per test, registered on the default workspace with its
 * own secret through the admin API. The fake's clock is frozen: the steps of a delivery (delivered 200 ms after
 * sent, a complaint 400 ms after it, {@code delay@} 3 s) happen when a test advances it, in the order and at the fake
 * times they are scheduled for, however slow the machine is. Each subclass registers {@link #fake()}: one extension
 * here would share one clock among the subclasses' fakes, which run in parallel.
 */
abstract class WebhookTestBase {
  static final String SECRET = "whsec-test-3f9a";
  /** The time between the steps of a delivery (sent, delivered, spammed or unsubscribed). */
  static final Duration STEP = Duration.ofMillis(200);

  CioFakeServer server;
  FakeHttp http;
  WebhookReceiver receiver;

  /** The fake of a subclass, on a frozen clock of its own: {@code @RegisterExtension static final ... = fake();}. */
  static CustomerIoFakeExtension fake() {
    return Fakes.extension(CioFakeOptions.builder().rateLimits(false)
        .clock(FakeClock.frozenAt(Instant.parse("2026-03-02T09:00:00Z"))).build());
  }

  @BeforeEach
  void freshReceiver(CioFakeServer server, CioFake cio) {
    this.server = server;
    http = new FakeHttp(cio);
    assertThat(http.admin("DELETE", "/__cio/workspaces/" + site() + "/webhooks", null).status()).isEqualTo(200);
    receiver = WebhookReceiver.start();
    FakeHttp.Response r = http.admin("POST", "/__cio/workspaces/" + site() + "/webhooks",
        "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET + "\"}");
    assertThat(r.status()).as("%s", r).isEqualTo(201);
  }

  @AfterEach
  void stopReceiver() {
    http.admin("DELETE", "/__cio/workspaces/" + site() + "/webhooks", null);
    receiver.close();
  }

  String site() {
    return http.credentials().siteId();
  }

  /** Sends a transactional email; asserts 200 and returns the delivery id. */
  String sendEmail(String personId, String to) {
    FakeHttp.Response r = http.app("POST", "/v1/send/email", "{\"transactional_message_id\":3,\"to\":\"" + to
        + "\",\"subject\":\"Welcome aboard\",\"identifiers\":{\"id\":\"" + personId + "\"}}");
    assertThat(r.status()).as("send to %s -> %s", to, r).isEqualTo(200);
    return r.json().get("delivery_id").asText();
  }

  /**
   * Waits until the receiver has {@code n} events of the delivery, letting its steps happen one at a time: the first
   * is due at once, and each next one when the clock has moved {@link #STEP} further (a delivery's steps are 200 ms
   * apart); so they arrive in their order even though the fake posts due events on more than one thread. Returns
   * their metrics in order.
   */
  List<String> awaitMetrics(String deliveryId, int n) {
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        advance(STEP);
      }
      awaitReceived(deliveryId, i + 1);
    }
    return receiver.metricsOf(deliveryId);
  }

  /** Waits (without moving the clock) until the receiver has {@code n} events of the delivery; their metrics. */
  List<String> awaitReceived(String deliveryId, int n) {
    await("%d events of %s".formatted(n, deliveryId)).atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> receiver.forDelivery(deliveryId).size() >= n);
    return receiver.metricsOf(deliveryId);
  }

  /** Moves the fake's clock forward. */
  void advance(Duration by) {
    server.clock().advance(by);
  }

  /** {@link Signatures#assertSigned}, fresh by the fake's clock. */
  void assertSigned(WebhookReceiver.Received r, String secret) {
    Signatures.assertSigned(r, secret, server.clock().instant());
  }

  /** {@code GET /__cio/workspaces/{site}/webhooks/deliveries}. */
  JsonNode deliveries() {
    FakeHttp.Response r = http.admin("GET", "/__cio/workspaces/" + site() + "/webhooks/deliveries", null);
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }
}
