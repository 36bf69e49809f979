package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertBadRequest;
import static dev.ciofake.track.TrackAssertions.assertErrors;
import static dev.ciofake.track.TrackAssertions.assertOk;
import static dev.ciofake.track.TrackAssertions.events;
import static dev.ciofake.track.TrackAssertions.people;
import static dev.ciofake.track.TrackAssertions.person;
import static dev.ciofake.track.TrackAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.FakeServerTestBase;
import org.junit.jupiter.api.Test;

/** POST /api/v1/events (anonymous events) over HTTP, and their attachment to people (docs/customerio-facts.md 1.7). */
class AnonymousEventsApiTest extends FakeServerTestBase {

  @Test
  void anonymousEventIsStoredWithoutAPerson() {
    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"viewed_pricing","data":{"plan":"pro"},"anonymous_id":"anon_7f3c"}
        """));

    JsonNode e = events(http).get(0);
    assertThat(e.get("name").asText()).isEqualTo("viewed_pricing");
    assertThat(e.get("anonymous_id").asText()).isEqualTo("anon_7f3c");
    assertThat(e.get("person_id").isNull()).isTrue();
    assertThat(e.get("person_cio_id").isNull()).isTrue();
    assertThat(people(http)).isEmpty();
  }

  @Test
  void anonymousPageViewIsStoredAsPage() {
    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"/pricing","type":"page","anonymous_id":"anon_7f3c"}
        """));

    assertThat(events(http).get(0).get("type").asText()).isEqualTo("page");
  }

  @Test
  void anonymousScreenViewWithAnonymousIdIsAccepted() {
    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"Home","type":"screen","anonymous_id":"anon_7f3c"}
        """));

    assertThat(events(http).get(0).get("type").asText()).isEqualTo("screen");
  }

  @Test
  void inviteEventWithRecipientAndNoAnonymousIdIsAccepted() {
    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"invite","data":{"recipient":"friend@example.com"}}
        """));

    JsonNode e = events(http).get(0);
    assertThat(e.get("anonymous_id").isNull()).isTrue();
    assertThat(e.at("/data/recipient").asText()).isEqualTo("friend@example.com");
  }

  @Test
  void emptyAnonymousIdCountsAsAnInviteEvent() {
    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"invite","anonymous_id":"","data":{"recipient":"friend@example.com"}}
        """));

    assertThat(events(http).get(0).get("anonymous_id").isNull()).isTrue();
  }

  @Test
  void eventWithNothingButANameIsAcceptedAsTheDocumentsStandardAnonymousEvent() {
    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"watched_video"}
        """));
    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"viewed_pricing","data":{"plan":"pro"}}
        """));
    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"https://example.com/pricing","type":"page"}
        """));

    assertThat(events(http)).extracting(e -> e.get("name").asText())
        .containsExactly("watched_video", "viewed_pricing", "https://example.com/pricing");
    assertThat(events(http)).allSatisfy(e -> assertThat(e.get("anonymous_id").isNull()).isTrue());
  }

  @Test
  void anonymousScreenViewWithoutAnonymousIdIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/events", """
        {"name":"Home","type":"screen","data":{"recipient":"friend@example.com"}}
        """), "anonymous screen events need an anonymous_id");
  }

  @Test
  void anonymousEventWithoutNameIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/events", """
        {"anonymous_id":"anon_7f3c"}
        """), "name is required");
  }

  @Test
  void nonStringAnonymousIdIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/events", """
        {"name":"x","anonymous_id":7}
        """), "anonymous_id must be a string or null, got an integer");
  }

  @Test
  void emptyBodyIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/events", ""), "request body is required: send a JSON object");
  }

  @Test
  void getOnEventsIsMethodNotAllowed() {
    assertErrors(http.track("GET", "/api/v1/events", null), 405,
        "GET is not allowed on /api/v1/events; allowed: POST");
  }

  @Test
  void anonymousEventWithAnIdSeenTwiceIsStoredOnce() {
    String body = """
        {"name":"viewed_pricing","anonymous_id":"anon_7f3c","id":"01HZY3M7Q4W8X2B5N6P9R0T1V3"}
        """;

    assertOk(http.track("POST", "/api/v1/events", body));
    assertOk(http.track("POST", "/api/v1/events", body));

    assertThat(events(http)).hasSize(1);
  }

  // ---------------------------------------------------------------- attachment to people

  @Test
  void identifyWithAnonymousIdAttachesEarlierAnonymousEvents() {
    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"viewed_pricing","anonymous_id":"anon_7f3c"}
        """));
    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"viewed_docs","anonymous_id":"anon_7f3c"}
        """));
    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"someone_else","anonymous_id":"anon_other"}
        """));

    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"anonymous_id":"anon_7f3c","email":"ada@example.com"}
        """));

    JsonNode mine = events(http, "?person=42");
    assertThat(mine).hasSize(2);
    assertThat(mine.get(0).get("name").asText()).isEqualTo("viewed_pricing");
    assertThat(mine.get(1).get("name").asText()).isEqualTo("viewed_docs");
    assertThat(mine.get(0).get("person_cio_id").asText()).isEqualTo(person(http, "42").get("cio_id").asText());
    assertThat(events(http, "?person=anon_other").get(0).get("person_id").isNull()).isTrue();
    assertThat(texts(person(http, "42").get("anonymous_ids"))).containsExactly("anon_7f3c");
    assertThat(person(http, "42").get("attributes").has("anonymous_id")).isFalse();
  }

  @Test
  void anonymousEventAfterIdentifyGoesStraightToThePerson() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"anonymous_id":"anon_7f3c"}
        """));

    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"viewed_pricing","anonymous_id":"anon_7f3c"}
        """));

    assertThat(events(http).get(0).get("person_id").asText()).isEqualTo("42");
  }

  @Test
  void identifyWithoutAnonymousIdLeavesAnonymousEventsAlone() {
    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"viewed_pricing","anonymous_id":"anon_7f3c"}
        """));

    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"pro"}
        """));

    assertThat(events(http).get(0).get("person_id").isNull()).isTrue();
    assertThat(events(http, "?person=42")).isEmpty();
  }

  @Test
  void anonymousEventsStayInTheirWorkspace() {
    FakeHttp other = http.as(server.newFake().credentials());
    assertOk(http.track("POST", "/api/v1/events", """
        {"name":"viewed_pricing","anonymous_id":"anon_7f3c"}
        """));

    assertOk(other.track("PUT", "/api/v1/customers/42", """
        {"anonymous_id":"anon_7f3c"}
        """));

    assertThat(events(other)).isEmpty();
    assertThat(events(http).get(0).get("person_id").isNull()).isTrue();
  }
}
