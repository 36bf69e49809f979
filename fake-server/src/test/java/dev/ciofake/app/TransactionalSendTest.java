package dev.ciofake.app;

import static dev.ciofake.app.AppSupport.assertAppOk;
import static dev.ciofake.app.AppSupport.assertMetaError;
import static dev.ciofake.app.AppSupport.deliveries;
import static dev.ciofake.app.AppSupport.delivery;
import static dev.ciofake.app.AppSupport.identify;
import static dev.ciofake.app.AppSupport.pitfalls;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.FakeServerTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * App API transactional sends, {@code POST /v1/send/email|push|sms|whatsapp|in_app|inbox_message}
 * (docs/customerio-facts.md 3.2): the success body, the stored delivery, required fields, {@code send_at}, attachments,
 * and what a suppressed or unsubscribed person gets. Errors are {@code {"meta":{"error":"..."}}}.
 */
class TransactionalSendTest extends FakeServerTestBase {
  private FakeHttp.Response send(String channel, String json) {
    return http.app("POST", "/v1/send/" + channel, json);
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** Checks the 200 body is exactly {@code {"delivery_id","queued_at"}} and returns the delivery id. */
  private static String assertSent(FakeHttp.Response r) {
    long before = now();
    JsonNode body = assertAppOk(r);
    assertThat(AppSupport.fieldNames(body)).containsExactly("delivery_id", "queued_at");
    assertThat(body.get("delivery_id").asText()).matches("[A-Za-z0-9]{28}");
    assertThat(body.get("queued_at").isIntegralNumber()).isTrue();
    assertThat(body.get("queued_at").asLong()).as("queued_at is in seconds").isBetween(before - 5, before + 5);
    return body.get("delivery_id").asText();
  }

  // ---------------------------------------------------------------- success per channel

  @Test
  void emailSendIsStoredWithItsMessageDataAndRenderedRecipient() {
    identify(http, "42", "{\"email\":\"ada@example.com\"}");

    String id = assertSent(send("email", """
        {"transactional_message_id":3,"to":"Ada <ada@example.com>","identifiers":{"id":"42"},
         "message_data":{"order_id":"ord_9","total":19.5},"subject":"Your order","headers":{}}
        """));

    JsonNode d = delivery(http, id);
    assertThat(d.get("channel").asText()).isEqualTo("email");
    assertThat(d.get("transactional_message_id").asInt()).isEqualTo(3);
    assertThat(d.get("recipient").asText()).isEqualTo("Ada <ada@example.com>");
    assertThat(d.at("/message_data/order_id").asText()).isEqualTo("ord_9");
    assertThat(d.get("subject").asText()).isEqualTo("Your order");
    assertThat(d.get("state").asText()).isEqualTo("sent");
    assertThat(d.at("/person/id").asText()).isEqualTo("42");
    assertThat(d.at("/person/email").asText()).isEqualTo("ada@example.com");
    assertThat(d.at("/person/created_by_send").asBoolean()).isFalse();
    assertThat(d.get("request_id").asText()).isNotBlank();
  }

  @Test
  void emailWithATriggerNameAndAttachmentsIsAccepted() {
    String id = assertSent(send("email", """
        {"transactional_message_id":"order_shipped","to":"ada@example.com","identifiers":{"email":"ada@example.com"},
         "attachments":{"invoice.txt":"aGVsbG8gaW52b2ljZQ=="}}
        """));

    JsonNode d = delivery(http, id);
    assertThat(d.get("transactional_message_id").asText()).isEqualTo("order_shipped");
    assertThat(d.get("attachments")).extracting(JsonNode::asText).containsExactly("invoice.txt");
    assertThat(d.at("/person/created_by_send").asBoolean()).as("unknown email creates the person").isTrue();
  }

  @Test
  void emailWithoutTemplateNeedsBodySubjectAndFrom() {
    assertSent(send("email", """
        {"to":"ada@example.com","identifiers":{"id":"42"},"from":"shop@example.com","subject":"Hi","body":"<p>x</p>"}
        """));

    String message = assertMetaError(send("email", """
        {"to":"ada@example.com","identifiers":{"id":"42"},"subject":"Hi","body":"<p>x</p>"}
        """), 400);
    assertThat(message).contains("transactional_message_id is required").contains("body, subject and from");
    assertThat(deliveries(http)).hasSize(1);
  }

  @Test
  void pushGoesToTheGivenTokenOrThePersonsDevices() {
    assertThat(http.track("PUT", "/api/v1/customers/42/devices",
        "{\"device\":{\"id\":\"apns-1\",\"platform\":\"ios\"}}").status()).isEqualTo(200);

    String toDevices = assertSent(send("push", """
        {"transactional_message_id":4,"identifiers":{"id":"42"},"title":"Hi","message":"Shipped"}
        """));
    String toToken = assertSent(send("push", """
        {"transactional_message_id":4,"identifiers":{"id":"42"},"to":"fcm-explicit"}
        """));

    JsonNode d = delivery(http, toDevices);
    assertThat(d.get("channel").asText()).isEqualTo("push");
    assertThat(d.get("recipient")).extracting(JsonNode::asText).containsExactly("apns-1");
    assertThat(d.get("title").asText()).isEqualTo("Hi");
    assertThat(d.get("message").asText()).isEqualTo("Shipped");
    assertThat(delivery(http, toToken).get("recipient").asText()).isEqualTo("fcm-explicit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sms", "whatsapp"})
  void smsAndWhatsappGoToTheGivenNumber(String channel) {
    String id = assertSent(send(channel, """
        {"transactional_message_id":"5","identifiers":{"id":"42"},"to":"+15551234567","message_data":{"code":"1234"}}
        """));

    JsonNode d = delivery(http, id);
    assertThat(d.get("channel").asText()).isEqualTo(channel);
    assertThat(d.get("recipient").asText()).isEqualTo("+15551234567");
    assertThat(d.at("/message_data/code").asText()).isEqualTo("1234");
  }

  @ParameterizedTest
  @ValueSource(strings = {"in_app", "inbox_message"})
  void inAppAndInboxGoToThePerson(String channel) {
    identify(http, "42", "{}");

    String id = assertSent(send(channel, """
        {"transactional_message_id":8,"identifiers":{"id":"42"},"language":"fr"}
        """));

    JsonNode d = delivery(http, id);
    assertThat(d.get("channel").asText()).isEqualTo(channel);
    assertThat(d.get("recipient").asText()).isEqualTo("42");
    assertThat(d.get("language").asText()).isEqualTo("fr");
    assertThat(d.get("message_data").isObject()).isTrue();
  }

  @Test
  void everySendGetsItsOwnDeliveryId() {
    String a = assertSent(send("sms", "{\"transactional_message_id\":5,\"identifiers\":{\"id\":\"42\"},\"to\":\"+15550000001\"}"));
    String b = assertSent(send("sms", "{\"transactional_message_id\":5,\"identifiers\":{\"id\":\"42\"},\"to\":\"+15550000001\"}"));

    assertThat(a).isNotEqualTo(b);
    assertThat(deliveries(http)).hasSize(2);
  }

  // ---------------------------------------------------------------- required fields

  @ParameterizedTest
  @ValueSource(strings = {"push", "sms", "whatsapp", "in_app", "inbox_message"})
  void transactionalMessageIdIsRequired(String channel) {
    String message = assertMetaError(send(channel, "{\"identifiers\":{\"id\":\"42\"},\"to\":\"+15551234567\"}"), 400);

    assertThat(message).contains("transactional_message_id is required");
    assertThat(deliveries(http)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-3", "\"\"", "\"  \"", "true", "1.5", "{}"})
  void transactionalMessageIdMustBeAPositiveNumberOrATriggerName(String value) {
    String message = assertMetaError(send("push", "{\"transactional_message_id\":" + value
        + ",\"identifiers\":{\"id\":\"42\"}}"), 400);

    assertThat(message).contains("transactional_message_id");
    assertThat(deliveries(http)).isEmpty();
  }

  @Test
  void identifiersAreRequired() {
    assertThat(assertMetaError(send("push", "{\"transactional_message_id\":4}"), 400)).contains("identifiers is required");
    assertThat(assertMetaError(send("push", "{\"transactional_message_id\":4,\"identifiers\":\"42\"}"), 400))
        .contains("identifiers is required");
    assertThat(deliveries(http)).isEmpty();
  }

  @Test
  void identifiersMustHaveExactlyOneOfIdEmailCioId() {
    assertThat(assertMetaError(send("push", """
        {"transactional_message_id":4,"identifiers":{"id":"42","email":"ada@example.com"}}
        """), 400)).contains("exactly one of id, email or cio_id, got 2");
    assertThat(assertMetaError(send("push", """
        {"transactional_message_id":4,"identifiers":{}}
        """), 400)).contains("got 0");
    assertThat(assertMetaError(send("push", """
        {"transactional_message_id":4,"identifiers":{"phone":"+15551234567"}}
        """), 400)).contains("'phone'");
    assertThat(assertMetaError(send("push", """
        {"transactional_message_id":4,"identifiers":{"id":""}}
        """), 400)).contains("identifiers.id must not be empty");
    assertThat(deliveries(http)).isEmpty();
  }

  @Test
  void identifiersByCioIdMustNameAnExistingPerson() {
    identify(http, "42", "{}");
    String cioId = http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/people/42", null)
        .json().get("cio_id").asText();

    assertSent(send("in_app", "{\"transactional_message_id\":8,\"identifiers\":{\"cio_id\":\"" + cioId + "\"}}"));
    String message = assertMetaError(send("in_app",
        "{\"transactional_message_id\":8,\"identifiers\":{\"cio_id\":\"ffffffff\"}}"), 400);
    assertThat(message).contains("ffffffff");
    assertThat(deliveries(http)).hasSize(1);
  }

  @Test
  void emailNeedsTo() {
    assertThat(assertMetaError(send("email", """
        {"transactional_message_id":3,"identifiers":{"id":"42"}}
        """), 400)).contains("to is required");
    assertThat(assertMetaError(send("email", """
        {"transactional_message_id":3,"identifiers":{"id":"42"},"to":"  "}
        """), 400)).contains("to is required");
    assertThat(deliveries(http)).isEmpty();
  }

  @Test
  void emailTakesAtMost15RecipientsAcrossToCcAndBcc() {
    String ten = String.join(",", java.util.Collections.nCopies(10, "a@example.com"));
    String five = String.join(",", java.util.Collections.nCopies(5, "b@example.com"));
    assertSent(send("email", "{\"transactional_message_id\":3,\"identifiers\":{\"id\":\"42\"},\"to\":\"" + ten
        + "\",\"bcc\":\"" + five + "\"}"));

    String message = assertMetaError(send("email", "{\"transactional_message_id\":3,\"identifiers\":{\"id\":\"42\"},"
        + "\"to\":\"" + ten + "\",\"cc\":\"" + five + "\",\"bcc\":\"c@example.com\"}"), 400);
    assertThat(message).contains("15").contains("16");
  }

  @Test
  void objectFieldsMustBeObjects() {
    assertThat(assertMetaError(send("push", """
        {"transactional_message_id":4,"identifiers":{"id":"42"},"message_data":"x"}
        """), 400)).contains("message_data must be an object");
    assertThat(assertMetaError(send("push", """
        {"transactional_message_id":4,"identifiers":{"id":"42"},"custom_device":[1]}
        """), 400)).contains("custom_device must be an object");
  }

  @Test
  void malformedOrMissingBodyIsAMetaError() {
    assertMetaError(send("sms", "{\"transactional_message_id\":"), 400);
    assertMetaError(http.send("POST", "/v1/send/sms", null, java.util.Map.of("Authorization", http.appAuth())), 400);
    assertThat(deliveries(http)).isEmpty();
  }

  // ---------------------------------------------------------------- send_at

  @Test
  void sendAtInSecondsSchedulesTheDelivery() {
    long at = now() + 3600;

    String id = assertSent(send("sms", "{\"transactional_message_id\":5,\"identifiers\":{\"id\":\"42\"},"
        + "\"to\":\"+15551234567\",\"send_at\":" + at + "}"));

    JsonNode d = delivery(http, id);
    assertThat(d.get("send_at").asLong()).isEqualTo(at);
    assertThat(d.get("state").asText()).isEqualTo("scheduled");
  }

  @Test
  void sendAtInThePastSendsNow() {
    String id = assertSent(send("sms", """
        {"transactional_message_id":5,"identifiers":{"id":"42"},"to":"+15551234567","send_at":1700001000}
        """));

    assertThat(delivery(http, id).get("state").asText()).isEqualTo("sent");
  }

  @Test
  void sendAtInMillisecondsIsRejectedAsAMillisecondTimestamp() {
    long ms = System.currentTimeMillis() + 3_600_000L;

    String message = assertMetaError(send("sms", "{\"transactional_message_id\":5,\"identifiers\":{\"id\":\"42\"},"
        + "\"to\":\"+15551234567\",\"send_at\":" + ms + "}"), 400);

    assertThat(message).contains("send_at").contains("milliseconds").contains(String.valueOf(ms / 1000));
    assertThat(deliveries(http)).isEmpty();
    List<JsonNode> found = pitfalls(http, "millisecond-timestamp");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).at("/evidence/field").asText()).isEqualTo("send_at");
  }

  @Test
  void sendAtMoreThan90DaysAheadIsRejected() {
    long limit = now() + 90L * 24 * 3600;
    assertSent(send("sms", "{\"transactional_message_id\":5,\"identifiers\":{\"id\":\"42\"},"
        + "\"to\":\"+15551234567\",\"send_at\":" + (limit - 60) + "}"));

    String message = assertMetaError(send("sms", "{\"transactional_message_id\":5,\"identifiers\":{\"id\":\"42\"},"
        + "\"to\":\"+15551234567\",\"send_at\":" + (limit + 3600) + "}"), 400);

    assertThat(message).contains("90 days");
    assertThat(deliveries(http)).hasSize(1);
  }

  @Test
  void sendAtThatIsNotAnIntegerIsRejected() {
    assertThat(assertMetaError(send("sms", """
        {"transactional_message_id":5,"identifiers":{"id":"42"},"to":"+15551234567","send_at":"tomorrow"}
        """), 400)).contains("send_at must be a Unix timestamp in seconds");
    assertThat(assertMetaError(send("sms", """
        {"transactional_message_id":5,"identifiers":{"id":"42"},"to":"+15551234567","send_at":"1700001000"}
        """), 400)).contains("send_at must be a Unix timestamp in seconds");
  }

  // ---------------------------------------------------------------- attachments

  /** A base64-looking string whose decoded size, as the fake estimates it (3/4 of the length), is {@code bytes}. */
  private static String attachmentOf(long decodedBytes) {
    // length * 3 / 4 == decodedBytes  <=>  length == ceil(decodedBytes * 4 / 3)
    int length = (int) ((decodedBytes * 4 + 2) / 3);
    assertThat(length * 3L / 4).isEqualTo(decodedBytes);
    return "A".repeat(length);
  }

  private FakeHttp.Response emailWithAttachments(String... base64) {
    StringBuilder sb = new StringBuilder("{\"transactional_message_id\":3,\"to\":\"ada@example.com\","
        + "\"identifiers\":{\"id\":\"42\"},\"attachments\":{");
    for (int i = 0; i < base64.length; i++) {
      sb.append(i == 0 ? "" : ",").append("\"file").append(i).append(".pdf\":\"").append(base64[i]).append('"');
    }
    return send("email", sb.append("}}").toString());
  }

  @Test
  void attachmentsOfOneAndAHalfMegabytesAreAccepted() {
    // Legal for the real API (< 2 MB); the base64 body is about 2 MB, over a 1 MiB body cap.
    assertSent(emailWithAttachments(attachmentOf(1_500_000)));

    assertThat(deliveries(http)).hasSize(1);
  }

  @Test
  void attachmentsTotallingJustUnder2MbAreAccepted() {
    assertSent(emailWithAttachments(attachmentOf(1_048_576), attachmentOf(2 * 1_048_576 - 1_048_576 - 1)));
  }

  @Test
  void attachmentsTotalling2MbOrMoreAre413() {
    String message = assertMetaError(emailWithAttachments(attachmentOf(1_048_576), attachmentOf(1_048_576)), 413);

    assertThat(message).contains("2097152").contains("less than 2 MB");
    assertThat(deliveries(http)).isEmpty();
  }

  @Test
  void anAttachmentThatIsNotAStringIsRejected() {
    assertThat(assertMetaError(send("email", """
        {"transactional_message_id":3,"to":"a@example.com","identifiers":{"id":"42"},"attachments":{"a.pdf":123}}
        """), 400)).contains("attachments.a.pdf");
  }

  // ---------------------------------------------------------------- suppressed and unsubscribed people

  @Test
  void aSuppressedPersonsSendIsAcceptedButStoredAsSuppressed() {
    identify(http, "42", "{\"email\":\"ada@example.com\"}");
    assertThat(http.track("POST", "/api/v1/customers/42/suppress", "{}").status()).isEqualTo(200);

    String id = assertSent(send("email", """
        {"transactional_message_id":3,"to":"ada@example.com","identifiers":{"id":"42"}}
        """));

    assertThat(delivery(http, id).get("state").asText()).isEqualTo("suppressed");
  }

  @Test
  void anUnsubscribedPersonIsSkippedOnlyWhenSendToUnsubscribedIsFalse() {
    identify(http, "42", "{\"email\":\"ada@example.com\",\"unsubscribed\":true}");

    String skipped = assertSent(send("email", """
        {"transactional_message_id":3,"to":"ada@example.com","identifiers":{"id":"42"},"send_to_unsubscribed":false}
        """));
    String byDefault = assertSent(send("email", """
        {"transactional_message_id":3,"to":"ada@example.com","identifiers":{"id":"42"}}
        """));
    String explicit = assertSent(send("email", """
        {"transactional_message_id":3,"to":"ada@example.com","identifiers":{"id":"42"},"send_to_unsubscribed":true}
        """));

    assertThat(delivery(http, skipped).get("state").asText()).isEqualTo("skipped_unsubscribed");
    assertThat(delivery(http, skipped).get("send_to_unsubscribed").asBoolean()).isFalse();
    assertThat(delivery(http, byDefault).get("state").asText()).isEqualTo("sent");
    assertThat(delivery(http, explicit).get("state").asText()).isEqualTo("sent");
  }

  @Test
  void aSubscribedPersonIsSentEvenWithSendToUnsubscribedFalse() {
    identify(http, "42", "{\"email\":\"ada@example.com\",\"unsubscribed\":false}");

    String id = assertSent(send("email", """
        {"transactional_message_id":3,"to":"ada@example.com","identifiers":{"id":"42"},"send_to_unsubscribed":false}
        """));

    assertThat(delivery(http, id).get("state").asText()).isEqualTo("sent");
  }
}
