package dev.ciofake.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.FakeClock;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.junit5.FailOn;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fields the reporting-webhook document requires of each object type and metric, one defect each (the whole
 * document is checked by contract-tests' {@code WebhookPayloadContractTest}): read from the workspace's emitted
 * events, on a frozen clock that the tests advance through a delivery's life.
 */
class WebhookPayloadFieldsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = CustomerIoFakeExtension.builder()
      .options(CioFakeOptions.builder().clock(FakeClock.frozenAt(Instant.parse("2026-12-01T08:00:00Z")))
          .rateLimits(false).build())
      .failOn(FailOn.NEVER)
      .systemProperties(false)
      .build();

  private CioFake cio;
  private FakeHttp http;

  @BeforeEach
  void person(CioFake cio) {
    this.cio = cio;
    this.http = new FakeHttp(cio.baseUrl(), cio.credentials());
    long now = cio.now().getEpochSecond();
    assertThat(http.track("PUT", "/api/v1/customers/42", "{\"email\":\"ada@example.com\",\"phone\":\"+15551234567\","
        + "\"created_at\":" + now + "}").status()).isEqualTo(200);
    assertThat(http.track("PUT", "/api/v1/customers/42/devices", "{\"device\":{\"id\":\"apns-1\",\"platform\":\"ios\","
        + "\"last_used\":" + now + "}}").status()).isEqualTo(200);
  }

  private String send(String channel, String body) {
    FakeHttp.Response r = http.app("POST", "/v1/send/" + channel, body);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    cio.advanceClock(Duration.ofSeconds(5));
    return r.json().get("delivery_id").asText();
  }

  /** The emitted events of a delivery, oldest first. */
  private List<JsonNode> emitted(String deliveryId) {
    return cio.webhookEvents().stream().map(e -> (JsonNode) MAPPER.valueToTree(e))
        .filter(e -> e.at("/data/delivery_id").asText().equals(deliveryId)).toList();
  }

  /**
   * The events of a delivery once everything due on the advanced clock has been emitted, oldest first: events are
   * emitted in the order they fall due, so once an event simulated now is emitted, the delivery's life (due earlier)
   * is complete.
   */
  private List<JsonNode> events(String deliveryId, int expected) {
    String marker = simulate("opened", "{\"person\":\"42\"}").get("event_id").asText();
    await("the events due before %s".formatted(marker)).atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> cio.webhookEvents().stream().anyMatch(e -> marker.equals(e.get("event_id"))));
    List<JsonNode> events = emitted(deliveryId);
    assertThat(events).as("events of %s", deliveryId).hasSize(expected);
    return events;
  }

  private JsonNode simulate(String metric, String body) {
    FakeHttp.Response r = http.admin("POST", "/__cio/simulate/" + metric, body);
    assertThat(r.status()).as("simulate %s %s -> %s", metric, body, r).isEqualTo(201);
    return r.json().get("event");
  }

  @Test
  void aTemplateSendReportsAStandInSubjectAndAnInlineSendItsOwn() {
    String template = send("email", "{\"transactional_message_id\":3,\"to\":\"ada@example.com\","
        + "\"identifiers\":{\"id\":\"42\"}}");
    String inline = send("email", "{\"to\":\"ada@example.com\",\"identifiers\":{\"id\":\"42\"},"
        + "\"from\":\"shop@example.com\",\"subject\":\"Your order\",\"body\":\"<p>Shipped</p>\"}");

    assertThat(events(template, 2)).extracting(e -> e.at("/metric").asText()).containsExactly("sent", "delivered");
    assertThat(events(template, 2)).allSatisfy(e -> assertThat(e.at("/data/subject").asText())
        .isEqualTo("Transactional message 3"));
    assertThat(events(inline, 2)).allSatisfy(e -> {
      assertThat(e.at("/data/subject").asText()).isEqualTo("Your order");
      assertThat(e.at("/data/transactional_message_id").asInt()).as("an inline send rolls up to message 1")
          .isEqualTo(1);
    });
  }

  @Test
  void pushRecipientsAreTheDevicesWithTheirPlatform() {
    String devices = send("push", "{\"transactional_message_id\":4,\"identifiers\":{\"id\":\"42\"}}");
    String custom = send("push", "{\"transactional_message_id\":4,\"identifiers\":{\"id\":\"42\"},"
        + "\"custom_device\":{\"token\":\"fcm-9\",\"platform\":\"android\"}}");

    assertThat(events(devices, 2)).extracting(e -> e.at("/metric").asText()).containsExactly("sent", "delivered");
    assertThat(events(devices, 2).get(0).at("/data/recipients").toString())
        .isEqualTo("[{\"device_id\":\"apns-1\",\"device_platform\":\"ios\"}]");
    assertThat(events(custom, 2).get(0).at("/data/recipients").toString())
        .isEqualTo("[{\"device_id\":\"fcm-9\",\"device_platform\":\"android\"}]");
  }

  @Test
  void aPushToAPersonWithoutADeviceIsUndeliverable() {
    assertThat(http.track("PUT", "/api/v1/customers/43", "{\"email\":\"bob@example.com\"}").status()).isEqualTo(200);

    String push = send("push", "{\"transactional_message_id\":4,\"identifiers\":{\"id\":\"43\"}}");

    assertThat(events(push, 1)).singleElement().satisfies(e -> {
      assertThat(e.at("/metric").asText()).isEqualTo("undeliverable");
      assertThat(e.at("/data/failure_message").asText()).contains("no device");
    });
  }

  @Test
  void inAppAndInboxMessagesAreSentButNeverDelivered() {
    String inApp = send("in_app", "{\"transactional_message_id\":7,\"identifiers\":{\"id\":\"42\"}}");
    String inbox = send("inbox_message", "{\"transactional_message_id\":8,\"identifiers\":{\"id\":\"42\"}}");

    for (String d : List.of(inApp, inbox)) {
      assertThat(events(d, 1)).singleElement().satisfies(e -> {
        assertThat(e.at("/object_type").asText()).isEqualTo("in_app");
        assertThat(e.at("/metric").asText()).isEqualTo("sent");
        assertThat(e.at("/data/recipient").asText()).isEqualTo("42");
      });
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"email,attempted", "email,failed", "email,undeliverable", "email,bounced", "email,dropped",
      "sms,attempted", "sms,bounced", "whatsapp,dropped", "push,failed", "in_app,undeliverable", "slack,failed"})
  void everyFailureMetricCarriesAFailureMessage(String objectType, String metric) {
    JsonNode e = simulate(metric, "{\"person\":\"42\",\"object_type\":\"" + objectType + "\"}");

    assertThat(e.at("/object_type").asText()).isEqualTo(objectType);
    assertThat(e.at("/data/failure_message").asText()).isNotBlank();
    if (objectType.equals("email")) {
      assertThat(e.at("/data/subject").isTextual()).isTrue();
    }
  }

  @Test
  void aClickCarriesTheLinkAndItsIntegerId() {
    JsonNode byDefault = simulate("clicked", "{\"person\":\"42\"}");
    JsonNode given = simulate("clicked", "{\"person\":\"42\",\"object_type\":\"sms\",\"href\":\"https://x.test/a\","
        + "\"link_id\":\"9\"}");

    assertThat(byDefault.at("/data/href").asText()).startsWith("https://");
    assertThat(byDefault.at("/data/link_id").isIntegralNumber()).isTrue();
    assertThat(given.at("/data/href").asText()).isEqualTo("https://x.test/a");
    assertThat(given.at("/data/link_id").isIntegralNumber()).as("link_id is an integer").isTrue();
    assertThat(given.at("/data/link_id").asInt()).isEqualTo(9);
    assertThat(http.admin("POST", "/__cio/simulate/clicked", "{\"person\":\"42\",\"link_id\":\"first\"}").status())
        .isEqualTo(400);
  }

  @Test
  void aReplyCarriesTheNumberRepliedToAndTheInboundEventId() {
    String sms = send("sms", "{\"transactional_message_id\":5,\"identifiers\":{\"id\":\"42\"},"
        + "\"to\":\"+15551234567\"}");

    JsonNode byDelivery = simulate("replied", "{\"delivery_id\":\"" + sms + "\"}");
    JsonNode byPerson = simulate("replied", "{\"person\":\"42\",\"object_type\":\"whatsapp\"}");

    for (JsonNode e : List.of(byDelivery, byPerson)) {
      assertThat(e.at("/data/to").asText()).startsWith("+");
      assertThat(e.at("/data/inbound_event_id").asText()).isNotBlank();
      assertThat(e.at("/data/recipient").asText()).as("the person's number").isEqualTo("+15551234567");
    }
    assertThat(byDelivery.at("/object_type").asText()).as("the delivery's own channel").isEqualTo("sms");
  }

  @Test
  void slackWebhookAndPreferenceChangesCanBeEmitted() {
    JsonNode slack = simulate("sent", "{\"person\":\"42\",\"object_type\":\"slack\"}");
    JsonNode webhook = simulate("clicked", "{\"person\":\"42\",\"object_type\":\"webhook\"}");
    JsonNode prefs = simulate("cio_subscription_preferences_changed", "{\"person\":\"42\"}");

    assertThat(slack.at("/object_type").asText()).isEqualTo("slack");
    assertThat(slack.at("/data/recipient").asText()).startsWith("#");
    assertThat(webhook.at("/object_type").asText()).isEqualTo("webhook");
    assertThat(webhook.at("/data/recipient").asText()).startsWith("https://");
    assertThat(prefs.at("/object_type").asText()).isEqualTo("customer");
    assertThat(prefs.at("/data/customer_id").asText()).isEqualTo("42");
    assertThat(prefs.at("/data/email_address").asText()).isEqualTo("ada@example.com");
    assertThat(prefs.at("/data/content").asText()).contains("topics");
    assertThat(prefs.at("/data/campaign_id").isIntegralNumber()).as("the marketing message it came from").isTrue();
  }

  @Test
  void aPersonEventOfSomeoneWithoutAnIdHasABlankCustomerId() {
    assertThat(http.track("PUT", "/api/v1/customers/eve%40example.com", "{}").status()).isEqualTo(200);

    JsonNode e = simulate("unsubscribed", "{\"person\":\"eve@example.com\"}");

    assertThat(e.at("/object_type").asText()).isEqualTo("customer");
    assertThat(e.at("/data/customer_id").isTextual()).as("a string, never null").isTrue();
    assertThat(e.at("/data/customer_id").asText()).isEmpty();
    assertThat(e.at("/data/email_address").asText()).isEqualTo("eve@example.com");
    assertThat(e.at("/data/identifiers/id").isNull()).isTrue();
  }
}
