package dev.ciofake.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One fake per class (the extension gives each subclass its own; rate limits off) and one fresh receiver per test,
 * registered on the default workspace with its own secret through the admin API.
 */
abstract class WebhookTestBase {
  static final String SECRET = "whsec-test-3f9a";
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().rateLimits(false).build());

  CioFakeServer server;
  FakeHttp http;
  WebhookReceiver receiver;

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

  /** Waits until the receiver has {@code n} events of the delivery and returns their metrics in order. */
  List<String> awaitMetrics(String deliveryId, int n) {
    await("%d events of %s".formatted(n, deliveryId)).atMost(Duration.ofSeconds(10))
        .until(() -> receiver.forDelivery(deliveryId).size() >= n);
    return receiver.metricsOf(deliveryId);
  }

  /** {@code GET /__cio/workspaces/{site}/webhooks/deliveries}. */
  JsonNode deliveries() {
    FakeHttp.Response r = http.admin("GET", "/__cio/workspaces/" + site() + "/webhooks/deliveries", null);
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }
}
