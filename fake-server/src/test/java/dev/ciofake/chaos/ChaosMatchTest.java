package dev.ciofake.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a rule matches: API, method, path glob, workspace; the admin API never. */
class ChaosMatchTest extends ChaosTestBase {

  private int identify(FakeHttp h, String id) {
    return h.track("PUT", "/api/v1/customers/" + id, "{\"email\":\"" + id + "@example.com\"}").status();
  }

  private int event(FakeHttp h, String id) {
    return h.track("POST", "/api/v1/customers/" + id + "/events", "{\"name\":\"signed_up\"}").status();
  }

  private int v2(FakeHttp h, String id) {
    return h.track("POST", "/api/v2/entity", "{\"type\":\"person\",\"identifiers\":{\"id\":\"" + id + "\"},"
        + "\"action\":\"identify\"}").status();
  }

  private int app(FakeHttp h) {
    return h.app("GET", "/v1/customers/42/attributes", null).status();
  }

  @Test
  void apiTrackCoversV1AndV2ButNotTheAppApi() {
    addRule("{\"match\":{\"api\":\"track\"},\"effect\":{\"type\":\"error\",\"status\":500}}");

    assertThat(identify(http, "m1")).isEqualTo(500);
    assertThat(v2(http, "m1")).isEqualTo(500);
    assertThat(app(http)).isIn(200, 404);
    assertThat(app(http)).isNotEqualTo(500);
  }

  @Test
  void apiAppLeavesTrackAlone() {
    addRule("{\"match\":{\"api\":\"app\"},\"effect\":{\"type\":\"error\",\"status\":504}}");

    assertThat(app(http)).isEqualTo(504);
    assertThat(identify(http, "m2")).isEqualTo(200);
    assertThat(v2(http, "m2")).isEqualTo(200);
  }

  @Test
  void methodMatchesOnlyThatMethodCaseInsensitively() {
    addRule("{\"match\":{\"method\":\"post\"},\"effect\":{\"type\":\"error\",\"status\":503}}");

    assertThat(identify(http, "m3")).isEqualTo(200);
    assertThat(event(http, "m3")).isEqualTo(503);
    assertThat(region().status()).isEqualTo(200);
  }

  @Test
  void aSingleStarIsOneSegmentAndADoubleStarAny() {
    String events = addRule("{\"match\":{\"path\":\"/api/v1/customers/*/events\"},"
        + "\"effect\":{\"type\":\"error\",\"status\":502}}");
    assertThat(event(http, "m4")).isEqualTo(502);
    assertThat(identify(http, "m4")).as("/api/v1/customers/m4 is not .../events").isEqualTo(200);
    http.admin("DELETE", "/__cio/chaos/" + events, null);

    String person = addRule("{\"match\":{\"path\":\"/api/v1/customers/*\"},"
        + "\"effect\":{\"type\":\"error\",\"status\":502}}");
    assertThat(identify(http, "m4")).isEqualTo(502);
    assertThat(event(http, "m4")).as("* does not span segments").isEqualTo(200);
    http.admin("DELETE", "/__cio/chaos/" + person, null);

    addRule("{\"match\":{\"path\":\"/api/v1/**\"},\"effect\":{\"type\":\"error\",\"status\":502}}");
    assertThat(event(http, "m4")).isEqualTo(502);
    assertThat(identify(http, "m4")).isEqualTo(502);
    assertThat(region().status()).isEqualTo(502);
    assertThat(v2(http, "m4")).as("/api/v2 is outside /api/v1/**").isEqualTo(200);
  }

  @Test
  void siteIdMatchesOnlyThatWorkspace() {
    WorkspaceCredentials other = server.newFake().credentials();
    FakeHttp otherHttp = http.as(other);
    addRule("{\"match\":{\"site_id\":\"" + other.siteId() + "\"},\"effect\":{\"type\":\"outage\"}}");

    assertThat(identify(otherHttp, "m5")).isEqualTo(503);
    assertThat(identify(http, "m5")).isEqualTo(200);
    assertThat(app(otherHttp)).isEqualTo(503);
  }

  @Test
  void theJavaHandlesRuleHitsOnlyItsOwnWorkspaceUnlessAnyWorkspace() {
    WorkspaceCredentials other = server.newFake().credentials();
    FakeHttp otherHttp = http.as(other);
    CioFake mine = server.fake();

    String id = mine.chaos().error(503).retryAfter(2).onTrack().apply();

    assertThat(identify(http, "m6")).isEqualTo(503);
    assertThat(identify(otherHttp, "m6")).as("another workspace is not disturbed").isEqualTo(200);
    assertThat(mine.chaos().installed()).hasSize(1).first().asString().contains("\"id\":\"" + id + "\"")
        .contains("\"site_id\":\"" + mine.siteId() + "\"").contains("\"fired\":1");

    mine.chaos().clear();
    assertThat(identify(http, "m6")).isEqualTo(200);

    mine.chaos().latency(Duration.ofMillis(1)).anyWorkspace().apply();
    mine.chaos().outage().anyWorkspace().method("PUT").apply();
    assertThat(identify(otherHttp, "m7")).as("latency fires first and lets the request through").isEqualTo(200);
    mine.chaos().clear();
    assertThat(mine.chaos().installed()).as("a workspace's clear keeps the server-wide rules").hasSize(2);
    assertThat(http.admin("DELETE", "/__cio/chaos", null).status()).isEqualTo(200);
    mine.chaos().outage().anyWorkspace().apply();
    assertThat(identify(otherHttp, "m7")).isEqualTo(503);
    assertThat(identify(http, "m7")).isEqualTo(503);
  }

  @Test
  void theAdminApiIsNeverDisturbed() {
    addRule("{\"effect\":{\"type\":\"outage\"}}");
    addRule("{\"effect\":{\"type\":\"fault\",\"fault\":\"connection_reset\"}}");

    assertThat(http.admin("GET", "/__cio/health", null).status()).isEqualTo(200);
    assertThat(http.admin("GET", "/__cio/requests", null).status()).isEqualTo(200);
    assertThat(http.admin("GET", "/__cio/chaos", null).json().get("rules").get(0).get("matched").asLong())
        .as("admin requests are not even counted").isZero();
    var refused = http.admin("POST", "/__cio/chaos", "{\"match\":{\"api\":\"admin\"},\"effect\":{\"type\":\"outage\"}}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("error").asText()).contains("match.api").contains("admin API is never disturbed");
    assertThat(identify(http, "m8")).as("the API itself is down").isEqualTo(503);
  }
}
