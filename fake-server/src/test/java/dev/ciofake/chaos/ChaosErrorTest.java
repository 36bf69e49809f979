package dev.ciofake.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.testing.FakeHttp;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Error statuses, 429 storms and outages over HTTP: the status, the endpoint's real error body, {@code Retry-After}
 * when configured, the {@code X-CIO-Fake-Chaos} header, the journal's {@code injected_fault}, no change to state,
 * and never a pitfall blaming the client, unless it comes back before the Retry-After it was given.
 */
class ChaosErrorTest extends ChaosTestBase {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<Integer, String> REASONS = Map.of(500, "Internal Server Error", 502, "Bad Gateway",
      503, "Service Unavailable", 504, "Gateway Timeout", 429, "Too Many Requests");

  private String site() {
    return http.credentials().siteId();
  }

  private int adminStatus(String path) {
    return http.admin("GET", "/__cio/workspaces/" + site() + path, null).status();
  }

  /** The common part: status, header, journal, no pitfall at all. */
  private void injected(FakeHttp.Response r, int status, String ruleId, String description) {
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    assertThat(r.header("X-CIO-Fake-Chaos")).isEqualTo(ruleId);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode entry = lastEntry();
    assertThat(entry.get("status").asInt()).isEqualTo(status);
    assertThat(entry.get("injected_fault").asText()).isEqualTo(ruleId + ": " + description);
    assertThat(entry.get("id").asText()).isEqualTo(r.header("X-CIO-Fake-Request-Id"));
    assertThat(pitfallIds()).as("an injected fault is never the client's mistake").isEmpty();
  }

  @ParameterizedTest(name = "Track v1 {0}")
  @ValueSource(ints = {500, 502, 503, 504})
  void trackV1AnswersTheMetaErrorsShapeAndStoresNothing(int status) {
    String id = addRule("{\"match\":{\"api\":\"track\"},\"effect\":{\"type\":\"error\",\"status\":" + status + "}}");

    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/err-1", "{\"email\":\"err@example.com\"}");

    injected(r, status, id, "error " + status);
    assertThat(r.json()).isEqualTo(json("{\"meta\":{\"errors\":[\"" + REASONS.get(status) + "\"]}}"));
    assertThat(r.header("Retry-After")).isNull();
    assertThat(adminStatus("/people/err-1")).as("the person was not created").isEqualTo(404);
  }

  @ParameterizedTest(name = "Track v2 {0}")
  @ValueSource(ints = {500, 502, 503, 504})
  void trackV2AnswersTheErrorsShapeAndStoresNothing(int status) {
    String id = addRule("{\"match\":{\"api\":\"track\"},\"effect\":{\"type\":\"error\",\"status\":" + status
        + ",\"retry_after\":3}}");

    FakeHttp.Response r = http.track("POST", "/api/v2/entity", "{\"type\":\"person\",\"identifiers\":{\"id\":\"err-2\"},"
        + "\"action\":\"identify\",\"attributes\":{\"email\":\"err2@example.com\"}}");

    injected(r, status, id, "error " + status + " (Retry-After 3)");
    assertThat(r.header("Retry-After")).isEqualTo("3");
    JsonNode errors = r.json().get("errors");
    assertThat(r.json().size()).as("errors, and meta for the Node client").isEqualTo(2);
    assertThat(r.json().at("/meta/errors/0").asText()).isEqualTo(REASONS.get(status));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).get("message").asText()).isEqualTo(REASONS.get(status));
    assertThat(errors.get(0).has("reason")).isTrue();
    assertThat(adminStatus("/people/err-2")).isEqualTo(404);
  }

  @ParameterizedTest(name = "App API {0}")
  @ValueSource(ints = {500, 502, 503, 504})
  void appApiAnswersTheDetailStatusShapeAndStoresNoTrigger(int status) {
    String id = addRule("{\"match\":{\"api\":\"app\"},\"effect\":{\"type\":\"error\",\"status\":" + status + "}}");

    FakeHttp.Response r = http.app("POST", "/v1/campaigns/12/triggers", "{\"data\":{\"x\":1}}");

    injected(r, status, id, "error " + status);
    assertThat(r.json()).isEqualTo(json("{\"errors\":[{\"detail\":\"" + REASONS.get(status) + "\",\"status\":\""
        + status + "\"}],\"meta\":{\"error\":\"" + REASONS.get(status) + "\"}}"));
    assertThat(http.admin("GET", "/__cio/workspaces/" + site() + "/broadcasts", null).json().toString())
        .doesNotContain("\"broadcast_id\"");
  }

  @ParameterizedTest(name = "transactional {0}")
  @ValueSource(ints = {500, 502, 503, 504})
  void transactionalSendAnswersTheMetaErrorShapeAndStoresNoDelivery(int status) {
    String id = addRule("{\"match\":{\"api\":\"app\",\"path\":\"/v1/send/*\"},\"effect\":{\"type\":\"error\","
        + "\"status\":" + status + "}}");

    FakeHttp.Response r = http.app("POST", "/v1/send/email", "{\"transactional_message_id\":3,"
        + "\"to\":\"ada@example.com\",\"identifiers\":{\"id\":\"42\"}}");

    injected(r, status, id, "error " + status);
    assertThat(r.json()).isEqualTo(json("{\"meta\":{\"error\":\"" + REASONS.get(status) + "\"}}"));
    assertThat(http.admin("GET", "/__cio/workspaces/" + site() + "/deliveries", null).json().get("deliveries"))
        .isEmpty();
    assertThat(adminStatus("/people/42")).as("a refused send creates nobody").isEqualTo(404);
  }

  @Test
  void aRateLimitStormAnswers429WithRetryAfterOneByDefault() {
    String id = addRule("{\"match\":{\"api\":\"track\"},\"effect\":{\"type\":\"rate_limit\"}}");

    FakeHttp.Response r = http.track("POST", "/api/v1/customers/storm/events", "{\"name\":\"clicked\"}");

    injected(r, 429, id, "429 storm 429 (Retry-After 1)");
    assertThat(r.header("Retry-After")).isEqualTo("1");
    assertThat(r.json()).isEqualTo(json("{\"meta\":{\"errors\":[\"Too Many Requests\"]}}"));
    assertThat(http.admin("GET", "/__cio/workspaces/" + site() + "/events", null).json().get("events")).isEmpty();
  }

  @Test
  void aRateLimitStormOnTheAppApiTakesItsConfiguredRetryAfter() {
    String id = addRule("{\"match\":{\"api\":\"app\"},\"effect\":{\"type\":\"rate_limit\",\"retry_after\":9}}");

    FakeHttp.Response r = http.app("GET", "/v1/customers/42/attributes", null);

    injected(r, 429, id, "429 storm 429 (Retry-After 9)");
    assertThat(r.header("Retry-After")).isEqualTo("9");
    assertThat(r.json()).isEqualTo(json("{\"errors\":[{\"detail\":\"Too Many Requests\",\"status\":\"429\"}],"
        + "\"meta\":{\"error\":\"Too Many Requests\"}}"));
  }

  @Test
  void anOutageFailsEveryRequestOfEveryApiWith503() {
    String id = addRule("{\"effect\":{\"type\":\"outage\"}}");

    FakeHttp.Response v1 = http.track("PUT", "/api/v1/customers/out-1", "{\"email\":\"o@example.com\"}");
    assertThat(v1.status()).isEqualTo(503);
    assertThat(v1.json()).isEqualTo(json("{\"meta\":{\"errors\":[\"Service Unavailable\"]}}"));
    FakeHttp.Response v2 = http.track("POST", "/api/v2/batch", "{\"batch\":[{\"type\":\"person\","
        + "\"identifiers\":{\"id\":\"out-2\"},\"action\":\"identify\"}]}");
    assertThat(v2.status()).isEqualTo(503);
    assertThat(v2.json().get("errors").get(0).get("message").asText()).isEqualTo("Service Unavailable");
    FakeHttp.Response app = http.app("GET", "/v1/customers?email=o@example.com", null);
    assertThat(app.status()).isEqualTo(503);
    assertThat(app.json().get("errors").get(0).get("status").asText()).isEqualTo("503");
    FakeHttp.Response send = http.app("POST", "/v1/send/email", "{\"transactional_message_id\":3,"
        + "\"to\":\"o@example.com\",\"identifiers\":{\"id\":\"out-1\"}}");
    assertThat(send.status()).isEqualTo(503);
    assertThat(send.json().get("meta").get("error").asText()).isEqualTo("Service Unavailable");
    FakeHttp.Response region = region();
    injected(region, 503, id, "outage 503");
    assertThat(region.header("Retry-After")).isNull();

    List<JsonNode> journal = journal();
    assertThat(journal).hasSize(5).allSatisfy(e -> {
      assertThat(e.get("status").asInt()).isEqualTo(503);
      assertThat(e.get("injected_fault").asText()).isEqualTo(id + ": outage 503");
    });
    assertThat(rule(id).get("fired").asLong()).isEqualTo(5);
    assertThat(adminStatus("/people/out-1")).isEqualTo(404);
    assertThat(adminStatus("/people/out-2")).isEqualTo(404);
    assertThat(http.admin("GET", "/__cio/health", null).status()).as("the admin API is never disturbed")
        .isEqualTo(200);
  }

  @Test
  void anOutageWithRetryAfterSaysSo() {
    String id = addRule("{\"match\":{\"api\":\"track\"},\"effect\":{\"type\":\"outage\",\"retry_after\":30}}");

    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/out-3", "{\"email\":\"o3@example.com\"}");

    injected(r, 503, id, "outage 503 (Retry-After 30)");
    assertThat(r.header("Retry-After")).isEqualTo("30");
  }

  @Test
  void aRetrySoonerThanTheChaosRetryAfterIsRecorded() {
    addRule("{\"match\":{\"api\":\"track\",\"for_requests\":1},"
        + "\"effect\":{\"type\":\"error\",\"status\":503,\"retry_after\":5}}");

    FakeHttp.Response first = http.track("PUT", "/api/v1/customers/eager", "{\"email\":\"eager@example.com\"}");
    assertThat(first.status()).isEqualTo(503);
    assertThat(first.header("Retry-After")).isEqualTo("5");
    assertThat(pitfallIds()).isEmpty();
    FakeHttp.Response retry = http.send("PUT", "/api/v1/customers/eager", "{\"email\":\"eager@example.com\"}",
        Map.of("Authorization", http.trackAuth(), "X-Retry-Count", "1"));

    assertThat(retry.status()).as("the rule fired once; the retry gets through").isEqualTo(200);
    assertThat(pitfallIds()).containsExactly("retry-ignored-retry-after");
    JsonNode p = http.admin("GET", "/__cio/pitfalls?id=retry-ignored-retry-after", null).json().get("pitfalls").get(0);
    assertThat(p.get("request_id").asText()).isEqualTo(retry.header("X-CIO-Fake-Request-Id"));
    assertThat(p.get("message").asText()).startsWith("sent again ")
        .contains(" ms after a response that said Retry-After: 5 (request " + first.header("X-CIO-Fake-Request-Id"));
    assertThat(p.at("/evidence/retry_after_seconds").asInt()).isEqualTo(5);
    assertThat(p.at("/evidence/rate_limited_request_id").asText()).isEqualTo(first.header("X-CIO-Fake-Request-Id"));
    assertThat(p.at("/evidence/x_retry_count").asText()).isEqualTo("1");
    assertThat(p.at("/evidence/waited_ms").asLong()).isLessThan(5_000);
  }

  @Test
  void aRetryAfterAnErrorWithoutRetryAfterIsNotAPitfall() {
    addRule("{\"match\":{\"api\":\"track\",\"for_requests\":2},\"effect\":{\"type\":\"error\",\"status\":500}}");

    assertThat(http.track("PUT", "/api/v1/customers/p1", "{\"email\":\"p1@example.com\"}").status()).isEqualTo(500);
    assertThat(http.track("PUT", "/api/v1/customers/p1", "{\"email\":\"p1@example.com\"}").status()).isEqualTo(500);
    assertThat(http.track("PUT", "/api/v1/customers/p1", "{\"email\":\"p1@example.com\"}").status()).isEqualTo(200);

    assertThat(pitfallIds()).isEmpty();
    assertThat(adminStatus("/people/p1")).isEqualTo(200);
  }

  private static JsonNode json(String s) {
    try {
      return MAPPER.readTree(s);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
