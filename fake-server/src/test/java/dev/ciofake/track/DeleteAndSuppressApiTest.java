package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertBadRequest;
import static dev.ciofake.track.TrackAssertions.assertNoPerson;
import static dev.ciofake.track.TrackAssertions.assertOk;
import static dev.ciofake.track.TrackAssertions.people;
import static dev.ciofake.track.TrackAssertions.person;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.testing.FakeServerTestBase;
import org.junit.jupiter.api.Test;

/**
 * DELETE /api/v1/customers/{identifier}, POST .../suppress and POST .../unsuppress over HTTP, with their effect
 * on the person as the admin API shows it.
 */
class DeleteAndSuppressApiTest extends FakeServerTestBase {

  // ---------------------------------------------------------------- delete

  @Test
  void deleteRemovesThePerson() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"pro"}
        """));

    assertOk(http.track("DELETE", "/api/v1/customers/42", null));

    assertNoPerson(http, "42");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void deleteOfUnknownPersonIsA200NoOp() {
    assertOk(http.track("PUT", "/api/v1/customers/1", "{}"));

    assertOk(http.track("DELETE", "/api/v1/customers/42", null));

    assertThat(people(http)).hasSize(1);
  }

  @Test
  void deleteByEmailIdentifier() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"email":"ada@example.com"}
        """));

    assertOk(http.track("DELETE", "/api/v1/customers/ada%40example.com", null));

    assertNoPerson(http, "42");
  }

  @Test
  void deleteByCioId() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{}"));
    String cioId = people(http).get(0).get("cio_id").asText();

    assertOk(http.track("DELETE", "/api/v1/customers/cio_" + cioId, null));

    assertThat(people(http)).isEmpty();
  }

  @Test
  void deletedIdCanBeIdentifiedAgainAsANewPerson() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"pro"}
        """));
    String oldCioId = people(http).get(0).get("cio_id").asText();
    assertOk(http.track("DELETE", "/api/v1/customers/42", null));

    assertOk(http.track("PUT", "/api/v1/customers/42", "{}"));

    assertThat(person(http, "42").get("cio_id").asText()).isNotEqualTo(oldCioId);
    assertThat(person(http, "42").get("attributes").has("plan")).isFalse();
  }

  @Test
  void deleteWithInvalidCioIdIsRejected() {
    assertBadRequest(http.track("DELETE", "/api/v1/customers/cio_%C3%A9", null),
        "identifier 'cio_\u00e9' starts with cio_ but is not a valid cio_id (letters and digits after the prefix)");
  }

  // ---------------------------------------------------------------- suppress / unsuppress

  @Test
  void suppressDeletesTheProfileAndBlocksTheIdentifier() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{\"email\":\"ada@example.com\",\"plan\":\"pro\"}"));

    assertOk(http.track("POST", "/api/v1/customers/42/suppress", null));

    assertThat(people(http)).as("the profile is gone (\"You cannot recover a profile\")").isEmpty();
    assertThat(person(http, "42").get("suppressed").asBoolean()).isTrue();
    assertThat(person(http, "42").get("deleted").asBoolean()).isTrue();
    assertThat(person(http, "42").get("attributes")).isEmpty();
    assertThat(person(http, "ada%40example.com").get("suppressed").asBoolean()).as("its email too").isTrue();
  }

  @Test
  void suppressAcceptsAnEmptyObjectBody() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{}"));

    assertOk(http.track("POST", "/api/v1/customers/42/suppress", "{}"));

    assertThat(person(http, "42").get("suppressed").asBoolean()).isTrue();
  }

  @Test
  void unsuppressFreesTheIdentifierWithoutRecreatingTheProfile() {
    assertOk(http.track("PUT", "/api/v1/customers/42", "{\"email\":\"ada@example.com\"}"));
    assertOk(http.track("POST", "/api/v1/customers/42/suppress", null));

    assertOk(http.track("POST", "/api/v1/customers/ada%40example.com/unsuppress", null));

    assertThat(people(http)).as("unsuppress does not recreate the profile").isEmpty();
    assertNoPerson(http, "42");
    assertNoPerson(http, "ada%40example.com");
  }

  @Test
  void suppressOfUnknownPersonBlocksTheIdentifier() {
    assertOk(http.track("POST", "/api/v1/customers/42/suppress", null));

    assertThat(person(http, "42").get("suppressed").asBoolean()).isTrue();
    assertThat(people(http)).isEmpty();
  }

  @Test
  void suppressByEmailOfUnknownPersonBlocksTheEmail() {
    assertOk(http.track("POST", "/api/v1/customers/ada%40example.com/suppress", null));

    assertThat(person(http, "ada%40example.com").get("suppressed").asBoolean()).isTrue();
  }

  @Test
  void unsuppressOfUnknownPersonCreatesNobody() {
    assertOk(http.track("POST", "/api/v1/customers/42/unsuppress", null));

    assertThat(people(http)).isEmpty();
  }

  @Test
  void callsAboutASuppressedIdentifierAreIgnored() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"pro"}
        """));
    assertOk(http.track("POST", "/api/v1/customers/42/suppress", null));

    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"team"}
        """));
    assertOk(http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"purchase\"}"));

    assertThat(people(http)).isEmpty();
    assertThat(person(http, "42").get("suppressed").asBoolean()).isTrue();
    assertThat(http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/events", null).json()
        .get("events")).as("the event was ignored").isEmpty();
  }

  @Test
  void identifyAfterUnsuppressCreatesANewProfileWithoutTheOldHistory() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"plan":"pro"}
        """));
    String oldCioId = person(http, "42").get("cio_id").asText();
    assertOk(http.track("POST", "/api/v1/customers/42/suppress", null));
    assertOk(http.track("POST", "/api/v1/customers/42/unsuppress", null));

    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"seats":3}
        """));

    assertThat(person(http, "42").get("cio_id").asText()).isNotEqualTo(oldCioId);
    assertThat(person(http, "42").get("suppressed").asBoolean()).isFalse();
    assertThat(person(http, "42").at("/attributes/plan").isMissingNode()).isTrue();
    assertThat(person(http, "42").at("/attributes/seats").asInt()).isEqualTo(3);
  }

  @Test
  void suppressWithMalformedBodyIsRejected() {
    assertThat(http.track("POST", "/api/v1/customers/42/suppress", "{").status()).isEqualTo(400);
    assertThat(people(http)).isEmpty();
  }

  @Test
  void suppressWithArrayBodyIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/customers/42/suppress", "[]"),
        "request body must be a JSON object, got an array");
  }

  @Test
  void suppressWithInvalidCioIdIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/customers/cio_x.y/suppress", null),
        "identifier 'cio_x.y' starts with cio_ but is not a valid cio_id (letters and digits after the prefix)");
  }

  @Test
  void unsuppressWithOverlongIdentifierIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/customers/" + "x".repeat(151) + "/unsuppress", null),
        "identifier cannot be longer than 150 bytes");
  }
}
