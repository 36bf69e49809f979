package dev.ciofake.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The events a transactional email produces, received on a local HTTP server: signed (checked with the test's own
 * HMAC code), in the real shape, and in the sequence its recipient asks for.
 */
class WebhookEventsTest extends WebhookTestBase {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = fake();
  /** A ULID: 26 characters of Crockford base32, the first at most 7 (48-bit time). */
  private static final String ULID = "[0-7][0-9A-HJKMNP-TV-Z]{25}";

  private JsonNode person(String id) {
    return http.admin("GET", "/__cio/workspaces/" + site() + "/people/" + id, null).json();
  }

  /** The shape every message event shares. */
  private void messageEvent(WebhookReceiver.Received r, String metric, String deliveryId, String personId,
      String to) {
    JsonNode e = r.json();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/cio-webhooks");
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertSigned(r, SECRET);
    assertThat(e.get("event_id").asText()).matches(ULID);
    assertThat(e.get("object_type").asText()).isEqualTo("email");
    assertThat(e.get("metric").asText()).isEqualTo(metric);
    assertThat(e.get("timestamp").isIntegralNumber()).as("timestamp is a number").isTrue();
    assertThat(e.get("timestamp").asLong()).as("timestamp in seconds, near the signature's")
        .isBetween(Long.parseLong(r.header("X-CIO-Timestamp")) - 10, Long.parseLong(r.header("X-CIO-Timestamp")));
    JsonNode d = e.get("data");
    assertThat(d.get("delivery_id").asText()).isEqualTo(deliveryId);
    assertThat(d.get("transactional_message_id").asInt()).isEqualTo(3);
    assertThat(d.get("recipient").asText()).isEqualTo(to);
    assertThat(d.get("subject").asText()).isEqualTo("Welcome aboard");
    JsonNode ids = d.get("identifiers");
    assertThat(ids.get("id").asText()).isEqualTo(personId);
    assertThat(ids.has("email")).isTrue();
    assertThat(ids.get("cio_id").asText()).isEqualTo(person(personId).get("cio_id").asText());
    assertThat(e.size()).as("exactly event_id, object_type, metric, timestamp, data: %s", e).isEqualTo(5);
  }

  @Test
  void aNormalSendReportsSentThenDeliveredSignedAndInTheRealShape() {
    String delivery = sendEmail("w1", "ada@example.com");

    assertThat(awaitMetrics(delivery, 2)).containsExactly("sent", "delivered");

    List<WebhookReceiver.Received> events = receiver.forDelivery(delivery);
    messageEvent(events.get(0), "sent", delivery, "w1", "ada@example.com");
    messageEvent(events.get(1), "delivered", delivery, "w1", "ada@example.com");
    assertThat(events).allSatisfy(r -> assertThat(r.json().get("data").has("failure_message")).isFalse());
    assertThat(events.get(0).eventId()).isNotEqualTo(events.get(1).eventId());
    assertThat(events.get(0).eventId().compareTo(events.get(1).eventId())).as("ULIDs sort by time")
        .isLessThanOrEqualTo(0);
    assertThat(events.get(0).header("User-Agent")).isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "bounce@cio-fake.test|sent,bounced",
      "bounce+42@cio-fake.test|sent,bounced",
      "complaint@cio-fake.test|sent,delivered,spammed",
      "complaint+vip@cio-fake.test|sent,delivered,spammed",
      "drop@cio-fake.test|dropped",
      "drop+x@cio-fake.test|dropped",
      "bounce@example.com|sent,delivered",
      "someone+bounce@cio-fake.test|sent,delivered"})
  void aMagicRecipientGivesItsSequence(String to, String metrics) {
    String delivery = sendEmail("m-" + Math.abs(to.hashCode()), to);
    List<String> expected = List.of(metrics.split(","));

    List<String> got = awaitMetrics(delivery, expected.size());

    assertThat(got).containsExactlyElementsOf(expected);
    for (WebhookReceiver.Received r : receiver.forDelivery(delivery)) {
      messageEvent(r, r.metric(), delivery, "m-" + Math.abs(to.hashCode()), to);
      boolean failure = r.metric().equals("bounced") || r.metric().equals("dropped");
      assertThat(r.json().get("data").has("failure_message")).as("%s has failure_message", r.metric())
          .isEqualTo(failure);
      if (failure) {
        assertThat(r.json().at("/data/failure_message").asText()).isNotBlank();
      }
    }
  }

  @Test
  void bounceReportsTheSmtpFailure() {
    String delivery = sendEmail("b1", "bounce@cio-fake.test");

    awaitMetrics(delivery, 2);

    JsonNode bounced = receiver.forDelivery(delivery).get(1).json();
    assertThat(bounced.at("/data/failure_message").asText()).startsWith("550 5.1.1");
  }

  @Test
  void unsubscribeEndsWithTheEmailsThenThePersonsUnsubscribedEvent() {
    http.track("PUT", "/api/v1/customers/u1", "{\"email\":\"u1@example.com\"}");
    String delivery = sendEmail("u1", "unsubscribe@cio-fake.test");

    assertThat(awaitMetrics(delivery, 4)).containsExactly("sent", "delivered", "unsubscribed", "unsubscribed");

    messageEvent(receiver.forDelivery(delivery).get(2), "unsubscribed", delivery, "u1", "unsubscribe@cio-fake.test");
    WebhookReceiver.Received u = receiver.forDelivery(delivery).get(3);
    assertSigned(u, SECRET);
    JsonNode e = u.json();
    assertThat(e.get("object_type").asText()).as("the person's event names the channel that caused it")
        .isEqualTo("email");
    assertThat(e.get("event_id").asText()).matches(ULID);
    JsonNode d = e.get("data");
    assertThat(d.get("customer_id").asText()).isEqualTo("u1");
    assertThat(d.get("email_address").asText()).isEqualTo("u1@example.com");
    assertThat(d.at("/identifiers/id").asText()).isEqualTo("u1");
    assertThat(d.at("/identifiers/email").asText()).isEqualTo("u1@example.com");
    assertThat(d.has("recipient")).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() -> person("u1").get("unsubscribed").asBoolean());
  }

  @Test
  void delayDeliversThreeSecondsAfterSent() {
    String delivery = sendEmail("d1", "delay@cio-fake.test");

    assertThat(awaitReceived(delivery, 1)).as("sent at once").containsExactly("sent");
    advance(Duration.ofMillis(2_999));
    await("nothing else 1 ms before the 3 s").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> receiver.forDelivery(delivery).size() == 1);
    advance(Duration.ofMillis(1));
    List<String> metrics = awaitReceived(delivery, 2);

    assertThat(metrics).containsExactly("sent", "delivered");
    List<WebhookReceiver.Received> events = receiver.forDelivery(delivery);
    long sentAt = events.get(0).json().get("timestamp").asLong();
    assertThat(events.get(1).json().get("timestamp").asLong()).as("stamped when it was delivered, 3 s later")
        .isEqualTo(sentAt + 3);
    assertThat(events.get(0).eventId()).isLessThan(events.get(1).eventId());
  }

  @Test
  void everyEventIdIsUnique() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      String delivery = sendEmail("uniq" + i, "complaint@cio-fake.test");
      assertThat(awaitMetrics(delivery, 3)).hasSize(3);
      receiver.forDelivery(delivery).forEach(r -> ids.add(r.eventId()));
    }
    assertThat(ids).hasSize(15).allSatisfy(id -> assertThat(id).matches(ULID));
  }

  @Test
  void theAdminApiListsTheEmittedEventsAndEveryAttempt() {
    String delivery = sendEmail("a1", "ada@example.com");
    awaitMetrics(delivery, 2);

    await().atMost(Duration.ofSeconds(5)).until(() -> deliveries().get("attempts").size() >= 2);
    JsonNode d = deliveries();
    assertThat(d.get("events")).hasSize(2);
    assertThat(d.get("events").get(0).get("metric").asText()).isEqualTo("sent");
    JsonNode attempt = d.get("attempts").get(0);
    assertThat(attempt.get("url").asText()).isEqualTo(receiver.url());
    assertThat(attempt.get("attempt").asInt()).isEqualTo(1);
    assertThat(attempt.get("status").asInt()).isEqualTo(200);
    assertThat(attempt.get("delivered").asBoolean()).isTrue();
    assertThat(attempt.get("latency_ms").asLong()).isBetween(0L, 4_000L);
    assertThat(attempt.get("event_id").asText()).isEqualTo(receiver.forDelivery(delivery).get(0).eventId());
    assertThat(attempt.has("next_retry_ms")).isFalse();
  }
}
