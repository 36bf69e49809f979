package dev.ciofake.trackv2;

import static dev.ciofake.trackv2.V2Support.ENTITY;
import static dev.ciofake.trackv2.V2Support.assertBadRequest;
import static dev.ciofake.trackv2.V2Support.assertOk;
import static dev.ciofake.trackv2.V2Support.assertV2Error;
import static dev.ciofake.trackv2.V2Support.deliveryMetrics;
import static dev.ciofake.trackv2.V2Support.object;
import static dev.ciofake.trackv2.V2Support.objects;
import static dev.ciofake.trackv2.V2Support.people;
import static dev.ciofake.trackv2.V2Support.personById;
import static dev.ciofake.trackv2.V2Support.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.FakeServerTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/v2/entity} with {@code type: object} and {@code type: delivery}, plus what is wrong with a
 * whole entity request (type, action, body, credentials).
 */
class TrackV2ObjectAndDeliveryEntityTest extends FakeServerTestBase {

  private FakeHttp.Response entity(String json) {
    return http.track("POST", ENTITY, json);
  }

  // ---------------------------------------------------------------- object identify

  @Test
  void objectIdentifyCreatesAndUpdatesTheObject() {
    assertOk(entity("""
        {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify",
         "attributes":{"name":"Acme","industry":"retail"}}
        """));
    JsonNode o = object(http, "1:acme");
    assertThat(o).isNotNull();
    assertThat(o.at("/attributes/name").asText()).isEqualTo("Acme");

    // null and "" remove an attribute; other attributes stay.
    assertOk(entity("""
        {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify",
         "attributes":{"industry":null,"plan":"enterprise"}}
        """));
    o = object(http, "1:acme");
    assertThat(o.get("attributes").has("industry")).isFalse();
    assertThat(o.at("/attributes/name").asText()).isEqualTo("Acme");
    assertThat(o.at("/attributes/plan").asText()).isEqualTo("enterprise");
    assertThat(objects(http)).hasSize(1);
  }

  @Test
  void objectIdentifyWithRelationshipsRelatesPeople() {
    assertOk(entity("""
        {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify",
         "attributes":{"name":"Acme"},"cio_relationships":[{"identifiers":{"id":"42"}}]}
        """));

    JsonNode p = personById(http, "42");
    assertThat(p).isNotNull();
    assertThat(texts(p.get("relationships"))).containsExactly("1:acme");
    assertThat(texts(object(http, "1:acme").get("relationships"))).containsExactly(p.get("cio_id").asText());
  }

  @Test
  void objectIdentifyNeedsANumericTypeIdAndAnObjectId() {
    assertBadRequest(entity("""
        {"type":"object","identifiers":{"object_type_id":"company","object_id":"acme"},"action":"identify"}
        """), "invalid_identifier", "identifiers.object_type_id");
    assertBadRequest(entity("""
        {"type":"object","identifiers":{"object_id":"acme"},"action":"identify"}
        """), "invalid_identifier", "identifiers.object_type_id");
    assertBadRequest(entity("""
        {"type":"object","identifiers":{"object_type_id":"1"},"action":"identify"}
        """), "invalid_identifier", "identifiers.object_id");
    assertBadRequest(entity("{\"type\":\"object\",\"action\":\"identify\"}"), "invalid_identifier", "identifiers");
    assertBadRequest(entity("{\"type\":\"object\",\"identifiers\":{\"object_type_id\":\"1\",\"object_id\":\""
        + "o".repeat(151) + "\"},\"action\":\"identify\"}"), "too_large", "identifiers.object_id");
    assertThat(objects(http)).isEmpty();
  }

  @Test
  void objectIdentifyWithCioObjectIdTakesNothingElse() {
    assertBadRequest(entity("""
        {"type":"object","identifiers":{"cio_object_id":"x1","object_id":"acme"},"action":"identify"}
        """), "invalid_identifier", "identifiers");
    assertOk(entity("""
        {"type":"object","identifiers":{"cio_object_id":"x1"},"action":"identify","attributes":{"a":"b"}}
        """));
  }

  @Test
  void objectIdentifyWithNonObjectAttributesIsRejected() {
    assertBadRequest(entity("""
        {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify","attributes":"x"}
        """), "invalid", "attributes");
    assertThat(objects(http)).isEmpty();
  }

  // ---------------------------------------------------------------- identify_anonymous, delete, relationships

  @Test
  void objectIdentifyAnonymousTakesAnonymousIdRelationships() {
    assertOk(entity("""
        {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify_anonymous",
         "cio_relationships":[{"identifiers":{"anonymous_id":"anon-1"}}]}
        """));

    assertThat(object(http, "1:acme")).isNotNull();
    assertThat(people(http)).as("an anonymous relationship creates no person").isEmpty();
  }

  @Test
  void objectIdentifyAnonymousWithoutRelationshipsIsRejected() {
    assertBadRequest(entity("""
        {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"identify_anonymous"}
        """), "invalid", "anonymous_id");
    assertThat(objects(http)).isEmpty();
  }

  @Test
  void objectDeleteRemovesTheObjectAndThePeoplesRelationshipsToIt() {
    assertOk(entity("""
        {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"add_relationships",
         "cio_relationships":[{"identifiers":{"id":"42"}}]}
        """));
    assertThat(texts(personById(http, "42").get("relationships"))).containsExactly("1:acme");

    assertOk(entity("""
        {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"delete"}
        """));

    assertThat(object(http, "1:acme")).isNull();
    assertThat(personById(http, "42").get("relationships")).isEmpty();
  }

  @Test
  void objectAddAndDeleteRelationshipsChangeBothSides() {
    assertOk(entity("""
        {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"add_relationships",
         "cio_relationships":[{"identifiers":{"id":"42"},"relationship_attributes":{"role":"owner"}},
                              {"identifiers":{"email":"bob@example.com"}}]}
        """));
    assertThat(object(http, "1:acme").get("relationships")).hasSize(2);
    assertThat(people(http)).hasSize(2);

    assertOk(entity("""
        {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"delete_relationships",
         "cio_relationships":[{"identifiers":{"id":"42"}}]}
        """));

    assertThat(object(http, "1:acme").get("relationships")).hasSize(1);
    assertThat(personById(http, "42").get("relationships")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"add_relationships", "delete_relationships"})
  void objectRelationshipsNeedExactlyOnePersonIdentifierEach(String action) {
    String prefix = "{\"type\":\"object\",\"identifiers\":{\"object_type_id\":\"1\",\"object_id\":\"acme\"},"
        + "\"action\":\"" + action + "\"";
    assertBadRequest(entity(prefix + "}"), "invalid", "cio_relationships");
    assertBadRequest(entity(prefix + ",\"cio_relationships\":[{\"identifiers\":{\"id\":\"1\",\"email\":\"a@b.c\"}}]}"),
        "invalid_identifier", "cio_relationships[0].identifiers");
    assertBadRequest(entity(prefix + ",\"cio_relationships\":[{\"identifiers\":{\"user\":\"1\"}}]}"),
        "invalid_identifier", "cio_relationships[0].identifiers");
    assertThat(objects(http)).isEmpty();
  }

  @Test
  void objectActionsThatAreNotModelledForObjectsAreRejected() {
    JsonNode e = assertBadRequest(entity("""
        {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"event","name":"x"}
        """), "invalid", "action");
    assertThat(e.get("message").asText()).contains("identify_anonymous");
  }

  // ---------------------------------------------------------------- delivery

  @ParameterizedTest
  @ValueSource(strings = {"opened", "converted", "delivered"})
  void deliveryEventIsRecordedAsAMetric(String metric) {
    assertOk(entity("{\"type\":\"delivery\",\"action\":\"event\",\"identifiers\":{\"id\":\"dlv_1\"},\"name\":\""
        + metric + "\",\"attributes\":{\"device_token\":\"apns-abc\"}}"));

    JsonNode metrics = deliveryMetrics(http);
    assertThat(metrics).hasSize(1);
    assertThat(metrics.get(0).get("kind").asText()).isEqualTo("v2_delivery_event");
    assertThat(metrics.get(0).get("delivery_id").asText()).isEqualTo("dlv_1");
    assertThat(metrics.get(0).at("/body/name").asText()).isEqualTo(metric);
  }

  @Test
  void deliveryEventNeedsItsIdAKnownMetricAndTheDeviceToken() {
    assertBadRequest(entity("""
        {"type":"delivery","action":"event","identifiers":{"id":"dlv_1"},"name":"clicked","attributes":{"device_token":"t"}}
        """), "invalid", "name");
    assertBadRequest(entity("""
        {"type":"delivery","action":"event","identifiers":{"id":"dlv_1"},"name":"opened","attributes":{}}
        """), "invalid", "attributes.device_token");
    assertBadRequest(entity("""
        {"type":"delivery","action":"event","name":"opened","attributes":{"device_token":"t"}}
        """), "invalid_identifier", "identifiers.id");
    assertBadRequest(entity("""
        {"type":"delivery","action":"identify","identifiers":{"id":"dlv_1"},"name":"opened","attributes":{"device_token":"t"}}
        """), "invalid", "action");
    assertThat(deliveryMetrics(http)).isEmpty();
  }

  // ---------------------------------------------------------------- the request as a whole

  @Test
  void unknownTypeOrMissingActionIsRejected() {
    assertBadRequest(entity("{\"type\":\"company\",\"identifiers\":{\"id\":\"1\"},\"action\":\"identify\"}"),
        "invalid", "type");
    assertBadRequest(entity("{\"identifiers\":{\"id\":\"1\"},\"action\":\"identify\"}"), "invalid", "type");
    assertBadRequest(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"1\"}}"), "invalid", "action");
    assertBadRequest(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"1\"},\"action\":\"upsert\"}"),
        "invalid", "action");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void malformedOrMissingBodyIsA400InTheV2Shape() {
    assertBadRequest(entity("{\"type\":\"person\","), "invalid_json", "body");
    assertBadRequest(entity("[{\"type\":\"person\"}]"), "invalid_json", "body");
    assertBadRequest(http.send("POST", ENTITY, null, Map.of("Authorization", http.trackAuth())),
        "invalid_json", "body");
  }

  @Test
  void entityWithoutValidCredentialsIs401() {
    FakeHttp.Response none = http.send("POST", ENTITY,
        "{\"type\":\"person\",\"identifiers\":{\"id\":\"1\"},\"action\":\"identify\"}", Map.of());
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().at("/errors/0/reason").asText()).as("v2 errors shape").isEqualTo("unauthorized");

    FakeHttp.Response wrong = http.send("POST", ENTITY,
        "{\"type\":\"person\",\"identifiers\":{\"id\":\"1\"},\"action\":\"identify\"}",
        Map.of("Authorization", FakeHttp.basic(http.credentials().siteId(), "not-the-key")));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(people(http)).isEmpty();
  }

  @Test
  void entityOnlyTakesPost() {
    FakeHttp.Response r = http.track("GET", ENTITY, null);
    assertV2Error(r, 405);
  }
}
