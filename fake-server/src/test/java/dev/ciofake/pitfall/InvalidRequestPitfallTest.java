package dev.ciofake.pitfall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code invalid-request}: the catch-all for a 4xx the client caused, with the reasons. It stays silent where a
 * more specific pitfall explains the rejection, and for accepted requests.
 */
class InvalidRequestPitfallTest {
  private static CioFakeServer cio;
  private static FakeHttp http;
  private static WorkspaceCredentials ws;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.defaults());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    cio = s;
    http = new FakeHttp(cio);
    ws = cio.fake().credentials();
  }

  @Test
  void aSchemaErrorIsRecordedWithEveryReason() {
    // The event name ended up under a wrong key, and the type is a made-up one.
    http.track("PUT", "/api/v1/customers/42", """
        {"email": "ada@example.com"}
        """);
    FakeHttp.Response r = http.track("POST", "/api/v1/customers/42/events", """
        {"event": "purchase", "type": "click", "data": {"price": 23.45}}
        """);

    assertThat(r.status()).isEqualTo(400);
    List<String> errors = new ArrayList<>();
    r.json().at("/meta/errors").forEach(e -> errors.add(e.asText()));
    assertThat(errors).containsExactlyInAnyOrder("name is required",
        "type must be one of [\"event\",\"page\",\"screen\"], got \"click\"");

    List<JsonNode> found = AdminPitfalls.withId(http, "invalid-request");
    assertThat(found).hasSize(1);
    JsonNode p = found.get(0);
    assertThat(p.get("severity").asText()).isEqualTo("error");
    assertThat(p.get("site_id").asText()).isEqualTo(ws.siteId());
    assertThat(p.get("request_id").asText()).isEqualTo(r.header("X-CIO-Fake-Request-Id"));
    assertThat(p.get("message").asText())
        .startsWith("POST /api/v1/customers/42/events was rejected with 400: ")
        .endsWith(" (+1 more)");
    JsonNode ev = p.get("evidence");
    assertThat(ev.get("method").asText()).isEqualTo("POST");
    assertThat(ev.get("path").asText()).isEqualTo("/api/v1/customers/42/events");
    assertThat(ev.get("operation").asText()).isEqualTo("track");
    assertThat(ev.get("status").asInt()).isEqualTo(400);
    List<String> reasons = new ArrayList<>();
    ev.get("reasons").forEach(n -> reasons.add(n.asText()));
    assertThat(reasons).containsExactlyInAnyOrderElementsOf(errors);
    List<String> fields = new ArrayList<>();
    ev.get("fields").forEach(n -> fields.add(n.asText()));
    assertThat(fields).containsExactlyInAnyOrder("name", "type");
    assertThat(AdminPitfalls.ids(http)).containsExactly("invalid-request");
  }

  @Test
  void aRuleViolationIsRecordedWithItsMessage() {
    // an anonymous screen view without an anonymous id: a rule, not the schema, refuses it
    FakeHttp.Response r = http.track("POST", "/api/v1/events", """
        {"name": "Home", "type": "screen", "data": {"plan": "pro"}}
        """);

    assertThat(r.status()).isEqualTo(400);
    List<JsonNode> found = AdminPitfalls.withId(http, "invalid-request");
    assertThat(found).hasSize(1);
    JsonNode p = found.get(0);
    assertThat(p.get("request_id").asText()).isEqualTo(r.header("X-CIO-Fake-Request-Id"));
    assertThat(p.get("message").asText()).isEqualTo("POST /api/v1/events was rejected with 400: anonymous screen "
        + "events need an anonymous_id");
    assertThat(p.at("/evidence/reasons/0").asText()).isEqualTo("anonymous screen events need an anonymous_id");
    assertThat(p.at("/evidence/fields/0").asText()).isEqualTo("anonymous_id");
    assertThat(p.at("/evidence/operation").asText()).isEqualTo("track_anonymous");
  }

  @Test
  void malformedJsonIsRecorded() {
    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/42", "{\"email\": \"ada@example.com\",}");

    assertThat(r.status()).isEqualTo(400);
    List<JsonNode> found = AdminPitfalls.withId(http, "invalid-request");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).at("/evidence/reasons/0").asText()).startsWith("request body is not valid JSON");
    assertThat(found.get(0).at("/evidence/path").asText()).isEqualTo("/api/v1/customers/42");
  }

  @Test
  void aMillisecondTimestampRejectionIsLeftToItsOwnPitfall() {
    FakeHttp.Response r = http.track("POST", "/api/v1/customers/42/events", """
        {"name": "purchase", "timestamp": 1700000100000}
        """);

    assertThat(r.status()).isEqualTo(400);
    assertThat(AdminPitfalls.withId(http, "invalid-request")).isEmpty();
    assertThat(AdminPitfalls.ids(http)).containsExactly("millisecond-timestamp");
  }

  @Test
  void aMillisecondTimestampTogetherWithAnotherErrorStillReportsTheOtherError() {
    FakeHttp.Response r = http.track("POST", "/api/v1/customers/42/events", """
        {"name": "purchase", "timestamp": 1700000100000, "data": ["not", "an", "object"]}
        """);

    // The schema fails first, so the timestamp is never looked at: only the schema error is reported.
    assertThat(r.status()).isEqualTo(400);
    List<JsonNode> found = AdminPitfalls.withId(http, "invalid-request");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).at("/evidence/fields/0").asText()).isEqualTo("data");
  }

  @Test
  void aKeyOfTheWrongKindIsLeftToItsOwnPitfall() {
    FakeHttp.Response r = http.send("PUT", "/api/v1/customers/42", """
        {"email": "ada@example.com"}
        """, Map.of("Authorization", FakeHttp.basic(ws.siteId(), ws.appApiKey())));

    assertThat(r.status()).isEqualTo(401);
    assertThat(AdminPitfalls.withId(http, "invalid-request")).isEmpty();
    assertThat(AdminPitfalls.ids(http)).containsExactly("wrong-api-key");
  }

  @Test
  void missingCredentialsAreRecordedWithTheAuthReason() {
    FakeHttp.Response r = http.send("PUT", "/api/v1/customers/42", """
        {"email": "ada@example.com"}
        """, Map.of());

    assertThat(r.status()).isEqualTo(401);
    List<JsonNode> found = AdminPitfalls.withId(http, "invalid-request");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("site_id").isNull()).isTrue();
    assertThat(found.get(0).at("/evidence/status").asInt()).isEqualTo(401);
    assertThat(found.get(0).at("/evidence/reasons/0").asText()).contains("HTTP Basic");
  }

  @Test
  void successfulCallsDoNotTriggerIt() {
    assertThat(http.track("PUT", "/api/v1/customers/42", """
        {"email": "ada@example.com", "created_at": 1700000000, "plan": "pro"}
        """).status()).isEqualTo(200);
    assertThat(http.track("POST", "/api/v1/customers/42/events", """
        {"name": "purchase", "data": {"price": 23.45}, "timestamp": 1700000100}
        """).status()).isEqualTo(200);
    assertThat(http.track("POST", "/api/v1/events", """
        {"name": "viewed_pricing", "anonymous_id": "anon_7f3c"}
        """).status()).isEqualTo(200);
    assertThat(http.track("POST", "/api/v1/forms/signup/submit", """
        {"data": {"email": "ada@example.com", "name": "Ada"}}
        """).status()).isEqualTo(204);
    assertThat(http.track("DELETE", "/api/v1/customers/42", null).status()).isEqualTo(200);

    assertThat(AdminPitfalls.withId(http, "invalid-request")).isEmpty();
    assertThat(AdminPitfalls.ids(http)).isEmpty();
  }
}
