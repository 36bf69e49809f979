package dev.ciofake.app;

import static dev.ciofake.app.AppSupport.assertAppErrors;
import static dev.ciofake.app.AppSupport.assertAppOk;
import static dev.ciofake.app.AppSupport.deliveries;
import static dev.ciofake.app.AppSupport.pitfalls;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.FakeServerTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * App API credentials (Bearer App key only; a Track key or Basic Track credentials are the {@code wrong-api-key}
 * pitfall) and the App paths the fake does not model (404 saying so, never an invalid-request pitfall).
 */
class AppAuthAndRoutingTest extends FakeServerTestBase {
  private static final String SEND = "{\"transactional_message_id\":4,\"identifiers\":{\"id\":\"42\"}}";

  // ---------------------------------------------------------------- auth

  @Test
  void theAppKeyAsBearerIsAccepted() {
    assertAppOk(http.app("POST", "/v1/send/push", SEND));
    assertThat(pitfalls(http, "wrong-api-key")).isEmpty();
  }

  @Test
  void theTrackKeyAsBearerIs401AndWrongApiKey() {
    FakeHttp.Response r = http.send("POST", "/v1/send/push", SEND,
        Map.of("Authorization", "Bearer " + http.credentials().trackApiKey()));

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().isObject()).isTrue();
    assertThat(r.body()).doesNotContain(http.credentials().trackApiKey());
    assertThat(deliveries(http)).isEmpty();
    List<JsonNode> found = pitfalls(http, "wrong-api-key");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).at("/evidence/auth_scheme").asText()).isEqualTo("Bearer");
    assertThat(found.get(0).toString()).doesNotContain(http.credentials().trackApiKey());
  }

  @Test
  void basicTrackCredentialsOnTheAppApiAre401AndWrongApiKey() {
    FakeHttp.Response r = http.send("GET", "/v1/exports", null, Map.of("Authorization", http.trackAuth()));

    assertThat(assertAppErrors(r, 401)).contains("Bearer");
    List<JsonNode> found = pitfalls(http, "wrong-api-key");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).at("/evidence/auth_scheme").asText()).isEqualTo("Basic");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/exports", "/v1/customers?email=a%40b.c", "/v1/campaigns/1/triggers/1"})
  void missingCredentialsAre401WithoutWrongApiKey(String path) {
    FakeHttp.Response r = http.send("GET", path, null, Map.of());

    assertThat(assertAppErrors(r, 401)).contains("unauthorized");
    assertThat(pitfalls(http, "wrong-api-key")).isEmpty();
  }

  @Test
  void missingCredentialsOnASendAre401() {
    FakeHttp.Response r = http.send("POST", "/v1/send/email", SEND, Map.of());

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().isObject()).isTrue();
    assertThat(deliveries(http)).isEmpty();
  }

  @Test
  void anUnknownBearerTokenIs401() {
    assertAppErrors(http.send("GET", "/v1/exports", null, Map.of("Authorization", "Bearer not-a-key")), 401);
    assertThat(pitfalls(http, "wrong-api-key")).isEmpty();
  }

  @Test
  void theAppKeyOfAnotherWorkspaceReachesThatWorkspace() {
    FakeHttp other = http.as(server.newFake().credentials());

    assertAppOk(other.app("POST", "/v1/send/push", SEND));

    assertThat(deliveries(other)).hasSize(1);
    assertThat(deliveries(http)).isEmpty();
  }

  // ---------------------------------------------------------------- unmodelled paths

  @ParameterizedTest
  @ValueSource(strings = {"/v1/optouts", "/v1/customers/cust_42/optouts", "/v1/live_notifications/abc",
      "/v1/design_studio/emails/em_1/versions", "/v1/design_studio/inbox_previews/clients"})
  void anUnmodelledGetIs404SayingTheFakeDoesNotModelIt(String path) {
    FakeHttp.Response r = http.app("GET", path, null);

    String detail = assertAppErrors(r, 404);
    assertThat(detail).contains("does not model").contains(path);
    assertThat(pitfalls(http, "invalid-request")).isEmpty();
  }

  @Test
  void anotherMethodOnAModelledAppPathIsNotModelledRatherThan405() {
    // the real App API serves more methods on its paths than any one client calls; a 405 would tell the client the
    // call itself is wrong (PUT /v1/customers/{id}/optouts is real, and not modelled)
    FakeHttp.Response r = http.app("PATCH", "/v1/segments/7", "{\"segment\":{\"name\":\"x\"}}");

    String detail = assertAppErrors(r, 404);
    assertThat(detail).contains("does not model").contains("PATCH");
    assertThat(pitfalls(http, "invalid-request")).isEmpty();
  }

  @Test
  void anUnmodelledPathStillNeedsNoCredentialsCheckToSayItIsUnmodelled() {
    FakeHttp.Response r = http.send("GET", "/v1/optouts", null, Map.of());

    assertThat(assertAppErrors(r, 404)).contains("does not model");
    assertThat(pitfalls(http, "invalid-request")).isEmpty();
  }
}
