package dev.ciofake.trackv2;

import static dev.ciofake.trackv2.V2Support.ENTITY;
import static dev.ciofake.trackv2.V2Support.assertBadRequest;
import static dev.ciofake.trackv2.V2Support.assertOk;
import static dev.ciofake.trackv2.V2Support.events;
import static dev.ciofake.trackv2.V2Support.people;
import static dev.ciofake.trackv2.V2Support.personById;
import static dev.ciofake.trackv2.V2Support.personByPhone;
import static dev.ciofake.trackv2.V2Support.pitfalls;
import static dev.ciofake.trackv2.V2Support.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.FakeServerTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/v2/entity} with {@code type: person}, every action, correct and incorrect
 * (docs/customerio-facts.md section 2). Success is checked in the workspace state through the admin API.
 */
class TrackV2PersonEntityTest extends FakeServerTestBase {

  private FakeHttp.Response entity(String json) {
    return http.track("POST", ENTITY, json);
  }

  // ---------------------------------------------------------------- identify

  @Test
  void identifyCreatesThePersonWithItsAttributes() {
    assertOk(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"identify",
         "attributes":{"email":"ada@example.com","plan":"pro","created_at":1700000000}}
        """));

    JsonNode p = personById(http, "42");
    assertThat(p).isNotNull();
    assertThat(p.get("email").asText()).isEqualTo("ada@example.com");
    assertThat(p.at("/attributes/plan").asText()).isEqualTo("pro");
    assertThat(p.get("created_at").asLong()).isEqualTo(1700000000L);
    assertThat(p.get("identified").asBoolean()).isTrue();
  }

  @Test
  void identifyByEmailAndByCioIdUpdateTheSamePerson() {
    assertOk(entity("""
        {"type":"person","identifiers":{"email":"ada@example.com"},"action":"identify","attributes":{"plan":"free"}}
        """));
    String cioId = people(http).get(0).get("cio_id").asText();

    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"cio_id\":\"" + cioId
        + "\"},\"action\":\"identify\",\"attributes\":{\"plan\":\"pro\"}}"));

    assertThat(people(http)).hasSize(1);
    assertThat(people(http).get(0).at("/attributes/plan").asText()).isEqualTo("pro");
  }

  @Test
  void identifyWithAnOlderTimestampIsIgnoredWith200() {
    assertOk(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"identify","timestamp":1700000100,"attributes":{"plan":"pro"}}
        """));
    assertOk(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"identify","timestamp":1700000000,"attributes":{"plan":"old"}}
        """));

    assertThat(personById(http, "42").at("/attributes/plan").asText()).isEqualTo("pro");
  }

  @Test
  void identifyWithANonIntegerTimestampIsRejectedLikeAnEvent() {
    assertBadRequest(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"identify","timestamp":"yesterday","attributes":{"plan":"pro"}}
        """), "invalid", "timestamp");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void identifyWithRelationshipsRelatesThePersonToObjects() {
    assertOk(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":{"plan":"pro"},
         "cio_relationships":[{"identifiers":{"object_type_id":"1","object_id":"acme"}}]}
        """));

    assertThat(texts(personById(http, "42").get("relationships"))).containsExactly("1:acme");
  }

  @Test
  void identifyByE164PhoneCreatesAPersonWithThatPhone() {
    assertOk(entity("""
        {"type":"person","identifiers":{"phone":"+15551234567"},"action":"identify","attributes":{"plan":"pro"}}
        """));

    JsonNode p = personByPhone(http, "+15551234567");
    assertThat(p).isNotNull();
    assertThat(p.at("/attributes/plan").asText()).isEqualTo("pro");
    assertThat(p.get("email").isNull()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"5551234567", "+0551234567", "+1 555 123 4567", "+1555123456789012", "(555) 123-4567"})
  void phoneNotInE164IsRejected(String phone) {
    JsonNode e = assertBadRequest(entity("{\"type\":\"person\",\"identifiers\":{\"phone\":\"" + phone
        + "\"},\"action\":\"identify\",\"attributes\":{}}"), "invalid_identifier", "identifiers.phone");

    assertThat(e.get("message").asText()).contains("E.164");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void twoIdentifiersAreRejectedWithTheV2ErrorShape() {
    FakeHttp.Response r = entity("""
        {"type":"person","identifiers":{"id":"42","email":"ada@example.com"},"action":"identify","attributes":{}}
        """);

    JsonNode e = assertBadRequest(r, "invalid_identifier", "identifiers");
    assertThat(e.get("message").asText()).contains("exactly one").contains("multiple identifiers are not allowed");
    assertThat(r.body()).startsWith("{\"errors\":[{\"reason\":");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void missingOrEmptyIdentifiersAreRejected() {
    assertBadRequest(entity("{\"type\":\"person\",\"action\":\"identify\",\"attributes\":{}}"),
        "invalid_identifier", "identifiers");
    assertBadRequest(entity("{\"type\":\"person\",\"identifiers\":{},\"action\":\"identify\"}"),
        "invalid_identifier", "identifiers");
    assertBadRequest(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"\"},\"action\":\"identify\"}"),
        "invalid_identifier", "identifiers.id");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void unknownIdentifierKeyIsRejected() {
    JsonNode e = assertBadRequest(entity("""
        {"type":"person","identifiers":{"user_id":"42"},"action":"identify","attributes":{}}
        """), "invalid_identifier", "identifiers.user_id");

    assertThat(e.get("message").asText()).contains("user_id");
  }

  @Test
  void identifierOver150BytesIsRejected() {
    assertBadRequest(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"" + "a".repeat(151)
        + "\"},\"action\":\"identify\"}"), "too_large", "identifiers.id");
    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"" + "a".repeat(150)
        + "\"},\"action\":\"identify\"}"));
  }

  @Test
  void identifyWithNonObjectAttributesIsRejected() {
    assertBadRequest(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":["plan"]}
        """), "invalid", "attributes");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void identifyWithAnAttributeValueOver1000BytesIsRejected() {
    JsonNode e = assertBadRequest(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"identify\","
        + "\"attributes\":{\"bio\":\"" + "x".repeat(1001) + "\"}}"), "too_large", "bio");

    assertThat(e.get("message").asText()).isEqualTo("value for attribute 'bio' cannot be longer than 1000 bytes");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void millisecondTimestampInIdentifyIsA400AndAPitfall() {
    JsonNode e = assertBadRequest(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"identify","timestamp":1700000000000,"attributes":{}}
        """), "invalid_timestamp", "timestamp");

    assertThat(e.get("message").asText()).contains("milliseconds").contains("1700000000");
    assertThat(people(http)).isEmpty();
    assertThat(pitfalls(http, "millisecond-timestamp")).hasSize(1);
  }

  @Test
  void millisecondCreatedAtAttributeInIdentifyIsA400() {
    assertBadRequest(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":{"created_at":1700000000000}}
        """), "invalid_timestamp", "attributes.created_at");
    assertThat(people(http)).isEmpty();
  }

  // ---------------------------------------------------------------- delete

  @Test
  void deleteRemovesThePerson() {
    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"identify\"}"));
    assertThat(personById(http, "42")).isNotNull();

    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"delete\"}"));

    assertThat(personById(http, "42")).isNull();
    assertThat(people(http)).isEmpty();
  }

  @Test
  void deleteOfAnUnknownPersonIsA200NoOp() {
    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"email\":\"nobody@example.com\"},\"action\":\"delete\"}"));
    assertThat(people(http)).isEmpty();
  }

  @Test
  void deleteWithTwoIdentifiersIsRejectedAndDeletesNobody() {
    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"identify\"}"));

    assertBadRequest(entity("""
        {"type":"person","identifiers":{"id":"42","cio_id":"03000001"},"action":"delete"}
        """), "invalid_identifier", "identifiers");

    assertThat(personById(http, "42")).isNotNull();
  }

  // ---------------------------------------------------------------- event, screen, page

  @Test
  void eventIsStoredWithItsDataForThePerson() {
    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"identify\"}"));

    assertOk(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"event","name":"purchase",
         "timestamp":1700000000,"attributes":{"total":19.99}}
        """));

    JsonNode events = events(http);
    assertThat(events).hasSize(1);
    JsonNode e = events.get(0);
    assertThat(e.get("name").asText()).isEqualTo("purchase");
    assertThat(e.get("type").asText()).isEqualTo("event");
    assertThat(e.get("person_id").asText()).isEqualTo("42");
    assertThat(e.get("timestamp").asLong()).isEqualTo(1700000000L);
    assertThat(e.at("/data/total").decimalValue()).isEqualByComparingTo("19.99");
  }

  @ParameterizedTest
  @ValueSource(strings = {"screen", "page"})
  void screenAndPageAreStoredWithTheirType(String action) {
    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"identify\"}"));

    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"" + action
        + "\",\"name\":\"/checkout\"}"));

    JsonNode e = events(http).get(0);
    assertThat(e.get("type").asText()).isEqualTo(action);
    assertThat(e.get("name").asText()).isEqualTo("/checkout");
  }

  @ParameterizedTest
  @ValueSource(strings = {"event", "screen", "page"})
  void eventScreenAndPageWithoutNameAreRejected(String action) {
    JsonNode e = assertBadRequest(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\""
        + action + "\"}"), "invalid", "name");

    assertThat(e.get("message").asText()).contains("name is required");
    assertThat(events(http)).isEmpty();
  }

  @Test
  void eventNameOver100BytesIsRejectedWithTheRealMessage() {
    JsonNode e = assertBadRequest(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"event\","
        + "\"name\":\"" + "n".repeat(101) + "\"}"), "too_large", "name");

    assertThat(e.get("message").asText()).isEqualTo("event name cannot be longer than 100 bytes");
    assertThat(events(http)).isEmpty();
  }

  @Test
  void eventWithMillisecondTimestampIsRejected() {
    assertBadRequest(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"event","name":"purchase","timestamp":1700000000000}
        """), "invalid_timestamp", "timestamp");
    assertThat(events(http)).isEmpty();
  }

  @Test
  void eventWithNonIntegerTimestampOrNonStringIdIsRejected() {
    assertBadRequest(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"event","name":"purchase","timestamp":"yesterday"}
        """), "invalid", "timestamp");
    assertBadRequest(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"event","name":"purchase","id":12345}
        """), "invalid", "id");
    assertThat(events(http)).isEmpty();
  }

  @Test
  void eventWithARepeatedIdIsDeduplicated() {
    String op = """
        {"type":"person","identifiers":{"id":"42"},"action":"event","name":"purchase","id":"01HZX3V4K2J9"}
        """;
    assertOk(entity(op));
    assertOk(entity(op));

    assertThat(events(http)).hasSize(1);
  }

  // ---------------------------------------------------------------- devices

  @Test
  void addDeviceStoresTheDeviceAndDeleteDeviceRemovesIt() {
    assertOk(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"add_device",
         "device":{"token":"apns-abc","platform":"ios","last_used":1700000000}}
        """));

    JsonNode devices = personById(http, "42").get("devices");
    assertThat(devices).hasSize(1);
    assertThat(devices.get(0).get("id").asText()).isEqualTo("apns-abc");
    assertThat(devices.get(0).get("platform").asText()).isEqualTo("ios");

    assertOk(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"delete_device","device":{"token":"apns-abc"}}
        """));

    assertThat(personById(http, "42").get("devices")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"add_device", "delete_device"})
  void deviceActionsWithoutATokenAreRejected(String action) {
    assertBadRequest(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"" + action
        + "\",\"device\":{\"platform\":\"ios\"}}"), "invalid", "device.token");
    assertBadRequest(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"" + action + "\"}"),
        "invalid", "device.token");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void addDeviceWithAnUnknownPlatformIsRejected() {
    assertBadRequest(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"add_device","device":{"token":"t","platform":"windows"}}
        """), "invalid", "device.platform");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void addDeviceWithMillisecondLastUsedIsRejected() {
    assertBadRequest(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"add_device",
         "device":{"token":"t","platform":"android","last_used":1700000000000}}
        """), "invalid_timestamp", "device.last_used");
    assertThat(people(http)).isEmpty();
  }

  // ---------------------------------------------------------------- merge

  @Test
  void mergeMovesTheSecondaryIntoThePrimary() {
    assertOk(entity("""
        {"type":"person","identifiers":{"id":"primary"},"action":"identify","attributes":{"plan":"pro"}}
        """));
    assertOk(entity("""
        {"type":"person","identifiers":{"email":"dup@example.com"},"action":"identify","attributes":{"city":"Paris"}}
        """));
    assertOk(entity("""
        {"type":"person","identifiers":{"email":"dup@example.com"},"action":"event","name":"viewed"}
        """));

    assertOk(entity("""
        {"type":"person","action":"merge","primary":{"id":"primary"},"secondary":{"email":"dup@example.com"}}
        """));

    assertThat(people(http)).hasSize(1);
    JsonNode p = personById(http, "primary");
    assertThat(p.at("/attributes/plan").asText()).isEqualTo("pro");
    assertThat(p.at("/attributes/city").asText()).isEqualTo("Paris");
    assertThat(p.get("email").asText()).isEqualTo("dup@example.com");
    assertThat(events(http).get(0).get("person_id").asText()).isEqualTo("primary");
  }

  @Test
  void mergeWithTwoIdentifiersOnASideOrAMissingSideIsRejected() {
    assertBadRequest(entity("""
        {"type":"person","action":"merge","primary":{"id":"a","email":"a@example.com"},"secondary":{"id":"b"}}
        """), "invalid_identifier", "primary");
    assertBadRequest(entity("""
        {"type":"person","action":"merge","primary":{"id":"a"}}
        """), "invalid_identifier", "secondary");
    assertBadRequest(entity("""
        {"type":"person","action":"merge","primary":{"phone":"+15551234567"},"secondary":{"id":"b"}}
        """), "invalid_identifier", "primary");
  }

  // ---------------------------------------------------------------- suppress / unsuppress

  @Test
  void suppressDeletesTheProfileAndUnsuppressDoesNotRecreateIt() {
    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"identify\"}"));
    String path = "/__cio/workspaces/" + http.credentials().siteId() + "/people/42";

    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"suppress\"}"));
    assertThat(personById(http, "42")).isNull();
    assertThat(http.admin("GET", path, null).json().get("suppressed").asBoolean()).isTrue();

    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"unsuppress\"}"));
    assertThat(personById(http, "42")).isNull();
    assertThat(http.admin("GET", path, null).status()).isEqualTo(404);
  }

  @Test
  void suppressOfAnUnknownPhoneBlocksThePhoneNotAnEmail() {
    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"phone\":\"+15551234567\"},\"action\":\"suppress\"}"));

    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"phone\":\"+15551234567\"},\"action\":\"identify\","
        + "\"attributes\":{\"plan\":\"pro\"}}"));
    assertThat(personByPhone(http, "+15551234567")).as("an identify of the suppressed phone is ignored").isNull();
    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"email\":\"+15551234567\"},\"action\":\"identify\"}"));
    assertThat(people(http)).as("the same text as an email is not suppressed").hasSize(1);
  }

  @Test
  void suppressWithoutIdentifiersIsRejected() {
    assertBadRequest(entity("{\"type\":\"person\",\"action\":\"suppress\"}"), "invalid_identifier", "identifiers");
  }

  // ---------------------------------------------------------------- relationships

  @Test
  void addAndDeleteRelationshipsChangeThePersonsObjects() {
    assertOk(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"add_relationships","cio_relationships":[
          {"identifiers":{"object_type_id":"1","object_id":"acme"},"relationship_attributes":{"role":"admin"}},
          {"identifiers":{"object_type_id":"2","object_id":"team-a"}}]}
        """));
    assertThat(texts(personById(http, "42").get("relationships"))).containsExactlyInAnyOrder("1:acme", "2:team-a");

    assertOk(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"delete_relationships","cio_relationships":[
          {"identifiers":{"object_type_id":"1","object_id":"acme"}}]}
        """));
    assertThat(texts(personById(http, "42").get("relationships"))).containsExactly("2:team-a");
  }

  @ParameterizedTest
  @ValueSource(strings = {"add_relationships", "delete_relationships"})
  void relationshipActionsNeedANonEmptyListOfObjectIdentifiers(String action) {
    String prefix = "{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"" + action + "\"";
    assertBadRequest(entity(prefix + "}"), "invalid", "cio_relationships");
    assertBadRequest(entity(prefix + ",\"cio_relationships\":[]}"), "invalid", "cio_relationships");
    assertBadRequest(entity(prefix + ",\"cio_relationships\":[{\"identifiers\":{\"object_id\":\"acme\"}}]}"),
        "invalid_identifier", "cio_relationships[0].identifiers");
    assertThat(people(http)).isEmpty();
  }

  // ---------------------------------------------------------------- v2 and v1 share the state

  @Test
  void identifyThroughV2ThenTrackThroughV1IsNotTrackBeforeIdentify() {
    assertOk(entity("""
        {"type":"person","identifiers":{"id":"42"},"action":"identify","attributes":{"email":"ada@example.com"}}
        """));

    FakeHttp.Response v1 = http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"purchase\"}");

    assertThat(v1.status()).as("v1 track: %s", v1).isEqualTo(200);
    assertThat(events(http)).hasSize(1);
    assertThat(events(http).get(0).get("person_id").asText()).isEqualTo("42");
    assertThat(people(http)).hasSize(1);
    assertThat(pitfalls(http, "track-before-identify")).isEmpty();

    // The same v1 call for a person nobody identified is the pitfall: the check above could fail.
    assertThat(http.track("POST", "/api/v1/customers/43/events", "{\"name\":\"purchase\"}").status()).isEqualTo(200);
    assertThat(pitfalls(http, "track-before-identify")).hasSize(1);
  }

  @Test
  void identifyThroughV1ThenEventThroughV2IsNotTrackBeforeIdentify() {
    assertThat(http.track("PUT", "/api/v1/customers/42", "{\"email\":\"ada@example.com\"}").status()).isEqualTo(200);

    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"email\":\"ada@example.com\"},\"action\":\"event\","
        + "\"name\":\"purchase\"}"));

    assertThat(people(http)).hasSize(1);
    assertThat(events(http).get(0).get("person_id").asText()).isEqualTo("42");
    assertThat(pitfalls(http, "track-before-identify")).isEmpty();
  }

  @Test
  void v2EventForAPersonNeverIdentifiedIsTrackBeforeIdentify() {
    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"ghost\"},\"action\":\"event\",\"name\":\"x\"}"));

    assertThat(pitfalls(http, "track-before-identify")).hasSize(1);
  }

  @Test
  void v2DeleteRemovesAPersonIdentifiedThroughV1() {
    assertThat(http.track("PUT", "/api/v1/customers/42", "{}").status()).isEqualTo(200);

    assertOk(entity("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},\"action\":\"delete\"}"));

    assertThat(http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/people/42", null).status())
        .isEqualTo(404);
  }
}
