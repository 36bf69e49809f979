package dev.ciofake.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.FakeClock;
import dev.ciofake.PitfallIds;
import dev.ciofake.junit5.AllowPitfalls;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.Fakes;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /v1/reporting_webhooks} (docs/app-api-facts.md section 5) configures the same emitter as the admin API: a
 * webhook created through the App API receives the fake's delivery events, only those its {@code events} name,
 * none while {@code disabled}, none once deleted; events are signed with the workspace's signing key, which no App
 * response carries. The clock is frozen: delivery steps happen when the test advances it.
 */
class ReportingWebhooksApiTest {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().rateLimits(false)
      .clock(FakeClock.frozenAt(Instant.parse("2026-03-02T09:00:00Z"))).build());

  private CioFakeServer server;
  private FakeHttp http;
  private WebhookReceiver receiver;

  @BeforeEach
  void receiver(CioFakeServer server, CioFake cio) {
    this.server = server;
    http = new FakeHttp(cio);
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private String body(String name, String events, boolean disabled) {
    return "{\"name\":\"" + name + "\",\"endpoint\":\"" + receiver.url() + "\",\"events\":" + events
        + ",\"disabled\":" + disabled + ",\"full_resolution\":false,\"with_content\":false}";
  }

  private String send(String person, String to) {
    FakeHttp.Response r = http.app("POST", "/v1/send/email", "{\"transactional_message_id\":3,\"to\":\"" + to
        + "\",\"subject\":\"Hi\",\"identifiers\":{\"id\":\"" + person + "\"}}");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json().get("delivery_id").asText();
  }

  /** Lets a delivery's steps (200 ms apart) happen: sent, delivered, spammed for a complaint. */
  private void playSteps() {
    for (int i = 0; i < 4; i++) {
      server.clock().advance(Duration.ofMillis(200));
    }
  }

  @Test
  void aWebhookCreatedThroughTheAppApiReceivesTheEventsItAsksFor() {
    FakeHttp.Response created = http.app("POST", "/v1/reporting_webhooks",
        body("deliveries", "[\"email_sent\",\"email_spammed\"]", false));
    assertThat(created.status()).as("%s", created).isEqualTo(200);
    JsonNode hook = created.json();
    long id = hook.get("id").asLong();
    assertThat(id).isPositive();
    assertThat(hook.get("type").asText()).isEqualTo("webhook");
    assertThat(hook.get("endpoint").asText()).isEqualTo(receiver.url());
    assertThat(hook.get("events")).extracting(JsonNode::asText).containsExactly("email_sent", "email_spammed");
    assertThat(created.body()).doesNotContain(CioFakeOptions.DEFAULT_WEBHOOK_SECRET).doesNotContain("secret");
    assertThat(http.app("GET", "/v1/reporting_webhooks", null).json().get("reporting_webhooks"))
        .extracting(n -> n.get("id").asLong()).containsExactly(id);
    // the same endpoint the admin API lists
    assertThat(http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/webhooks", null).body())
        .contains(receiver.url());

    String delivery = send("ada", "complaint@cio-fake.test");
    playSteps();
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.forDelivery(delivery).size() >= 2);
    assertThat(receiver.metricsOf(delivery)).as("delivered is not among its events").containsExactly("sent", "spammed");
    for (WebhookReceiver.Received r : receiver.forDelivery(delivery)) {
      Signatures.assertSigned(r, CioFakeOptions.DEFAULT_WEBHOOK_SECRET, server.clock().instant());
    }
  }

  @Test
  @AllowPitfalls(PitfallIds.INVALID_REQUEST) // the PUT without name and events, on purpose
  void disablingPausesItUpdatingChangesItsEventsAndDeletingEndsIt() {
    long id = http.app("POST", "/v1/reporting_webhooks", body("hook", "[\"email_sent\"]", true)).json()
        .get("id").asLong();
    String quiet = send("ada", "ada@example.com");
    playSteps();
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> receiver.received().isEmpty());

    // the PUT body is the whole webhook (name, endpoint and events are required in it)
    assertThat(http.app("PUT", "/v1/reporting_webhooks/" + id, "{\"disabled\":false}").status()).isEqualTo(400);
    FakeHttp.Response updated = http.app("PUT", "/v1/reporting_webhooks/" + id,
        body("hook", "[\"email_sent\",\"email_delivered\"]", false));
    assertThat(updated.status()).as("%s", updated).isEqualTo(200);
    assertThat(http.app("GET", "/v1/reporting_webhooks/" + id, null).json().get("disabled").asBoolean()).isFalse();
    String heard = send("ada", "ada@example.com");
    playSteps();
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.forDelivery(heard).size() >= 2);
    assertThat(receiver.metricsOf(heard)).containsExactly("sent", "delivered");
    assertThat(receiver.forDelivery(quiet)).as("nothing was sent while it was disabled").isEmpty();

    assertThat(http.app("DELETE", "/v1/reporting_webhooks/" + id, null).status()).isEqualTo(200);
    assertThat(http.app("GET", "/v1/reporting_webhooks/" + id, null).status()).isEqualTo(404);
    int before = receiver.received().size();
    send("ada", "ada@example.com");
    playSteps();
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> receiver.received().size() == before);
  }

  @Test
  @AllowPitfalls(PitfallIds.INVALID_REQUEST)
  void badWebhooksGetTheDocumentedErrors() {
    List<String> bodies = new ArrayList<>(List.of(
        body("x", "[]", false),
        body("x", "[\"email_read\"]", false),
        "{\"name\":\"x\",\"endpoint\":\"not a url\",\"events\":[\"email_sent\"]}",
        "{\"endpoint\":\"" + receiver.url() + "\",\"events\":[\"email_sent\"]}"));
    for (String b : bodies) {
      FakeHttp.Response r = http.app("POST", "/v1/reporting_webhooks", b);
      assertThat(r.status()).as("%s -> %s", b, r).isEqualTo(400);
      assertThat(r.json().at("/errors/0/detail").asText()).as(b).startsWith("The request was malformed");
    }
    assertThat(http.app("PUT", "/v1/reporting_webhooks/777", body("x", "[\"email_sent\"]", false)).status())
        .isEqualTo(404);
    assertThat(http.app("DELETE", "/v1/reporting_webhooks/777", null).json().at("/errors/0/detail").asText())
        .isEqualTo("The webhook ID does not exist.");
  }
}
