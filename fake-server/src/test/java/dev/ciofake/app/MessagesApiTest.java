package dev.ciofake.app;

import static dev.ciofake.app.AppSupport.assertAppErrors;
import static dev.ciofake.app.AppSupport.assertAppOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.RateClass;
import dev.ciofake.RateLimit;
import dev.ciofake.junit5.AllowPitfalls;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Messages read back from the workspace's deliveries (docs/app-api-facts.md section 2, "Messages"): a send's
 * {@code messageObject}, whose metrics grow as its life is reported on the fake's clock, the lists of the workspace,
 * a person, a transactional message and a broadcast (whose trigger delivered to the broadcast's audience), the
 * archived message with its daily quota, and the 404 of an unknown message.
 */
class MessagesApiTest {
  static final Instant T0 = AppSupport.T0;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = AppSupport.extension(AppSupport.shop()
      .rateLimit(RateClass.BROADCAST, RateLimit.perSecond(1000)));

  private FakeHttp http;
  private CioFake cio;

  @BeforeEach
  void people(CioFake fake) {
    cio = fake;
    http = new FakeHttp(cio.baseUrl(), cio.credentials());
    AppSupport.identify(http, "ada", "{\"email\":\"ada@example.com\",\"plan\":\"pro\"}");
    AppSupport.identify(http, "bob", "{\"email\":\"bob@example.com\",\"plan\":\"free\"}");
  }

  private String send(String json) {
    FakeHttp.Response r = http.app("POST", "/v1/send/email", json);
    return assertAppOk(r).get("delivery_id").asText();
  }

  private JsonNode message(String id) {
    return assertAppOk(http.app("GET", "/v1/messages/" + id, null)).get("message");
  }

  @Test
  void aSendsMessageShowsItsMetricsAsTheyAreReached() {
    long now = cio.now().getEpochSecond();
    String id = send("{\"transactional_message_id\":\"receipt\",\"to\":\"ada@example.com\","
        + "\"identifiers\":{\"id\":\"ada\"},\"message_data\":{\"order_id\":\"o-1\"}}");
    JsonNode m = message(id);
    assertThat(m.get("id").asText()).isEqualTo(id);
    assertThat(m.get("type").asText()).isEqualTo("email");
    assertThat(m.get("recipient").asText()).isEqualTo("ada@example.com");
    assertThat(m.get("customer_id").asText()).isEqualTo("ada");
    assertThat(m.at("/customer_identifiers/email").asText()).isEqualTo("ada@example.com");
    assertThat(m.get("created").asLong()).isEqualTo(now);
    assertThat(m.get("campaign_id").isNull()).isTrue();
    assertThat(m.get("broadcast_id").isNull()).isTrue();
    assertThat(m.get("forgotten").asBoolean()).isFalse();

    // the sent step is due at once and runs on the scheduler's thread: let it run before the clock moves
    await().atMost(Duration.ofSeconds(5)).until(() -> message(id).path("metrics").has("sent"));
    cio.advanceClock(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> message(id).path("metrics").has("delivered"));
    JsonNode metrics = message(id).get("metrics");
    assertThat(metrics.get("sent").asLong()).isEqualTo(now);
    assertThat(metrics.get("delivered").asLong()).as("200 ms later, in whole seconds").isEqualTo(now);
  }

  @Test
  void listsFilterByPersonMetricTypeAndTransactionalMessage() {
    String a = send("{\"transactional_message_id\":3,\"to\":\"ada@example.com\",\"identifiers\":{\"id\":\"ada\"}}");
    String b = send("{\"transactional_message_id\":\"receipt\",\"to\":\"bob@example.com\","
        + "\"identifiers\":{\"id\":\"bob\"}}");
    assertThat(http.app("POST", "/v1/send/sms", "{\"transactional_message_id\":4,\"identifiers\":{\"id\":\"ada\"},"
        + "\"to\":\"+15551234567\"}").status()).isEqualTo(200);

    JsonNode all = assertAppOk(http.app("GET", "/v1/messages", null)).get("messages");
    assertThat(all).hasSize(3);
    assertThat(all.get(0).get("type").asText()).as("newest first").isEqualTo("twilio");
    assertThat(assertAppOk(http.app("GET", "/v1/messages?type=email", null)).get("messages")).hasSize(2);
    assertThat(assertAppOk(http.app("GET", "/v1/customers/ada/messages", null)).get("messages"))
        .extracting(n -> n.get("type").asText()).containsExactly("twilio", "email");
    assertThat(assertAppOk(http.app("GET", "/v1/transactional/3/messages", null)).get("messages"))
        .extracting(n -> n.get("id").asText()).as("by id and by trigger name").containsExactly(b, a);
    JsonNode page = assertAppOk(http.app("GET", "/v1/messages?limit=2", null));
    assertThat(page.get("messages")).hasSize(2);
    assertThat(assertAppOk(http.app("GET", "/v1/messages?limit=2&start=" + page.get("next").asText(), null))
        .get("messages")).hasSize(1);
  }

  @Test
  void aBroadcastTriggerDeliversTheFirstActionToItsAudience() {
    JsonNode t = assertAppOk(http.app("POST", "/v1/campaigns/12/triggers", "{}"));
    JsonNode messages = assertAppOk(http.app("GET", "/v1/broadcasts/12/messages", null)).get("messages");
    assertThat(messages).as("the broadcast's own recipients: segment 3, plan pro").hasSize(1);
    JsonNode m = messages.get(0);
    assertThat(m.get("customer_id").asText()).isEqualTo("ada");
    assertThat(m.get("broadcast_id").asInt()).isEqualTo(12);
    assertThat(m.get("action_id").asInt()).isEqualTo(34);
    assertThat(m.get("subject").asText()).isEqualTo("Sale!");
    assertThat(assertAppOk(http.app("GET", "/v1/broadcasts/12/triggers", null)).get("triggers"))
        .extracting(n -> n.get("id").asLong()).containsExactly(t.get("id").asLong());

    assertAppOk(http.app("POST", "/v1/campaigns/12/triggers", "{\"ids\":[\"bob\"]}"));
    assertThat(assertAppOk(http.app("GET", "/v1/broadcasts/12/messages", null)).get("messages")).hasSize(2);
  }

  @Test
  @AllowPitfalls("invalid-request")
  void aWorkspaceThatDefinesBroadcastsRefusesATriggerOfAnotherOne() {
    assertThat(assertAppErrors(http.app("POST", "/v1/campaigns/99/triggers", "{}"), 404))
        .contains("broadcast id 99 is not defined");
  }

  @Test
  void theArchivedMessageIsWhatWasSentWithinADailyQuota() {
    String id = send("{\"to\":\"ada@example.com\",\"identifiers\":{\"id\":\"ada\"},\"from\":\"shop@example.com\","
        + "\"subject\":\"Hi\",\"body\":\"<p>Hello</p>\"}");
    FakeHttp.Response r = http.app("GET", "/v1/messages/" + id + "/archived_message", null);
    JsonNode a = assertAppOk(r).get("archived_message");
    assertThat(a.get("body").asText()).isEqualTo("<p>Hello</p>");
    assertThat(a.get("subject").asText()).isEqualTo("Hi");
    assertThat(a.get("from").asText()).isEqualTo("shop@example.com");
    assertThat(r.header("X-RateLimit-Limit")).isEqualTo("100");
    assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("99");

    String templated = send("{\"transactional_message_id\":\"receipt\",\"to\":\"bob@example.com\","
        + "\"identifiers\":{\"id\":\"bob\"}}");
    JsonNode t = assertAppOk(http.app("GET", "/v1/messages/" + templated + "/archived_message", null))
        .get("archived_message");
    assertThat(t.get("subject").asText()).as("the template's content, not rendered").isEqualTo("Your receipt");
  }

  @Test
  void pastTheDailyQuotaArchivedMessagesAre429WithoutRetryAfter() {
    String id = send("{\"to\":\"ada@example.com\",\"identifiers\":{\"id\":\"ada\"},\"from\":\"a@example.com\","
        + "\"subject\":\"s\",\"body\":\"b\"}");
    cio.advanceClock(Duration.ofDays(1));
    for (int i = 0; i < 100; i++) {
      assertThat(http.app("GET", "/v1/messages/" + id + "/archived_message", null).status()).isEqualTo(200);
    }
    FakeHttp.Response r = http.app("GET", "/v1/messages/" + id + "/archived_message", null);
    assertThat(assertAppErrors(r, 429)).contains("100 request(s) per day");
    assertThat(r.header("Retry-After")).isNull();
    assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("0");
    cio.advanceClock(Duration.ofDays(1));
    assertThat(http.app("GET", "/v1/messages/" + id + "/archived_message", null).status()).isEqualTo(200);
  }

  @Test
  @AllowPitfalls("invalid-request")
  void anUnknownMessageIs404() {
    assertThat(assertAppErrors(http.app("GET", "/v1/messages/nope", null), 404)).isEqualTo("The message does not exist.");
  }
}
