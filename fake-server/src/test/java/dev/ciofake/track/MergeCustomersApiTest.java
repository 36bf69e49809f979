package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertMetaError;
import static dev.ciofake.track.TrackAssertions.assertNoPerson;
import static dev.ciofake.track.TrackAssertions.assertOk;
import static dev.ciofake.track.TrackAssertions.events;
import static dev.ciofake.track.TrackAssertions.people;
import static dev.ciofake.track.TrackAssertions.person;
import static dev.ciofake.track.TrackAssertions.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.FakeServerTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /api/v1/merge_customers over HTTP: folding, and the {@code meta.error} (single string) error shape. */
class MergeCustomersApiTest extends FakeServerTestBase {

  private void givenPrimaryAndSecondary() {
    assertOk(http.track("PUT", "/api/v1/customers/primary", """
        {"plan":"pro","shared":"from-primary"}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/secondary", """
        {"email":"sec@example.com","shared":"from-secondary","only_secondary":"kept"}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/secondary/devices", """
        {"device":{"id":"tok_sec","platform":"ios"}}
        """));
    assertOk(http.track("POST", "/api/v1/customers/secondary/events", """
        {"name":"secondary_event"}
        """));
  }

  @Test
  void mergeFoldsSecondaryIntoPrimary() {
    givenPrimaryAndSecondary();

    assertOk(http.track("POST", "/api/v1/merge_customers", """
        {"primary":{"id":"primary"},"secondary":{"id":"secondary"}}
        """));

    assertThat(people(http)).hasSize(1);
    assertNoPerson(http, "secondary");
    JsonNode p = person(http, "primary");
    assertThat(p.at("/attributes/plan").asText()).isEqualTo("pro");
    assertThat(p.at("/attributes/shared").asText()).isEqualTo("from-primary");
    assertThat(p.at("/attributes/only_secondary").asText()).isEqualTo("kept");
    assertThat(p.get("email").asText()).isEqualTo("sec@example.com");
    assertThat(p.get("devices").findValuesAsText("id")).containsExactly("tok_sec");
    JsonNode events = events(http, "?person=primary");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("name").asText()).isEqualTo("secondary_event");
    assertThat(events.get(0).get("person_cio_id").asText()).isEqualTo(p.get("cio_id").asText());
  }

  @Test
  void mergeMovesSegmentMembershipsAndAnonymousIds() {
    assertOk(http.track("PUT", "/api/v1/customers/primary", "{}"));
    assertOk(http.track("PUT", "/api/v1/customers/secondary", """
        {"anonymous_id":"anon_1"}
        """));
    assertOk(http.track("POST", "/api/v1/segments/9/add_customers", """
        {"ids":["secondary"]}
        """));

    assertOk(http.track("POST", "/api/v1/merge_customers", """
        {"primary":{"id":"primary"},"secondary":{"id":"secondary"}}
        """));

    JsonNode p = person(http, "primary");
    assertThat(texts(p.get("segments"))).containsExactly("9");
    assertThat(texts(p.get("anonymous_ids"))).containsExactly("anon_1");
  }

  @Test
  void mergeByEmailAndCioId() {
    givenPrimaryAndSecondary();
    String primaryCioId = person(http, "primary").get("cio_id").asText();

    assertOk(http.track("POST", "/api/v1/merge_customers", """
        {"primary":{"cio_id":"%s"},"secondary":{"email":"sec@example.com"}}
        """.formatted(primaryCioId)));

    assertThat(people(http)).hasSize(1);
    assertThat(person(http, "sec%40example.com").get("id").asText()).isEqualTo("primary");
  }

  @Test
  void mergeWithUnknownSecondaryIsA200NoOp() {
    assertOk(http.track("PUT", "/api/v1/customers/primary", """
        {"plan":"pro"}
        """));

    assertOk(http.track("POST", "/api/v1/merge_customers", """
        {"primary":{"id":"primary"},"secondary":{"id":"nobody"}}
        """));

    assertThat(people(http)).hasSize(1);
  }

  @Test
  void mergeWithUnknownPrimaryKeepsTheSecondary() {
    assertOk(http.track("PUT", "/api/v1/customers/secondary", "{}"));

    assertOk(http.track("POST", "/api/v1/merge_customers", """
        {"primary":{"id":"nobody"},"secondary":{"id":"secondary"}}
        """));

    assertThat(person(http, "secondary").get("deleted").asBoolean()).isFalse();
  }

  @Test
  void mergeAcceptsNumericIds() {
    assertOk(http.track("PUT", "/api/v1/customers/1", "{}"));
    assertOk(http.track("PUT", "/api/v1/customers/2", """
        {"plan":"pro"}
        """));

    assertOk(http.track("POST", "/api/v1/merge_customers", """
        {"primary":{"id":1},"secondary":{"id":2}}
        """));

    assertThat(person(http, "1").at("/attributes/plan").asText()).isEqualTo("pro");
    assertNoPerson(http, "2");
  }

  // ---------------------------------------------------------------- incorrect forms: meta.error

  @Test
  void primaryWithTwoIdentifiersIsRejectedAsASingleErrorString() {
    FakeHttp.Response r = http.track("POST", "/api/v1/merge_customers", """
        {"primary":{"id":"1","email":"a@example.com"},"secondary":{"id":"2"}}
        """);

    assertThat(r.body()).isEqualTo("""
        {
          "meta": {
            "error": "primary must have exactly one identifier: id, email or cio_id"
          }
        }
        """);
    assertMetaError(r, 400, "primary must have exactly one identifier: id, email or cio_id");
    assertThat(r.json().at("/meta/errors").isMissingNode()).isTrue();
  }

  @Test
  void secondaryWithNoKnownIdentifierIsRejected() {
    assertMetaError(http.track("POST", "/api/v1/merge_customers", """
        {"primary":{"id":"1"},"secondary":{"phone":"+15555550100"}}
        """), 400, "secondary must have exactly one identifier: id, email or cio_id");
  }

  @Test
  void bothSidesInvalidAreJoinedIntoOneString() {
    assertMetaError(http.track("POST", "/api/v1/merge_customers", """
        {"primary":{},"secondary":{"id":"1","cio_id":"abc"}}
        """), 400, "primary must have exactly one identifier: id, email or cio_id; "
        + "secondary must have exactly one identifier: id, email or cio_id");
  }

  @Test
  void missingSecondaryIsRejected() {
    assertMetaError(http.track("POST", "/api/v1/merge_customers", """
        {"primary":{"id":"1"}}
        """), 400, "secondary is required");
  }

  @Test
  void identifierOfTheWrongTypeIsRejected() {
    assertMetaError(http.track("POST", "/api/v1/merge_customers", """
        {"primary":{"email":7},"secondary":{"id":"2"}}
        """), 400, "primary.email must be a string, got an integer");
  }

  @Test
  void mergingAPersonWithThemselvesIsRejected() {
    assertOk(http.track("PUT", "/api/v1/customers/1", "{}"));

    assertMetaError(http.track("POST", "/api/v1/merge_customers", """
        {"primary":{"id":"1"},"secondary":{"id":"1"}}
        """), 400, "primary and secondary must be different people");
    assertThat(people(http)).hasSize(1);
  }

  @Test
  void emptyBodyIsRejectedInTheMergeShape() {
    assertMetaError(http.track("POST", "/api/v1/merge_customers", ""), 400,
        "request body is required: send a JSON object");
  }

  @Test
  void arrayBodyIsRejectedInTheMergeShape() {
    assertMetaError(http.track("POST", "/api/v1/merge_customers", "[]"), 400,
        "request body must be a JSON object, got an array");
  }

  @Test
  void malformedJsonIsRejectedInTheMergeShape() {
    FakeHttp.Response r = http.track("POST", "/api/v1/merge_customers", "{\"primary\":");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/meta/error").asText()).startsWith("request body is not valid JSON: ");
  }

  @Test
  void missingCredentialsAre401InTheMergeShape() {
    FakeHttp.Response r = http.send("POST", "/api/v1/merge_customers", """
        {"primary":{"id":"1"},"secondary":{"id":"2"}}
        """, Map.of());

    assertMetaError(r, 401, "Unauthorized request: send HTTP Basic auth with your site id and Track API key.");
  }
}
