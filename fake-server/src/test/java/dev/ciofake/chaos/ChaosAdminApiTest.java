package dev.ciofake.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST}, {@code GET} and {@code DELETE /__cio/chaos}. */
class ChaosAdminApiTest extends ChaosTestBase {

  private JsonNode rules() {
    FakeHttp.Response r = http.admin("GET", "/__cio/chaos", null);
    assertThat(r.status()).isEqualTo(200);
    return r.json().get("rules");
  }

  @Test
  void postOneRuleAnswers201WithTheRuleAsShown() {
    FakeHttp.Response r = http.admin("POST", "/__cio/chaos", "{\"match\":{\"api\":\"track\",\"method\":\"post\","
        + "\"path\":\"/api/v1/customers/*/events\",\"probability\":0.25,\"after_requests\":1,\"for_seconds\":10},"
        + "\"effect\":{\"type\":\"error\",\"status\":503,\"retry_after\":2},\"seed\":42}");

    assertThat(r.status()).isEqualTo(201);
    JsonNode added = r.json().get("added");
    assertThat(added).hasSize(1);
    JsonNode rule = added.get(0);
    assertThat(rule.get("id").asText()).matches("r\\d+");
    assertThat(rule.at("/match/api").asText()).isEqualTo("track");
    assertThat(rule.at("/match/method").asText()).isEqualTo("POST");
    assertThat(rule.at("/match/path").asText()).isEqualTo("/api/v1/customers/*/events");
    assertThat(rule.at("/match/site_id").isNull()).isTrue();
    assertThat(rule.at("/match/probability").asDouble()).isEqualTo(0.25);
    assertThat(rule.at("/match/after_requests").asLong()).isEqualTo(1);
    assertThat(rule.at("/match/for_seconds").asDouble()).isEqualTo(10.0);
    assertThat(rule.at("/match/for_requests").isNull()).isTrue();
    assertThat(rule.get("effect").asText()).isEqualTo("error 503 (Retry-After 2)");
    assertThat(rule.get("seed").asLong()).isEqualTo(42);
    assertThat(rule.get("matched").asLong()).isZero();
    assertThat(rule.get("fired").asLong()).isZero();
    assertThat(r.json().get("rules")).hasSize(1);
    assertThat(rules()).hasSize(1);
  }

  @Test
  void postAnArrayAddsEachRuleInOrder() {
    FakeHttp.Response r = http.admin("POST", "/__cio/chaos", "[{\"effect\":{\"type\":\"latency\",\"fixed_ms\":5}},"
        + "{\"effect\":{\"type\":\"outage\"}}]");

    assertThat(r.status()).isEqualTo(201);
    JsonNode added = r.json().get("added");
    assertThat(added).hasSize(2);
    assertThat(added.get(0).get("effect").asText()).isEqualTo("latency 5 ms");
    assertThat(added.get(1).get("effect").asText()).isEqualTo("outage 503");
    int first = Integer.parseInt(added.get(0).get("id").asText().substring(1));
    assertThat(added.get(1).get("id").asText()).isEqualTo("r" + (first + 1));
    assertThat(rules()).hasSize(2);
  }

  @Test
  void postASeededSetSeedsEachRuleFromIt() {
    FakeHttp.Response r = http.admin("POST", "/__cio/chaos", "{\"seed\":500,\"rules\":["
        + "{\"match\":{\"probability\":0.5},\"effect\":{\"type\":\"outage\"}},"
        + "{\"match\":{\"probability\":0.5},\"effect\":{\"type\":\"rate_limit\"}},"
        + "{\"effect\":{\"type\":\"outage\"},\"seed\":7}]}");

    assertThat(r.status()).isEqualTo(201);
    JsonNode added = r.json().get("added");
    assertThat(added.get(0).get("seed").asLong()).isEqualTo(500);
    assertThat(added.get(1).get("seed").asLong()).isEqualTo(501);
    assertThat(added.get(2).get("seed").asLong()).as("a rule's own seed wins").isEqualTo(7);
    assertThat(added.get(1).get("effect").asText()).isEqualTo("429 storm 429 (Retry-After 1)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "no effect type|{\"effect\":{}}|effect.type is required",
      "unknown effect|{\"effect\":{\"type\":\"teleport\"}}|unknown effect.type 'teleport'",
      "bad status|{\"effect\":{\"type\":\"error\",\"status\":418}}|effect.status must be 500, 502, 503 or 504, got 418",
      "text status|{\"effect\":{\"type\":\"error\",\"status\":\"busy\"}}|effect.status must be",
      "probability over 1|{\"match\":{\"probability\":1.5},\"effect\":{\"type\":\"outage\"}}|match.probability must be in (0, 1]",
      "probability zero|{\"match\":{\"probability\":0},\"effect\":{\"type\":\"outage\"}}|match.probability",
      "text probability|{\"match\":{\"probability\":\"half\"},\"effect\":{\"type\":\"outage\"}}|match.probability must be a number",
      "admin api|{\"match\":{\"api\":\"admin\"},\"effect\":{\"type\":\"outage\"}}|match.api must be track, app or pipelines",
      "latency without values|{\"effect\":{\"type\":\"latency\"}}|fixed_ms",
      "max below min|{\"effect\":{\"type\":\"latency\",\"min_ms\":300,\"max_ms\":100}}|effect.max_ms must not be below min_ms",
      "negative window|{\"match\":{\"after_seconds\":-1},\"effect\":{\"type\":\"outage\"}}|after_seconds must be a non-negative number",
      "text retry_after|{\"effect\":{\"type\":\"outage\",\"retry_after\":\"soon\"}}|retry_after must be a non-negative number",
      "slow body without duration|{\"effect\":{\"type\":\"slow_body\"}}|duration_ms",
      "unknown fault|{\"effect\":{\"type\":\"fault\",\"fault\":\"fire\"}}|effect.fault must be connection_reset",
      "not an object|\"outage\"|request body must be a JSON object or array, got a string",
      "a rule that is not an object|{\"rules\":[\"outage\"]}|rule 0: a chaos rule must be an object",
      "bad second rule|[{\"effect\":{\"type\":\"outage\"}},{\"effect\":{\"type\":\"error\",\"status\":501}}]|rule 1: effect.status"})
  void aBadRuleIs400WithAMessageNamingTheFieldAndAddsNothing(String name, String body, String message) {
    FakeHttp.Response r = http.admin("POST", "/__cio/chaos", body);

    assertThat(r.status()).as("%s", r).isEqualTo(400);
    assertThat(r.json().get("error").asText()).contains(message);
    if (!message.startsWith("request body")) {
      assertThat(r.json().get("error").asText()).startsWith("bad chaos rule: ");
    }
    assertThat(r.json().get("status").asInt()).isEqualTo(400);
    assertThat(rules()).as("nothing is added").isEmpty();
    assertThat(region().status()).isEqualTo(200);
  }

  @Test
  void aBodyThatIsNotJsonIs400() {
    FakeHttp.Response r = http.admin("POST", "/__cio/chaos", "{match:");

    assertThat(r.status()).isEqualTo(400);
    assertThat(rules()).isEmpty();
  }

  @Test
  void getShowsMatchedAndFiredCounts() {
    String id = addRule("{\"match\":{\"method\":\"PUT\",\"after_requests\":1,\"for_requests\":2},"
        + "\"effect\":{\"type\":\"error\",\"status\":500}}");

    for (int i = 0; i < 5; i++) {
      http.track("PUT", "/api/v1/customers/c" + i, "{\"email\":\"c" + i + "@example.com\"}");
    }
    region(); // another method: not matched

    JsonNode rule = rule(id);
    assertThat(rule.get("matched").asLong()).isEqualTo(5);
    assertThat(rule.get("fired").asLong()).isEqualTo(2);
  }

  @Test
  void deleteOneRemovesOnlyThatRule() {
    String outage = addRule("{\"match\":{\"method\":\"PUT\"},\"effect\":{\"type\":\"outage\"}}");
    String latency = addRule("{\"effect\":{\"type\":\"latency\",\"fixed_ms\":1}}");

    FakeHttp.Response r = http.admin("DELETE", "/__cio/chaos/" + outage, null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("rules")).hasSize(1);
    assertThat(r.json().get("rules").get(0).get("id").asText()).isEqualTo(latency);
    assertThat(http.track("PUT", "/api/v1/customers/d1", "{\"email\":\"d1@example.com\"}").status()).isEqualTo(200);

    FakeHttp.Response again = http.admin("DELETE", "/__cio/chaos/" + outage, null);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().get("error").asText()).contains("no chaos rule " + outage);
  }

  @Test
  void deleteAllRemovesEveryRule() {
    addRule("{\"effect\":{\"type\":\"outage\"}}");
    addRule("{\"effect\":{\"type\":\"rate_limit\"}}");

    FakeHttp.Response r = http.admin("DELETE", "/__cio/chaos", null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("rules")).isEmpty();
    assertThat(rules()).isEmpty();
    assertThat(region().status()).isEqualTo(200);
  }

  @Test
  void ruleIdsAreNotReusedAfterADelete() {
    String a = addRule("{\"effect\":{\"type\":\"outage\"}}");
    http.admin("DELETE", "/__cio/chaos", null);
    String b = addRule("{\"effect\":{\"type\":\"outage\"}}");

    assertThat(b).isNotEqualTo(a);
  }
}
