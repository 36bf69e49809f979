package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertBadRequest;
import static dev.ciofake.track.TrackAssertions.assertErrors;
import static dev.ciofake.track.TrackAssertions.assertOk;
import static dev.ciofake.track.TrackAssertions.events;
import static dev.ciofake.track.TrackAssertions.people;
import static dev.ciofake.track.TrackAssertions.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeServerTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** POST /api/v1/customers/{identifier}/events over HTTP (docs/customerio-facts.md 1.7). */
class PersonEventsApiTest extends FakeServerTestBase {

  @Test
  void eventIsStoredForThePerson() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{}"));

    assertOk(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"purchase","data":{"price":23.45,"sku":"A-1"},"timestamp":1700000100}
        """));

    JsonNode events = events(http, "?person=42");
    assertThat(events).hasSize(1);
    JsonNode e = events.get(0);
    assertThat(e.get("name").asText()).isEqualTo("purchase");
    assertThat(e.get("type").asText()).isEqualTo("event");
    assertThat(e.get("person_id").asText()).isEqualTo("42");
    assertThat(e.get("anonymous_id").isNull()).isTrue();
    assertThat(e.get("timestamp").asLong()).isEqualTo(1700000100L);
    assertThat(e.at("/data/sku").asText()).isEqualTo("A-1");
    assertThat(e.at("/data/price").decimalValue()).isEqualByComparingTo("23.45");
  }

  @ParameterizedTest
  @ValueSource(strings = {"event", "page", "screen"})
  void everyEventTypeIsAcceptedAndStored(String type) {
    assertOk(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"https://example.com/pricing","type":"%s"}
        """.formatted(type)));

    assertThat(events(http).get(0).get("type").asText()).isEqualTo(type);
  }

  @Test
  void eventWithoutTimestampOrDataIsStoredWithEmptyDataAndNullTimestamp() {
    assertOk(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"signed_up"}
        """));

    JsonNode e = events(http).get(0);
    assertThat(e.get("timestamp").isNull()).isTrue();
    assertThat(e.get("data").isObject() && e.get("data").isEmpty()).isTrue();
  }

  @Test
  void eventNameIsTrimmed() {
    assertOk(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"  signed_up  "}
        """));

    assertThat(events(http).get(0).get("name").asText()).isEqualTo("signed_up");
  }

  @Test
  void eventForUnknownPersonCreatesAnUnidentifiedPerson() {
    assertOk(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"signed_up"}
        """));

    JsonNode p = person(http, "42");
    assertThat(p.get("identified").asBoolean()).isFalse();
    assertThat(events(http).get(0).get("person_cio_id").asText()).isEqualTo(p.get("cio_id").asText());
  }

  @Test
  void eventAddressedByEmailIsStoredForThatPerson() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"email":"ada@example.com"}
        """));

    assertOk(http.track("POST", "/api/v1/customers/ada%40example.com/events", """
        {"name":"signed_up"}
        """));

    assertThat(people(http)).hasSize(1);
    assertThat(events(http, "?person=42")).hasSize(1);
  }

  @Test
  void eventAddressedByCioIdIsStoredForThatPerson() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{}"));
    String cioId = people(http).get(0).get("cio_id").asText();

    assertOk(http.track("POST", "/api/v1/customers/cio_" + cioId + "/events", """
        {"name":"signed_up"}
        """));

    assertThat(events(http).get(0).get("person_id").asText()).isEqualTo("42");
  }

  @Test
  void eventWithAnIdSeenTwiceIsStoredOnce() {
    String body = """
        {"name":"purchase","id":"01HZY3M7Q4W8X2B5N6P9R0T1V3"}
        """;

    assertOk(http.track("POST", "/api/v1/customers/42/events", body));
    assertOk(http.track("POST", "/api/v1/customers/42/events", body));

    JsonNode events = events(http);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("id").asText()).isEqualTo("01HZY3M7Q4W8X2B5N6P9R0T1V3");
  }

  @Test
  void eventsWithDistinctIdsAreBothStored() {
    assertOk(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"purchase","id":"01HZY3M7Q4W8X2B5N6P9R0T1V3"}
        """));
    assertOk(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"purchase","id":"01HZY3M7Q4W8X2B5N6P9R0T1V4"}
        """));

    assertThat(events(http)).hasSize(2);
  }

  @Test
  void eventsWithoutIdAreNeverDeduplicated() {
    assertOk(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"purchase"}
        """));
    assertOk(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"purchase"}
        """));

    assertThat(events(http)).hasSize(2);
  }

  // ---------------------------------------------------------------- incorrect forms

  @Test
  void eventWithoutNameIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/customers/42/events", """
        {"data":{"a":1}}
        """), "name is required");
    assertThat(events(http)).isEmpty();
    assertThat(people(http)).isEmpty();
  }

  @Test
  void blankEventNameIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"   "}
        """), "event name cannot be blank");
  }

  @Test
  void emptyEventNameIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/customers/42/events", """
        {"name":""}
        """), "name must not be empty");
  }

  @Test
  void nonStringEventNameIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/customers/42/events", """
        {"name":42}
        """), "name must be a string, got an integer");
  }

  @Test
  void unknownEventTypeIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"x","type":"click"}
        """), "type must be one of [\"event\",\"page\",\"screen\"], got \"click\"");
  }

  @Test
  void stringTimestampIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"x","timestamp":"2024-01-01T00:00:00Z"}
        """), "timestamp must be an integer, got a string");
  }

  @Test
  void dataThatIsNotAnObjectIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"x","data":["a","b"]}
        """), "data must be an object or null, got an array");
  }

  @Test
  void everyViolationIsListed() {
    assertBadRequest(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"x","type":"click","timestamp":"now"}
        """),
        "type must be one of [\"event\",\"page\",\"screen\"], got \"click\"",
        "timestamp must be an integer, got a string");
  }

  @Test
  void emptyBodyIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/customers/42/events", ""),
        "request body is required: send a JSON object");
  }

  @Test
  void invalidCioIdInPathIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/customers/cio_a-b/events", """
        {"name":"x"}
        """), "identifier 'cio_a-b' starts with cio_ but is not a valid cio_id (letters and digits after the prefix)");
  }

  @Test
  void putOnEventsIsMethodNotAllowed() {
    assertErrors(http.track("PUT", "/api/v1/customers/42/events", "{\"name\":\"x\"}"), 405,
        "PUT is not allowed on /api/v1/customers/42/events; allowed: POST");
  }
}
