package dev.ciofake.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One fake per test class (the extension gives each subclass its own; rate limits off, so only chaos answers
 * errors), reset before each test with the chaos rules of earlier tests gone, workspace and server-wide alike;
 * helpers that install rules and read the journal and pitfalls over HTTP.
 */
abstract class ChaosTestBase {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().rateLimits(false).build());

  CioFakeServer server;
  FakeHttp http;

  @BeforeEach
  void bindTheFake(CioFakeServer server, CioFake cio) {
    this.server = server;
    this.http = new FakeHttp(cio);
  }

  /** Installs rules with {@code POST /__cio/chaos}; asserts 201 and returns the id of the first rule added. */
  String addRule(String json) {
    return addRule(http, json);
  }

  static String addRule(FakeHttp http, String json) {
    FakeHttp.Response r = http.admin("POST", "/__cio/chaos", json);
    assertThat(r.status()).as("POST /__cio/chaos %s -> %s", json, r).isEqualTo(201);
    return r.json().get("added").get(0).get("id").asText();
  }

  /** The rule with this id as {@code GET /__cio/chaos} shows it. */
  JsonNode rule(String id) {
    return rule(http, id);
  }

  static JsonNode rule(FakeHttp http, String id) {
    for (JsonNode r : http.admin("GET", "/__cio/chaos", null).json().get("rules")) {
      if (r.get("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no chaos rule " + id);
  }

  /** The journal of the default workspace, oldest first. */
  List<JsonNode> journal() {
    return journal(http);
  }

  static List<JsonNode> journal(FakeHttp http) {
    FakeHttp.Response r = http.admin("GET", "/__cio/requests?limit=1000&site_id=" + http.credentials().siteId(), null);
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().get("requests").forEach(out::add);
    return out;
  }

  /** The newest journal entry of the default workspace. */
  JsonNode lastEntry() {
    List<JsonNode> j = journal();
    assertThat(j).as("journal").isNotEmpty();
    return j.get(j.size() - 1);
  }

  /** The ids of every pitfall recorded so far, oldest first. */
  List<String> pitfallIds() {
    return pitfallIds(http);
  }

  static List<String> pitfallIds(FakeHttp http) {
    FakeHttp.Response r = http.admin("GET", "/__cio/pitfalls", null);
    assertThat(r.status()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.json().get("pitfalls").forEach(p -> out.add(p.get("id").asText()));
    return out;
  }

  /** A cheap Track request that changes nothing: {@code GET /api/v1/accounts/region}. */
  FakeHttp.Response region() {
    return http.track("GET", "/api/v1/accounts/region", null);
  }
}
