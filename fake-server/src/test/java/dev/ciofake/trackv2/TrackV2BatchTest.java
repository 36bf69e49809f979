package dev.ciofake.trackv2;

import static dev.ciofake.trackv2.V2Support.BATCH;
import static dev.ciofake.trackv2.V2Support.assertBadRequest;
import static dev.ciofake.trackv2.V2Support.assertOk;
import static dev.ciofake.trackv2.V2Support.assertPartial;
import static dev.ciofake.trackv2.V2Support.deliveryMetrics;
import static dev.ciofake.trackv2.V2Support.events;
import static dev.ciofake.trackv2.V2Support.object;
import static dev.ciofake.trackv2.V2Support.objects;
import static dev.ciofake.trackv2.V2Support.people;
import static dev.ciofake.trackv2.V2Support.personById;
import static dev.ciofake.trackv2.V2Support.personByPhone;
import static dev.ciofake.trackv2.V2Support.pitfalls;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.FakeServerTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v2/batch}: every action in one batch, partial success (207 with {@code batch_index} for the bad
 * items while the good ones are applied), malformed batches (400) and the v2 millisecond-timestamp rule per item.
 */
class TrackV2BatchTest extends FakeServerTestBase {

  private FakeHttp.Response batch(String json) {
    return http.track("POST", BATCH, json);
  }

  // ---------------------------------------------------------------- all good

  @Test
  void aBatchOfEveryActionIsAppliedInOrderAndAnswers200() {
    assertOk(batch("""
        {"batch":[
          {"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":{"email":"ada@example.com"}},
          {"type":"person","identifiers":{"id":"42"},"action":"event","name":"purchase","attributes":{"total":5}},
          {"type":"person","identifiers":{"id":"42"},"action":"screen","name":"Home"},
          {"type":"person","identifiers":{"id":"42"},"action":"page","name":"/pricing"},
          {"type":"person","identifiers":{"id":"42"},"action":"add_device","device":{"token":"tok1","platform":"android"}},
          {"type":"person","identifiers":{"id":"42"},"action":"add_device","device":{"token":"tok2","platform":"ios"}},
          {"type":"person","identifiers":{"id":"42"},"action":"delete_device","device":{"token":"tok2"}},
          {"type":"person","identifiers":{"id":"42"},"action":"add_relationships",
           "cio_relationships":[{"identifiers":{"object_type_id":"1","object_id":"acme"}},
                                {"identifiers":{"object_type_id":"1","object_id":"globex"}}]},
          {"type":"person","identifiers":{"id":"42"},"action":"delete_relationships",
           "cio_relationships":[{"identifiers":{"object_type_id":"1","object_id":"globex"}}]},
          {"type":"person","identifiers":{"phone":"+4915112345678"},"action":"identify","attributes":{"plan":"free"}},
          {"type":"person","identifiers":{"id":"dup"},"action":"identify","attributes":{"city":"Rome"}},
          {"type":"person","action":"merge","primary":{"id":"42"},"secondary":{"id":"dup"}},
          {"type":"person","identifiers":{"id":"spam"},"action":"identify"},
          {"type":"person","identifiers":{"id":"spam"},"action":"suppress"},
          {"type":"person","identifiers":{"id":"back"},"action":"suppress"},
          {"type":"person","identifiers":{"id":"back"},"action":"unsuppress"},
          {"type":"person","identifiers":{"id":"gone"},"action":"identify"},
          {"type":"person","identifiers":{"id":"gone"},"action":"delete"},
          {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify","attributes":{"name":"Acme"}},
          {"type":"object","identifiers":{"object_type_id":"2","object_id":"anon"},"action":"identify_anonymous",
           "cio_relationships":[{"identifiers":{"anonymous_id":"a-1"}}]},
          {"type":"object","identifiers":{"object_type_id":"3","object_id":"tmp"},"action":"identify"},
          {"type":"object","identifiers":{"object_type_id":"3","object_id":"tmp"},"action":"delete"},
          {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"add_relationships",
           "cio_relationships":[{"identifiers":{"id":"spam"}},{"identifiers":{"id":"back"}}]},
          {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"delete_relationships",
           "cio_relationships":[{"identifiers":{"id":"spam"}}]},
          {"type":"delivery","action":"event","identifiers":{"id":"dlv_9"},"name":"delivered","attributes":{"device_token":"tok1"}}
        ]}
        """));

    JsonNode p = personById(http, "42");
    assertThat(p.get("email").asText()).isEqualTo("ada@example.com");
    assertThat(p.at("/attributes/city").asText()).as("merged from dup").isEqualTo("Rome");
    assertThat(p.get("devices")).hasSize(1);
    assertThat(p.at("/devices/0/id").asText()).isEqualTo("tok1");
    assertThat(V2Support.texts(p.get("relationships"))).containsExactly("1:acme");
    assertThat(personById(http, "dup")).isNull();
    assertThat(personById(http, "gone")).isNull();
    assertThat(personById(http, "spam")).as("suppress deletes the profile").isNull();
    assertThat(http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/people/spam", null).json()
        .get("suppressed").asBoolean()).isTrue();
    JsonNode back = personById(http, "back");
    assertThat(back.get("suppressed").asBoolean()).as("unsuppressed, then related to acme").isFalse();
    assertThat(back.get("identified").asBoolean()).as("made by the relationship, not by the unsuppress").isFalse();
    assertThat(personByPhone(http, "+4915112345678")).isNotNull();

    assertThat(events(http)).extracting(e -> e.get("type").asText() + ":" + e.get("name").asText())
        .containsExactly("event:purchase", "screen:Home", "page:/pricing");

    assertThat(object(http, "1:acme").at("/attributes/name").asText()).isEqualTo("Acme");
    assertThat(object(http, "1:acme").get("relationships")).hasSize(1);
    assertThat(object(http, "2:anon")).isNotNull();
    assertThat(object(http, "3:tmp")).isNull();
    assertThat(deliveryMetrics(http)).hasSize(1);
    assertThat(deliveryMetrics(http).get(0).get("delivery_id").asText()).isEqualTo("dlv_9");
  }

  // ---------------------------------------------------------------- partial success

  @Test
  void goodAndBadItemsGive207WithTheBadIndexesAndTheGoodItemsApplied() {
    FakeHttp.Response r = batch("""
        {"batch":[
          {"type":"person","identifiers":{"id":"1"},"action":"identify","attributes":{"plan":"pro"}},
          {"type":"person","identifiers":{"id":"2","email":"two@example.com"},"action":"identify"},
          {"type":"person","identifiers":{"id":"1"},"action":"event","name":"purchase"},
          {"type":"person","identifiers":{"id":"1"},"action":"event"},
          {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify","attributes":{"n":"A"}},
          {"type":"object","identifiers":{"object_type_id":"x","object_id":"bad"},"action":"identify"},
          {"type":"delivery","action":"event","identifiers":{"id":"dlv_1"},"name":"opened","attributes":{"device_token":"t"}},
          {"type":"delivery","action":"event","identifiers":{"id":"dlv_2"},"name":"bounced","attributes":{"device_token":"t"}},
          {"type":"person","identifiers":{"phone":"555"},"action":"identify"}
        ]}
        """);

    JsonNode errors = assertPartial(r, 1, 3, 5, 7, 8);
    assertThat(errors.get(0).get("reason").asText()).isEqualTo("invalid_identifier");
    assertThat(errors.get(0).get("field").asText()).isEqualTo("identifiers");
    assertThat(errors.get(1).get("field").asText()).isEqualTo("name");
    assertThat(errors.get(2).get("field").asText()).isEqualTo("identifiers.object_type_id");
    assertThat(errors.get(3).get("field").asText()).isEqualTo("name");
    assertThat(errors.get(4).get("field").asText()).isEqualTo("identifiers.phone");

    // The good items were applied.
    assertThat(people(http)).hasSize(1);
    assertThat(personById(http, "1").at("/attributes/plan").asText()).isEqualTo("pro");
    assertThat(events(http)).hasSize(1);
    assertThat(events(http).get(0).get("name").asText()).isEqualTo("purchase");
    assertThat(objects(http)).hasSize(1);
    assertThat(object(http, "1:acme")).isNotNull();
    assertThat(deliveryMetrics(http)).hasSize(1);
    assertThat(deliveryMetrics(http).get(0).get("delivery_id").asText()).isEqualTo("dlv_1");

    // The partial rejection is an invalid-request pitfall naming the items.
    List<JsonNode> invalid = pitfalls(http, "invalid-request");
    assertThat(invalid).hasSize(1);
    assertThat(invalid.get(0).get("message").asText()).contains("207");
    assertThat(invalid.get(0).at("/evidence/reasons").toString()).contains("batch item 1").contains("batch item 8");
  }

  @Test
  void itemsThatAreNotObjectsOrHaveNoTypeAre207() {
    FakeHttp.Response r = batch("""
        {"batch":["identify", 42, {"action":"identify"},
                  {"type":"person","identifiers":{"id":"ok"},"action":"identify"}]}
        """);

    JsonNode errors = assertPartial(r, 0, 1, 2);
    assertThat(errors.get(2).get("field").asText()).isEqualTo("type");
    assertThat(personById(http, "ok")).isNotNull();
  }

  @Test
  void anItemTheStateRefusesIsReportedAtItsIndexAndLaterItemsStillApply() {
    // 200 attributes in one item, then 101 new ones: the person would have 301 > 300 unique attributes.
    StringBuilder first = new StringBuilder();
    StringBuilder second = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      first.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":\"v\"");
    }
    for (int i = 0; i < 101; i++) {
      second.append(i == 0 ? "" : ",").append("\"b").append(i).append("\":\"v\"");
    }
    FakeHttp.Response r = batch("{\"batch\":["
        + "{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"identify\",\"attributes\":{" + first + "}},"
        + "{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"identify\",\"attributes\":{" + second + "}},"
        + "{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"event\",\"name\":\"after\"}]}");

    JsonNode errors = assertPartial(r, 1);
    assertThat(errors.get(0).get("message").asText()).contains("300");
    assertThat(personById(http, "42").get("attributes").has("a199")).isTrue();
    assertThat(personById(http, "42").get("attributes").has("b0")).isFalse();
    assertThat(events(http)).hasSize(1);
  }

  @Test
  void onlyBadItemsStillGive207AndChangeNothing() {
    FakeHttp.Response r = batch("""
        {"batch":[{"type":"person","identifiers":{"id":"1","email":"a@b.c"},"action":"identify"},
                  {"type":"person","identifiers":{"id":"1"},"action":"page"}]}
        """);

    assertPartial(r, 0, 1);
    assertThat(people(http)).isEmpty();
    assertThat(events(http)).isEmpty();
  }

  // ---------------------------------------------------------------- millisecond timestamps per item

  @Test
  void millisecondTimestampInAnItemIs207ForThatItemOnly() {
    FakeHttp.Response r = batch("""
        {"batch":[
          {"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":{"plan":"pro"}},
          {"type":"person","identifiers":{"id":"42"},"action":"event","name":"late","timestamp":1700000000000},
          {"type":"person","identifiers":{"id":"42"},"action":"event","name":"ok","timestamp":1700000000},
          {"type":"person","identifiers":{"id":"42"},"action":"add_device","device":{"token":"t","last_used":1700000000000}}
        ]}
        """);

    JsonNode errors = assertPartial(r, 1, 3);
    assertThat(errors.get(0).get("reason").asText()).isEqualTo("invalid_timestamp");
    assertThat(errors.get(0).get("field").asText()).isEqualTo("timestamp");
    assertThat(errors.get(0).get("message").asText()).contains("1700000000000").contains("send 1700000000");
    assertThat(errors.get(1).get("field").asText()).isEqualTo("device.last_used");
    assertThat(events(http)).extracting(e -> e.get("name").asText()).containsExactly("ok");
    assertThat(personById(http, "42").get("devices")).isEmpty();

    List<JsonNode> found = pitfalls(http, "millisecond-timestamp");
    assertThat(found).hasSize(2);
    assertThat(found.get(0).at("/evidence/batch_index").asInt()).isEqualTo(1);
    assertThat(found.get(0).at("/evidence/status").asInt()).isEqualTo(207);
  }

  @Test
  void millisecondTimestampsAreAcceptedInALenientWorkspaceAndStillRecorded() {
    FakeHttp.Response settings = http.admin("PUT", "/__cio/workspaces/" + http.credentials().siteId() + "/settings",
        "{\"lenient_timestamps\":true}");
    assertThat(settings.status()).isEqualTo(200);
    try {
      assertOk(batch("""
          {"batch":[{"type":"person","identifiers":{"id":"42"},"action":"event","name":"late","timestamp":1700000000000}]}
          """));
      assertThat(events(http)).hasSize(1);
      assertThat(pitfalls(http, "millisecond-timestamp")).hasSize(1);
    } finally {
      http.admin("PUT", "/__cio/workspaces/" + http.credentials().siteId() + "/settings",
          "{\"lenient_timestamps\":false}");
    }
  }

  // ---------------------------------------------------------------- malformed batches

  @Test
  void malformedBatchesAre400AndChangeNothing() {
    assertBadRequest(batch("{\"batch\":[{\"type\":\"person\""), "invalid_json", "body");
    assertBadRequest(batch("[{\"type\":\"person\",\"identifiers\":{\"id\":\"1\"},\"action\":\"identify\"}]"),
        "invalid_json", "body");
    assertBadRequest(batch("{\"batch\":{\"type\":\"person\"}}"), "invalid", "batch");
    assertBadRequest(batch("{\"batch\":\"[]\"}"), "invalid", "batch");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void anEmptyBatchIsAcceptedAndChangesNothingAsTheDocumentRequiresNoOperation() {
    assertThat(batch("{}").status()).isEqualTo(200);
    assertThat(batch("{\"batch\":[]}").status()).isEqualTo(200);
    assertThat(http.send("POST", BATCH, null, Map.of("Authorization", http.trackAuth())).status()).isEqualTo(200);
    assertThat(people(http)).isEmpty();
  }

  @Test
  void batchWithTrailingGarbageIsMalformed() {
    assertBadRequest(batch("{\"batch\":[{\"type\":\"person\",\"identifiers\":{\"id\":\"1\"},\"action\":\"identify\"}]} x"),
        "invalid_json", "body");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void batchOfManySmallItemsIsAllApplied() {
    List<String> ops = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ops.add("{\"type\":\"person\",\"identifiers\":{\"id\":\"p" + i + "\"},\"action\":\"identify\"}");
    }
    assertOk(batch(V2Support.batchOf(ops)));
    assertThat(people(http)).hasSize(1000);
  }
}
