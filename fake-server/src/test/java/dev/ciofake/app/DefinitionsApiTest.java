package dev.ciofake.app;

import static dev.ciofake.app.AppSupport.assertAppErrors;
import static dev.ciofake.app.AppSupport.assertAppOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.PitfallIds;
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
 * Definitions a workspace is configured with (docs/app-api-facts.md section 2, "Definitions"): campaigns,
 * broadcasts, newsletters, transactional messages and sender identities seeded from {@code workspaces/shop.yaml},
 * changed through the App API where the real one allows it and restored on reset; their metrics counted from the
 * fake's own deliveries; a bad workspace file refused with each problem named.
 */
class DefinitionsApiTest {
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
    AppSupport.identify(http, "cy", "{\"email\":\"cy@example.com\",\"plan\":\"pro\"}");
  }

  private JsonNode get(String path) {
    return assertAppOk(http.app("GET", path, null));
  }

  private static long sum(JsonNode series) {
    long n = 0;
    for (JsonNode v : series) {
      n += v.asLong();
    }
    return n;
  }

  @Test
  @AllowPitfalls(PitfallIds.INVALID_REQUEST) // the variant read after the reset, which must be gone
  void theWorkspaceFilesCampaignIsReadChangedAndRestoredOnReset() {
    assertThat(get("/v1/campaigns").get("campaigns")).extracting(c -> c.get("id").asInt()).containsExactly(5);
    JsonNode c = get("/v1/campaigns/5").get("campaign");
    assertThat(c.get("name").asText()).isEqualTo("Onboarding");
    assertThat(c.get("trigger_segment_ids")).extracting(JsonNode::asInt).containsExactly(3);
    assertThat(get("/v1/campaigns/5/actions").get("actions")).extracting(a -> a.get("id").asInt())
        .containsExactly(501);
    assertThat(get("/v1/campaigns/5/actions/501").at("/action/subject").asText()).isEqualTo("Welcome!");

    assertAppOk(http.app("PUT", "/v1/campaigns/5/actions/501", "{\"subject\":\"Hello there\"}"));
    assertThat(get("/v1/campaigns/5/actions/501").at("/action/subject").asText()).isEqualTo("Hello there");
    assertAppOk(http.app("PUT", "/v1/campaigns/5/actions/501/language/de", "{\"subject\":\"Hallo\"}"));
    JsonNode de = get("/v1/campaigns/5/actions/501/language/de").get("action");
    assertThat(de.get("subject").asText()).isEqualTo("Hallo");
    assertThat(de.get("language").asText()).isEqualTo("de");
    assertThat(de.get("body").asText()).as("a variant keeps what it does not change").contains("Hi");

    cio.reset();
    assertThat(get("/v1/campaigns/5/actions/501").at("/action/subject").asText()).isEqualTo("Welcome!");
    assertThat(http.app("GET", "/v1/campaigns/5/actions/501/language/de", null).status()).isEqualTo(400);
  }

  @Test
  void aBroadcastsMetricsAreCountedFromWhatItsTriggerDelivered() {
    long trigger = assertAppOk(http.app("POST", "/v1/campaigns/12/triggers", "{\"data\":{\"headline\":\"Sale\"}}"))
        .get("id").asLong();
    cio.advanceClock(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> cio.messages().stream().filter(CioFake.Message::delivered)
        .count() == 2);
    JsonNode series = get("/v1/broadcasts/12/metrics?period=days&steps=3").at("/metric/series");
    assertThat(sum(series.get("sent"))).as("the broadcast's recipients: segment 3, plan pro").isEqualTo(2);
    assertThat(sum(series.get("delivered"))).isEqualTo(2);
    assertThat(sum(series.get("bounced"))).isZero();
    assertThat(series.get("sent")).hasSize(3);
    assertThat(get("/v1/broadcasts/12/messages").get("messages")).extracting(m -> m.get("recipient").asText())
        .containsExactlyInAnyOrder("ada@example.com", "cy@example.com");
    assertThat(get("/v1/broadcasts/12/triggers").toString()).contains(String.valueOf(trigger));
    JsonNode status = get("/v1/campaigns/12/triggers/" + trigger);
    assertThat(status.toString()).contains("\"broadcast_id\":12");
  }

  @Test
  void aTransactionalMessagesDeliveriesAndMetricsAreItsSendsByIdOrTriggerName() {
    assertAppOk(http.app("POST", "/v1/send/email", "{\"transactional_message_id\":3,\"to\":\"ada@example.com\","
        + "\"identifiers\":{\"id\":\"ada\"}}"));
    assertAppOk(http.app("POST", "/v1/send/email", "{\"transactional_message_id\":\"receipt\",\"to\":\"bob@example.com\","
        + "\"identifiers\":{\"id\":\"bob\"}}"));
    assertThat(get("/v1/transactional").toString()).contains("\"trigger_name\":\"receipt\"");
    assertThat(get("/v1/transactional/3/messages").get("messages")).hasSize(2);
    assertThat(sum(get("/v1/transactional/3/metrics?period=days&steps=1").at("/metric/series/sent"))).isEqualTo(2);
    assertThat(get("/v1/transactional/3/contents").toString()).contains("Your receipt");
  }

  @Test
  void aNewsletterCreatedThroughTheAppApiIsSentOnceToItsRecipients() {
    assertThat(http.track("POST", "/api/v1/segments/7/add_customers", "{\"ids\":[\"bob\"]}").status())
        .isEqualTo(200);
    JsonNode created = assertAppOk(http.app("POST", "/v1/newsletters", "{\"name\":\"July\",\"type\":\"email\","
        + "\"recipients\":{\"segment\":{\"id\":7}},\"subject\":\"July\",\"body\":\"<p>July</p>\",\"from_id\":6}"))
        .get("newsletter");
    long id = created.get("id").asLong();
    assertThat(get("/v1/newsletters").get("newsletters")).extracting(n -> n.get("id").asLong()).contains(21L, id);
    assertAppOk(http.app("POST", "/v1/newsletters/" + id + "/send", "{}"));
    assertThat(get("/v1/newsletters/" + id + "/messages").get("messages")).extracting(m -> m.get("recipient")
        .asText()).containsExactly("bob@example.com");
    assertThat(get("/v1/newsletters/" + id).at("/newsletter/sent_at").asLong()).isEqualTo(cio.now().getEpochSecond());
  }

  @Test
  @AllowPitfalls(PitfallIds.INVALID_REQUEST)
  void aSenderIdentityIsUsedByTheDefinitionsThatSendFromIt() {
    assertThat(get("/v1/sender_identities").get("sender_identities")).extracting(s -> s.get("email").asText())
        .containsExactly("shop@example.com");
    JsonNode used = get("/v1/sender_identities/6/used_by");
    assertThat(used.get("campaigns")).extracting(JsonNode::asInt).contains(5);
    assertThat(used.get("draft_newsletters")).extracting(JsonNode::asInt).containsExactly(21);
    assertThat(assertAppErrors(http.app("GET", "/v1/sender_identities/99", null), 404)).contains("99");
    assertAppErrors(http.app("PUT", "/v1/campaigns/5/actions/501", "{\"subject\":42}"), 400);
  }

  @Test
  void aBadWorkspaceFileIsRefusedWithEachProblemNamed() {
    assertThatThrownBy(() -> CioFakeOptions.builder().workspaceFile(
        "segments:\n  - name: no id\n    type: sometimes\ncampaignz: []\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("every item needs an id")
        .hasMessageContaining("manual or dynamic")
        .hasMessageContaining("unknown section 'campaignz'");
  }

  @Test
  void aWorkspaceFileLoadedThroughTheHandleLastsForTheWorkspaceUntilTheWholeFakeIsReset() {
    CioFake other = FAKE.server().newFake(); // a workspace of its own: the class's file is not touched
    FakeHttp h = new FakeHttp(other.baseUrl(), other.credentials());
    assertThat(assertAppOk(h.app("GET", "/v1/segments", null)).get("segments")).as("the fake's own file")
        .anyMatch(seg -> seg.get("id").asInt() == 3);

    other.workspaceFile("segments:\n  - {id: 42, name: Loaded over the admin API, type: manual}\n");
    JsonNode loaded = assertAppOk(h.app("GET", "/v1/segments", null)).get("segments");
    assertThat(loaded).singleElement().satisfies(seg -> assertThat(seg.get("name").asText())
        .isEqualTo("Loaded over the admin API"));

    other.reset();
    assertThat(assertAppOk(h.app("GET", "/v1/segments", null)).get("segments")).as("the workspace's own reset "
        + "keeps it").singleElement().satisfies(seg -> assertThat(seg.get("id").asInt()).isEqualTo(42));

    FakeHttp.Response bad = h.admin("PUT", "/__cio/workspaces/" + other.siteId() + "/workspace-file",
        "{\"campaignz\": []}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("campaignz");
    assertThatThrownBy(() -> other.workspaceFile("segments: [{name: no id}]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");

    FAKE.server().reset();
    assertThat(assertAppOk(h.app("GET", "/v1/segments", null)).get("segments")).as("the whole fake's reset puts "
        + "the fake's own file back").anyMatch(seg -> seg.get("id").asInt() == 3)
        .noneMatch(seg -> seg.get("id").asInt() == 42);
  }
}
