package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.NO_CACHE;
import static dev.ciofake.track.TrackAssertions.assertBadRequest;
import static dev.ciofake.track.TrackAssertions.deliveryMetrics;
import static dev.ciofake.track.TrackAssertions.people;
import static dev.ciofake.track.TrackAssertions.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.FakeServerTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /api/v1/forms/{form_id}/submit over HTTP: 204 without a body, and the person it identifies. */
class FormsApiTest extends FakeServerTestBase {

  private static void assertNoContent(FakeHttp.Response r) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertThat(r.header("Content-Type")).isNull();
    assertThat(r.header("Cache-Control")).isEqualTo(NO_CACHE);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
  }

  @Test
  void submissionAnswers204WithoutABody() {
    assertNoContent(http.track("POST", "/api/v1/forms/signup/submit", """
        {"data":{"email":"ada@example.com","first_name":"Ada"}}
        """));
  }

  @Test
  void submissionIdentifiesThePersonByEmail() {
    assertNoContent(http.track("POST", "/api/v1/forms/signup/submit", """
        {"data":{"email":"ada@example.com","first_name":"Ada"}}
        """));

    JsonNode p = person(http, "ada%40example.com");
    assertThat(p.get("identified").asBoolean()).isTrue();
    assertThat(p.at("/attributes/first_name").asText()).isEqualTo("Ada");
  }

  @Test
  void submissionIdentifiesThePersonById() {
    assertNoContent(http.track("POST", "/api/v1/forms/signup/submit", """
        {"data":{"id":"42","plan":"pro"}}
        """));

    assertThat(person(http, "42").at("/attributes/plan").asText()).isEqualTo("pro");
  }

  @Test
  void submissionUpdatesAnExistingPerson() {
    http.track("PUT", "/api/v1/customers/42", """
        {"email":"ada@example.com","plan":"free"}
        """);

    assertNoContent(http.track("POST", "/api/v1/forms/upgrade/submit", """
        {"data":{"email":"ada@example.com","plan":"pro"}}
        """));

    assertThat(people(http)).hasSize(1);
    assertThat(person(http, "42").at("/attributes/plan").asText()).isEqualTo("pro");
  }

  @Test
  void submissionIsRecordedWithItsFormId() {
    assertNoContent(http.track("POST", "/api/v1/forms/signup/submit", """
        {"data":{"email":"ada@example.com"}}
        """));

    JsonNode form = deliveryMetrics(http).get("form_submissions").get(0);
    assertThat(form.get("form_id").asText()).isEqualTo("signup");
    assertThat(form.at("/data/email").asText()).isEqualTo("ada@example.com");
  }

  @Test
  void formMetadataFieldsAreNotStoredAsAttributes() {
    assertNoContent(http.track("POST", "/api/v1/forms/signup/submit", """
        {"data":{"email":"ada@example.com","form_name":"Sign up","form_url":"https://example.com/signup","plan":"pro"}}
        """));

    JsonNode attrs = person(http, "ada%40example.com").get("attributes");
    assertThat(attrs.has("form_name")).isFalse();
    assertThat(attrs.has("form_url")).isFalse();
    assertThat(attrs.get("plan").asText()).isEqualTo("pro");
  }

  // ---------------------------------------------------------------- incorrect forms

  @Test
  void missingDataIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/forms/signup/submit", """
        {"email":"ada@example.com"}
        """), "data is required");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void dataWithoutIdentifierIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/forms/signup/submit", """
        {"data":{"first_name":"Ada"}}
        """), "data must contain exactly one of email or id, got 0");
  }

  @Test
  void dataWithBothIdentifiersIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/forms/signup/submit", """
        {"data":{"id":"42","email":"ada@example.com"}}
        """), "data must contain exactly one of email or id, got 2");
  }

  @Test
  void nonStringFieldValueIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/forms/signup/submit", """
        {"data":{"email":"ada@example.com","age":36}}
        """), "data.age must be a string, got an integer");
  }

  @Test
  void emptyBodyIsRejected() {
    assertBadRequest(http.track("POST", "/api/v1/forms/signup/submit", ""),
        "request body is required: send a JSON object");
  }

  @Test
  void submissionWithoutCredentialsIsUnauthorized() {
    FakeHttp.Response r = http.send("POST", "/api/v1/forms/signup/submit", """
        {"data":{"email":"ada@example.com"}}
        """, Map.of());

    assertThat(r.status()).isEqualTo(401);
    assertThat(people(http)).isEmpty();
  }
}
