package dev.ciofake.webhook;

import dev.ciofake.CioFakeException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Events on demand ({@code POST /__cio/simulate/{metric}}, {@code cio.simulate}) and scripted sequences. */
class WebhookSimulateTest extends WebhookTestBase {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = fake();

  private void identify(String id, String email) {
    assertThat(http.track("PUT", "/api/v1/customers/" + id, "{\"email\":\"" + email + "\"}").status()).isEqualTo(200);
  }

  private WebhookReceiver.Received awaitEvent(String eventId) {
    await("event " + eventId).atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
        .until(() -> receiver.received().stream().anyMatch(r -> r.eventId().equals(eventId)));
    return receiver.received().stream().filter(r -> r.eventId().equals(eventId)).findFirst().orElseThrow();
  }

  @Test
  void simulateBouncedForAPersonEmitsASignedEventNow() {
    identify("s1", "s1@example.com");

    FakeHttp.Response r = http.admin("POST", "/__cio/simulate/bounced",
        "{\"person\":\"s1\",\"failure_message\":\"552 mailbox full\"}");

    assertThat(r.status()).as("%s", r).isEqualTo(201);
    JsonNode event = r.json().get("event");
    WebhookReceiver.Received got = awaitEvent(event.get("event_id").asText());
    assertSigned(got, SECRET);
    assertThat(got.json()).as("the receiver gets exactly the event the admin API returned").isEqualTo(event);
    assertThat(event.get("object_type").asText()).isEqualTo("email");
    assertThat(event.get("metric").asText()).isEqualTo("bounced");
    assertThat(event.at("/data/identifiers/id").asText()).isEqualTo("s1");
    assertThat(event.at("/data/identifiers/email").asText()).isEqualTo("s1@example.com");
    assertThat(event.at("/data/recipient").asText()).isEqualTo("s1@example.com");
    assertThat(event.at("/data/failure_message").asText()).isEqualTo("552 mailbox full");
    assertThat(event.at("/data/delivery_id").asText()).startsWith("simulated-");
  }

  @Test
  void simulateFindsThePersonByEmailOrCioId() {
    identify("s2", "s2@example.com");
    String cioId = http.admin("GET", "/__cio/workspaces/" + site() + "/people/s2", null).json().get("cio_id").asText();

    FakeHttp.Response byEmail = http.admin("POST", "/__cio/simulate/opened", "{\"person\":\"s2@example.com\"}");
    FakeHttp.Response byCioId = http.admin("POST", "/__cio/simulate/clicked",
        "{\"person\":\"cio_" + cioId + "\",\"href\":\"https://example.com/x\",\"link_id\":\"9\"}");

    assertThat(byEmail.status()).isEqualTo(201);
    assertThat(byCioId.status()).isEqualTo(201);
    assertThat(byEmail.json().at("/event/data/identifiers/id").asText()).isEqualTo("s2");
    JsonNode clicked = awaitEvent(byCioId.json().at("/event/event_id").asText()).json();
    assertThat(clicked.at("/data/identifiers/cio_id").asText()).isEqualTo(cioId);
    assertThat(clicked.at("/data/href").asText()).isEqualTo("https://example.com/x");
    assertThat(clicked.at("/data/link_id").asText()).isEqualTo("9");
  }

  @Test
  void simulateForADeliveryUsesItsRecipientAndIds() {
    String delivery = sendEmail("s3", "s3@example.com");
    awaitMetrics(delivery, 2);

    FakeHttp.Response r = http.admin("POST", "/__cio/simulate/spammed", "{\"delivery_id\":\"" + delivery + "\"}");

    assertThat(r.status()).isEqualTo(201);
    assertThat(awaitMetrics(delivery, 3)).containsExactly("sent", "delivered", "spammed");
    JsonNode spammed = receiver.forDelivery(delivery).get(2).json();
    assertThat(spammed.at("/data/recipient").asText()).isEqualTo("s3@example.com");
    assertThat(spammed.at("/data/subject").asText()).isEqualTo("Welcome aboard");
  }

  @Test
  void simulateAnotherChannelAndACustomerEvent() {
    identify("s4", "s4@example.com");

    FakeHttp.Response sms = http.admin("POST", "/__cio/simulate/replied",
        "{\"person\":\"s4\",\"object_type\":\"sms\",\"recipient\":\"+15555550100\"}");
    FakeHttp.Response unsub = http.admin("POST", "/__cio/simulate/unsubscribed", "{\"person\":\"s4\"}");

    assertThat(sms.status()).isEqualTo(201);
    assertThat(sms.json().at("/event/object_type").asText()).isEqualTo("sms");
    assertThat(sms.json().at("/event/data/recipient").asText()).isEqualTo("+15555550100");
    assertThat(unsub.status()).isEqualTo(201);
    assertThat(unsub.json().at("/event/object_type").asText()).isEqualTo("customer");
    assertThat(unsub.json().at("/event/data/customer_id").asText()).isEqualTo("s4");
    awaitEvent(unsub.json().at("/event/event_id").asText());
  }

  @Test
  void theJavaHandleSimulatesToo() {
    identify("s5", "s5@example.com");
    CioFake cio = server.fake();

    Map<String, Object> event = cio.simulate("bounced").person("s5").send();

    assertThat(event.get("metric")).isEqualTo("bounced");
    WebhookReceiver.Received got = awaitEvent((String) event.get("event_id"));
    assertSigned(got, SECRET);
    assertThat(got.json().at("/data/identifiers/id").asText()).isEqualTo("s5");
    await().atMost(Duration.ofSeconds(5)).until(() -> cio.webhookAttempts().stream()
        .anyMatch(a -> event.get("event_id").equals(a.eventId()) && Integer.valueOf(200).equals(a.status())));
  }

  @Test
  void aMetricThatDoesNotExistIs400() {
    identify("s6", "s6@example.com");

    FakeHttp.Response complained = http.admin("POST", "/__cio/simulate/complained", "{\"person\":\"s6\"}");
    FakeHttp.Response smsOpened = http.admin("POST", "/__cio/simulate/opened",
        "{\"person\":\"s6\",\"object_type\":\"sms\"}");

    assertThat(complained.status()).isEqualTo(400);
    assertThat(complained.json().get("error").asText()).contains("metric complained does not exist")
        .contains("spammed");
    assertThat(smsOpened.status()).isEqualTo(400);
    assertThat(smsOpened.json().get("error").asText()).contains("opened").contains("sms");
    assertThatThrownBy(() -> server.fake().simulate("exploded").person("s6").send())
        .isInstanceOfSatisfying(CioFakeException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("exploded");
  }

  @Test
  void anUnknownPersonOrDeliveryIs404() {
    FakeHttp.Response person = http.admin("POST", "/__cio/simulate/bounced", "{\"person\":\"ghost\"}");
    FakeHttp.Response delivery = http.admin("POST", "/__cio/simulate/bounced", "{\"delivery_id\":\"nope\"}");
    FakeHttp.Response site = http.admin("POST", "/__cio/simulate/bounced", "{\"person\":\"x\",\"site_id\":\"nowhere\"}");

    assertThat(person.status()).isEqualTo(404);
    assertThat(person.json().get("error").asText()).contains("no person ghost");
    assertThat(delivery.status()).isEqualTo(404);
    assertThat(delivery.json().get("error").asText()).contains("no delivery nope");
    assertThat(site.status()).isEqualTo(404);
    assertThat(deliveries().get("events")).as("nothing emitted").isEmpty();
  }

  @Test
  void withNeitherPersonNorDeliveryIs400() {
    FakeHttp.Response empty = http.admin("POST", "/__cio/simulate/bounced", null);
    FakeHttp.Response other = http.admin("POST", "/__cio/simulate/bounced", "{\"who\":\"s7\"}");

    assertThat(empty.status()).as("%s", empty).isEqualTo(400);
    assertThat(other.status()).isEqualTo(400);
    assertThat(other.json().get("error").asText()).contains("give delivery_id or person");
  }

  @Test
  void aScriptedSequenceArrivesInOrder() {
    String delivery = sendEmail("s8", "s8@example.com");
    awaitMetrics(delivery, 2);

    FakeHttp.Response r = http.admin("POST", "/__cio/workspaces/" + site() + "/deliveries/" + delivery + "/events",
        "{\"events\":[{\"metric\":\"opened\",\"after_ms\":0},{\"metric\":\"clicked\",\"after_ms\":150,"
            + "\"href\":\"https://example.com/a\",\"link_id\":\"1\"},{\"metric\":\"opened\",\"after_ms\":300},"
            + "{\"metric\":\"converted\",\"after_ms\":450}]}");

    assertThat(r.status()).as("%s", r).isEqualTo(201);
    List<String> scriptedIds = r.json().get("events").findValuesAsText("event_id");
    assertThat(scriptedIds).hasSize(4).doesNotHaveDuplicates();
    Instant scripted = server.clock().instant();
    assertThat(awaitReceived(delivery, 3)).as("after_ms 0: at once").hasSize(3);
    for (int step = 1; step <= 3; step++) {
      advance(Duration.ofMillis(150));
      assertThat(awaitReceived(delivery, 3 + step)).as("150 ms more: one more event, not two").hasSize(3 + step);
    }
    List<WebhookReceiver.Received> got = receiver.forDelivery(delivery);
    assertThat(receiver.metricsOf(delivery)).containsExactly("sent", "delivered", "opened", "clicked", "opened",
        "converted");
    assertThat(got.subList(2, 6).stream().map(WebhookReceiver.Received::eventId).toList())
        .containsExactlyElementsOf(scriptedIds);
    assertThat(got.get(3).json().at("/data/href").asText()).isEqualTo("https://example.com/a");
    got.forEach(e -> assertSigned(e, SECRET));
    List<Instant> postedAt = new java.util.ArrayList<>();
    for (String id : scriptedIds) {
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
          .until(() -> server.fake().webhookAttempts().stream().anyMatch(a -> a.eventId().equals(id)));
      postedAt.add(server.fake().webhookAttempts().stream().filter(a -> a.eventId().equals(id)).findFirst()
          .orElseThrow().at());
    }
    assertThat(postedAt).as("posted at the scripted 0, 150, 300 and 450 ms of the fake's time").containsExactly(
        scripted, scripted.plusMillis(150), scripted.plusMillis(300), scripted.plusMillis(450));
  }

  @Test
  void aBadScriptIsRefused() {
    String delivery = sendEmail("s9", "s9@example.com");
    String base = "/__cio/workspaces/" + site() + "/deliveries/";

    FakeHttp.Response badMetric = http.admin("POST", base + delivery + "/events",
        "{\"events\":[{\"metric\":\"replied\"}]}");
    FakeHttp.Response empty = http.admin("POST", base + delivery + "/events", "{\"events\":[]}");
    FakeHttp.Response unknown = http.admin("POST", base + "nope/events", "{\"events\":[{\"metric\":\"opened\"}]}");

    assertThat(badMetric.status()).isEqualTo(400);
    assertThat(badMetric.json().get("error").asText()).contains("replied").contains("email");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(unknown.status()).isEqualTo(404);
  }
}
