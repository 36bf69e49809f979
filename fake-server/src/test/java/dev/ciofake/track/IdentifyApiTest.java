package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertBadRequest;
import static dev.ciofake.track.TrackAssertions.assertErrors;
import static dev.ciofake.track.TrackAssertions.assertNoPerson;
import static dev.ciofake.track.TrackAssertions.assertOk;
import static dev.ciofake.track.TrackAssertions.people;
import static dev.ciofake.track.TrackAssertions.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.FakeServerTestBase;
import org.junit.jupiter.api.Test;

/** PUT /api/v1/customers/{identifier} over HTTP: responses, identifier rules (1.3) and state semantics (1.4). */
class IdentifyApiTest extends FakeServerTestBase {

  // ---------------------------------------------------------------- success

  @Test
  void identifyCreatesPersonAndAnswersTheLiveEmptyObject() {
    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/42", """
        {"email":"ada@example.com","created_at":1700000000,"first_name":"Ada","plan":"pro"}
        """);

    assertOk(r);
    JsonNode p = person(http, "42");
    assertThat(p.get("id").asText()).isEqualTo("42");
    assertThat(p.get("email").asText()).isEqualTo("ada@example.com");
    assertThat(p.get("identified").asBoolean()).isTrue();
    assertThat(p.at("/attributes/first_name").asText()).isEqualTo("Ada");
    assertThat(p.at("/attributes/plan").asText()).isEqualTo("pro");
    assertThat(p.at("/attributes/created_at").asLong()).isEqualTo(1700000000L);
    assertThat(p.get("created_at").asLong()).isEqualTo(1700000000L);
    assertThat(p.get("cio_id").asText()).matches("[0-9a-f]{8}");
  }

  @Test
  void identifyWithoutBodyCreatesPersonWithNoAttributes() {
    assertOk(http.send("PUT", "/api/v1/customers/42", null, java.util.Map.of("Authorization", http.trackAuth())));

    JsonNode p = person(http, "42");
    assertThat(p.get("attributes").size()).isEqualTo(1); // only the id
    assertThat(p.at("/attributes/id").asText()).isEqualTo("42");
  }

  @Test
  void identifyWithEmptyObjectCreatesPerson() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{}"));

    assertThat(people(http)).hasSize(1);
  }

  @Test
  void secondIdentifyUpdatesAndKeepsOtherAttributes() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"pro","first_name":"Ada"}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"team"}
        """));

    JsonNode p = person(http, "42");
    assertThat(p.at("/attributes/plan").asText()).isEqualTo("team");
    assertThat(p.at("/attributes/first_name").asText()).isEqualTo("Ada");
    assertThat(people(http)).hasSize(1);
  }

  @Test
  void nullValueRemovesAttribute() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"pro","nickname":"ada"}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"nickname":null}
        """));

    JsonNode attrs = person(http, "42").get("attributes");
    assertThat(attrs.has("nickname")).isFalse();
    assertThat(attrs.get("plan").asText()).isEqualTo("pro");
  }

  @Test
  void emptyStringRemovesAttribute() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"pro","nickname":"ada"}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"nickname":""}
        """));

    assertThat(person(http, "42").get("attributes").has("nickname")).isFalse();
  }

  @Test
  void updateOnlyOnUnknownPersonIsANoOpWith200() {
    assertOk(http.track("PUT", "/api/v1/customers/ghost", """
        {"_update":true,"plan":"pro"}
        """));

    assertThat(people(http)).isEmpty();
  }

  @Test
  void updateOnlyOnKnownPersonUpdatesWithoutStoringTheFlag() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{}"));
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"_update":true,"plan":"pro"}
        """));

    JsonNode attrs = person(http, "42").get("attributes");
    assertThat(attrs.get("plan").asText()).isEqualTo("pro");
    assertThat(attrs.has("_update")).isFalse();
  }

  @Test
  void updateWithOlderOrderingTimestampIsDropped() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"team","_timestamp":1700000200}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"free","_timestamp":1700000100}
        """));

    JsonNode attrs = person(http, "42").get("attributes");
    assertThat(attrs.get("plan").asText()).isEqualTo("team");
    assertThat(attrs.has("_timestamp")).isFalse();
  }

  @Test
  void updateWithNewerOrderingTimestampIsApplied() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"team","_timestamp":1700000100}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"enterprise","_timestamp":1700000200}
        """));

    assertThat(person(http, "42").at("/attributes/plan").asText()).isEqualTo("enterprise");
  }

  @Test
  void identifyOfAnotherPersonDoesNotTouchTheFirst() {
    assertOk(http.track("PUT", "/api/v1/customers/1", """
        {"plan":"pro"}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/2", """
        {"plan":"free"}
        """));

    assertThat(person(http, "1").at("/attributes/plan").asText()).isEqualTo("pro");
    assertThat(person(http, "2").at("/attributes/plan").asText()).isEqualTo("free");
    assertThat(people(http)).hasSize(2);
  }

  // ---------------------------------------------------------------- identifiers (1.3)

  @Test
  void percentEncodedEmailInPathIsAnEmailIdentifier() {
    assertOk(http.track("PUT", "/api/v1/customers/ada%40example.com", """
        {"plan":"pro"}
        """));

    JsonNode p = person(http, "ada%40example.com");
    assertThat(p.get("email").asText()).isEqualTo("ada@example.com");
    assertThat(p.get("id").isNull()).isTrue();
    assertThat(p.at("/attributes/plan").asText()).isEqualTo("pro");
    assertNoPerson(http, "ada%2540example.com");
  }

  @Test
  void emailIdentifierIsCaseInsensitive() {
    assertOk(http.track("PUT", "/api/v1/customers/ada%40example.com", """
        {"plan":"pro"}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/ADA%40Example.COM", """
        {"plan":"team"}
        """));

    assertThat(people(http)).hasSize(1);
    assertThat(person(http, "ada%40example.com").at("/attributes/plan").asText()).isEqualTo("team");
  }

  @Test
  void identifyByIdWithKnownEmailAttachesIdToTheEmailPerson() {
    assertOk(http.track("PUT", "/api/v1/customers/ada%40example.com", "{}"));
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"email":"ada@example.com","plan":"pro"}
        """));

    assertThat(people(http)).hasSize(1);
    JsonNode p = person(http, "42");
    assertThat(p.get("email").asText()).isEqualTo("ada@example.com");
    assertThat(p.at("/attributes/plan").asText()).isEqualTo("pro");
  }

  @Test
  void percentEncodedReservedCharactersAreDecodedIntoTheId() {
    assertOk(http.track("PUT", "/api/v1/customers/team%2Fa%20b", "{}"));

    assertThat(people(http).get(0).get("id").asText()).isEqualTo("team/a b");
  }

  @Test
  void cioPrefixAddressesTheGeneratedCioId() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"pro"}
        """));
    String cioId = people(http).get(0).get("cio_id").asText();

    assertOk(http.track("PUT", "/api/v1/customers/cio_" + cioId, """
        {"plan":"team"}
        """));

    assertThat(people(http)).hasSize(1);
    assertThat(person(http, "42").at("/attributes/plan").asText()).isEqualTo("team");
    assertThat(person(http, "cio_" + cioId).get("id").asText()).isEqualTo("42");
  }

  @Test
  void cioPrefixAllowsChangingTheId() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{}"));
    String cioId = people(http).get(0).get("cio_id").asText();

    assertOk(http.track("PUT", "/api/v1/customers/cio_" + cioId, """
        {"id":"43"}
        """));

    assertNoPerson(http, "42");
    assertThat(person(http, "43").get("cio_id").asText()).isEqualTo(cioId);
  }

  @Test
  void bodyIdOtherThanTheExistingIdIsIgnoredWhenAddressedByEmail() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"email":"ada@example.com"}
        """));

    assertOk(http.track("PUT", "/api/v1/customers/ada%40example.com", """
        {"id":"43","plan":"pro"}
        """));

    JsonNode p = person(http, "42");
    assertThat(p.at("/attributes/plan").isMissingNode()).isTrue();
    assertNoPerson(http, "43");
  }

  @Test
  void unknownCioIdIsDroppedWith200() {
    assertOk(http.track("PUT", "/api/v1/customers/cio_ffff0000", """
        {"plan":"pro"}
        """));

    assertThat(people(http)).isEmpty();
  }

  @Test
  void invalidCioIdIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/cio_!x", "{}"),
        "identifier 'cio_!x' starts with cio_ but is not a valid cio_id (letters and digits after the prefix)");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void emptyCioIdIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/cio_", "{}"),
        "identifier 'cio_' starts with cio_ but is not a valid cio_id (letters and digits after the prefix)");
  }

  @Test
  void blankIdentifierIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/%20", "{}"), "identifier cannot be blank");
  }

  @Test
  void bodyIdDifferentFromPathIdIsRejectedWithTheRealMessage() {
    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/42", """
        {"id":"43","plan":"pro"}
        """);

    assertThat(r.body()).isEqualTo("""
        {
          "meta": {
            "errors": [
              "id attribute and identifier are not the same value"
            ]
          }
        }
        """);
    assertErrors(r, 400, "id attribute and identifier are not the same value");
    assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(r.body().length()));
    assertThat(people(http)).isEmpty();
  }

  @Test
  void bodyIdEqualToPathIdIsAccepted() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"id":"42","plan":"pro"}
        """));

    assertThat(person(http, "42").at("/attributes/plan").asText()).isEqualTo("pro");
  }

  @Test
  void numericBodyIdEqualToPathIdIsAccepted() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"id":42}
        """));

    assertThat(person(http, "42").get("id").asText()).isEqualTo("42");
  }

  // ---------------------------------------------------------------- schema

  @Test
  void nonBooleanUpdateFlagIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42", """
        {"_update":"yes"}
        """), "_update must be a boolean, got a string");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void nonIntegerOrderingTimestampIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42", """
        {"_timestamp":"yesterday"}
        """), "_timestamp must be an integer, got a string");
  }

  @Test
  void objectAsIdIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42", """
        {"id":{"value":"42"}}
        """), "id must be a string or an integer, got an object");
  }

  @Test
  void getOnACustomerIsMethodNotAllowed() {
    assertErrors(http.track("GET", "/api/v1/customers/42", null), 405,
        "GET is not allowed on /api/v1/customers/42; allowed: PUT, DELETE");
  }

  // ---------------------------------------------------------------- workspaces

  @Test
  void workspacesAreIsolated() {
    WorkspaceCredentials other = server.newFake().credentials();
    FakeHttp otherHttp = http.as(other);

    assertOk(otherHttp.track("PUT", "/api/v1/customers/42", """
        {"plan":"other"}
        """));
    assertOk(http.track("PUT", "/api/v1/customers/7", """
        {"plan":"default"}
        """));

    assertThat(people(otherHttp)).hasSize(1);
    assertThat(person(otherHttp, "42").at("/attributes/plan").asText()).isEqualTo("other");
    assertNoPerson(otherHttp, "7");
    assertNoPerson(http, "42");
    assertThat(people(http)).hasSize(1);
  }

  @Test
  void sameIdInTwoWorkspacesIsTwoPeople() {
    WorkspaceCredentials other = server.newFake().credentials();
    FakeHttp otherHttp = http.as(other);

    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"a"}
        """));
    assertOk(otherHttp.track("PUT", "/api/v1/customers/42", """
        {"plan":"b"}
        """));

    assertThat(person(http, "42").at("/attributes/plan").asText()).isEqualTo("a");
    assertThat(person(otherHttp, "42").at("/attributes/plan").asText()).isEqualTo("b");
  }
}
