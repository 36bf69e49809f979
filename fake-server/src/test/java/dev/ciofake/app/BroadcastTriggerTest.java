package dev.ciofake.app;

import dev.ciofake.RateClass;
import static dev.ciofake.app.AppSupport.assertAppErrors;
import static dev.ciofake.app.AppSupport.assertAppOk;
import static dev.ciofake.app.AppSupport.identify;
import static dev.ciofake.app.AppSupport.triggers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.RateLimit;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.Fakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * API-triggered broadcasts (docs/customerio-facts.md 3.3): {@code POST /v1/campaigns/{id}/triggers} and the older
 * {@code /v1/api/campaigns/{id}/triggers}, every audience form, the 400/422 errors in
 * {@code {"errors":[{"detail","status"}]}}, then the trigger's status and errors. The broadcast limit (1 per 10 s by
 * default) is relaxed here; the rate-limit tests cover it.
 */
class BroadcastTriggerTest {
  private static CioFakeServer server;
  private static FakeHttp http;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder()
      .rateLimit(RateClass.BROADCAST, RateLimit.perSecond(1000))
      .rateLimit(RateClass.APP, RateLimit.perSecond(1000))
      .build());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    server = s;
    http = new FakeHttp(server);
  }

  private static FakeHttp.Response trigger(String path, String json) {
    return http.app("POST", path, json);
  }

  /** 200 {@code {"id":N}}; returns N. */
  private static long assertTriggered(FakeHttp.Response r) {
    JsonNode body = assertAppOk(r);
    assertThat(AppSupport.fieldNames(body)).containsExactly("id");
    assertThat(body.get("id").isIntegralNumber()).isTrue();
    assertThat(body.get("id").asLong()).isPositive();
    return body.get("id").asLong();
  }

  // ---------------------------------------------------------------- audiences

  @ParameterizedTest
  @ValueSource(strings = {"/v1/campaigns/12/triggers", "/v1/api/campaigns/12/triggers"})
  void bothPathsTriggerTheBroadcast(String path) {
    long id = assertTriggered(trigger(path, "{\"data\":{\"headline\":\"Sale!\"}}"));

    JsonNode t = triggers(http).get(0);
    assertThat(t.get("id").asLong()).isEqualTo(id);
    assertThat(t.get("broadcast_id").asLong()).isEqualTo(12);
    assertThat(t.get("audience").asText()).isEqualTo("default");
    assertThat(t.at("/data/headline").asText()).isEqualTo("Sale!");
  }

  @Test
  void triggerIdsIncrease() {
    long a = assertTriggered(trigger("/v1/campaigns/12/triggers", "{}"));
    long b = assertTriggered(trigger("/v1/api/campaigns/13/triggers", "{}"));

    assertThat(b).isGreaterThan(a);
    assertThat(triggers(http)).hasSize(2);
  }

  @Test
  void aTriggerWithoutBodyUsesTheBroadcastsOwnAudience() {
    long id = assertTriggered(http.send("POST", "/v1/campaigns/12/triggers", null,
        java.util.Map.of("Authorization", http.appAuth())));

    assertThat(triggers(http).get(0).get("id").asLong()).isEqualTo(id);
    assertThat(triggers(http).get(0).get("audience").asText()).isEqualTo("default");
  }

  @Test
  void recipientsFilter() {
    assertTriggered(trigger("/v1/campaigns/12/triggers", """
        {"data":{"headline":"Sale!"},"recipients":{"and":[{"segment":{"id":3}},{"attribute":{"field":"plan","operator":"eq","value":"pro"}}]}}
        """));

    JsonNode t = triggers(http).get(0);
    assertThat(t.get("audience").asText()).isEqualTo("recipients");
    assertThat(t.at("/recipients/and/0/segment/id").asInt()).isEqualTo(3);
  }

  @Test
  void idsListsTheMissingPeopleUnlessIgnored() {
    identify(http, "cust_42", "{}");

    long listed = assertTriggered(trigger("/v1/campaigns/12/triggers", """
        {"ids":["cust_42","cust_404"]}
        """));
    long ignored = assertTriggered(trigger("/v1/campaigns/12/triggers", """
        {"ids":["cust_42","cust_404"],"id_ignore_missing":true}
        """));

    JsonNode errors = assertAppOk(http.app("GET", "/v1/campaigns/12/triggers/" + listed + "/errors", null));
    assertThat(errors.get("errors")).hasSize(1);
    assertThat(errors.at("/errors/0/id").asText()).isEqualTo("cust_404");
    assertThat(errors.at("/errors/0/error").asText()).contains("cust_404");

    JsonNode none = assertAppOk(http.app("GET", "/v1/campaigns/12/triggers/" + ignored + "/errors", null));
    assertThat(none.get("errors")).isEmpty();

    JsonNode status = assertAppOk(http.app("GET", "/v1/campaigns/12/triggers/" + listed, null));
    assertThat(status.at("/trigger/id").asLong()).isEqualTo(listed);
    assertThat(status.at("/trigger/broadcast_id").asLong()).isEqualTo(12);
    assertThat(status.at("/trigger/audience").asText()).isEqualTo("ids");
    assertThat(status.at("/trigger/error_count").asInt()).isEqualTo(1);
    assertThat(status.at("/trigger/processed").asBoolean()).isTrue();
  }

  @Test
  void emailsListsTheMissingPeopleUnlessIgnored() {
    identify(http, "42", "{\"email\":\"ada@example.com\"}");

    long listed = assertTriggered(trigger("/v1/campaigns/12/triggers", """
        {"emails":["ADA@example.com","nobody@example.com"],"email_add_duplicates":true}
        """));
    long ignored = assertTriggered(trigger("/v1/campaigns/12/triggers", """
        {"emails":["nobody@example.com"],"email_ignore_missing":true}
        """));

    JsonNode errors = assertAppOk(http.app("GET", "/v1/campaigns/12/triggers/" + listed + "/errors", null)).get("errors");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).get("email").asText()).isEqualTo("nobody@example.com");
    assertThat(assertAppOk(http.app("GET", "/v1/campaigns/12/triggers/" + ignored + "/errors", null))
        .get("errors")).isEmpty();
  }

  @Test
  void perUserData() {
    assertTriggered(trigger("/v1/campaigns/12/triggers", """
        {"per_user_data":[{"id":"cust_42","data":{"x":1}},{"email":"b@example.com","data":{"x":2}}]}
        """));

    JsonNode t = triggers(http).get(0);
    assertThat(t.get("audience").asText()).isEqualTo("per_user_data");
    assertThat(t.get("per_user_data")).hasSize(2);
  }

  @Test
  void dataFileUrl() {
    assertTriggered(trigger("/v1/campaigns/12/triggers", """
        {"data_file_url":"https://example.com/recipients.json"}
        """));

    assertThat(triggers(http).get(0).get("audience").asText()).isEqualTo("data_file_url");
  }

  // ---------------------------------------------------------------- errors

  @Test
  void twoAudiencesAre400() {
    String detail = assertAppErrors(trigger("/v1/campaigns/12/triggers", """
        {"ids":["1"],"emails":["a@example.com"]}
        """), 400);

    assertThat(detail).contains("only one audience").contains("ids").contains("emails");
    assertThat(triggers(http)).isEmpty();
  }

  @Test
  void twoAudiencesOnTheOldPathAre400Too() {
    assertAppErrors(trigger("/v1/api/campaigns/12/triggers", """
        {"recipients":{"segment":{"id":3}},"data_file_url":"https://example.com/f.json"}
        """), 400);
    assertThat(triggers(http)).isEmpty();
  }

  @Test
  void emptyRecipientsIs422WithTheRealMessage() {
    FakeHttp.Response r = trigger("/v1/campaigns/12/triggers", "{\"recipients\":{}}");

    String detail = assertAppErrors(r, 422);
    assertThat(detail).isEqualTo("empty recipients filter is not valid");
    assertThat(r.json().at("/errors/0/status").asText()).isEqualTo("422");
    assertThat(triggers(http)).isEmpty();
  }

  @Test
  void badAudienceValuesAre400() {
    assertThat(assertAppErrors(trigger("/v1/campaigns/12/triggers", "{\"recipients\":[1]}"), 400))
        .contains("recipients must be a filter object");
    assertThat(assertAppErrors(trigger("/v1/campaigns/12/triggers", "{\"ids\":[]}"), 400))
        .contains("ids must be a non-empty array");
    assertThat(assertAppErrors(trigger("/v1/campaigns/12/triggers", "{\"emails\":\"a@example.com\"}"), 400))
        .contains("emails must be a non-empty array");
    assertThat(assertAppErrors(trigger("/v1/campaigns/12/triggers", "{\"per_user_data\":[{\"data\":{}}]}"), 400))
        .contains("per_user_data[0] needs an id or an email");
    assertThat(assertAppErrors(trigger("/v1/campaigns/12/triggers", "{\"data_file_url\":\"ftp://x/y\"}"), 400))
        .contains("data_file_url must be an http(s) URL");
    assertThat(assertAppErrors(trigger("/v1/campaigns/12/triggers", "{\"data\":[1,2]}"), 400))
        .contains("data must be an object");
    assertThat(triggers(http)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0", "-1", "1.5"})
  void broadcastIdMustBeAPositiveInteger(String id) {
    assertThat(assertAppErrors(trigger("/v1/campaigns/" + id + "/triggers", "{}"), 400)).contains("broadcast id");
    assertThat(triggers(http)).isEmpty();
  }

  @Test
  void malformedBodyIs400InTheAppShape() {
    assertAppErrors(trigger("/v1/campaigns/12/triggers", "{\"ids\":["), 400);
    assertThat(triggers(http)).isEmpty();
  }

  // ---------------------------------------------------------------- status and errors lookups

  @Test
  void statusAndErrorsOfAnUnknownTriggerAre404NotFound() {
    long id = assertTriggered(trigger("/v1/campaigns/12/triggers", "{}"));

    assertThat(assertAppErrors(http.app("GET", "/v1/campaigns/12/triggers/99", null), 404)).contains("not found");
    assertThat(assertAppErrors(http.app("GET", "/v1/campaigns/12/triggers/99/errors", null), 404)).contains("not found");
    // A real trigger asked for under another broadcast is not found either.
    assertThat(assertAppErrors(http.app("GET", "/v1/campaigns/13/triggers/" + id, null), 404)).contains("not found");
    assertThat(assertAppErrors(http.app("GET", "/v1/campaigns/12/triggers/x1", null), 404)).contains("not found");
  }

  @Test
  void triggersOfOneWorkspaceAreNotVisibleFromAnother() {
    long id = assertTriggered(trigger("/v1/campaigns/12/triggers", "{}"));
    FakeHttp other = http.as(server.newFake().credentials());

    assertAppErrors(other.app("GET", "/v1/campaigns/12/triggers/" + id, null), 404);
    assertAppOk(http.app("GET", "/v1/campaigns/12/triggers/" + id, null));
  }
}
