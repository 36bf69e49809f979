package dev.ciofake.catalog;

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
 * One fake per test class (the extension gives each subclass its own; rate limits off: these tests are about other
 * pitfalls), reset before each test, and helpers that read pitfalls over HTTP the way a developer would.
 */
abstract class CatalogTestBase {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().rateLimits(false).build());

  CioFakeServer server;
  FakeHttp http;

  @BeforeEach
  void bindTheFake(CioFakeServer server, CioFake cio) {
    this.server = server;
    this.http = new FakeHttp(cio);
  }

  /** PUT /api/v1/customers/{id}; asserts 200. */
  FakeHttp.Response identify(String id, String json) {
    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/" + id, json);
    assertThat(r.status()).as("identify %s -> %s", id, r).isEqualTo(200);
    return r;
  }

  /** POST /api/v1/customers/{id}/events; asserts 200. */
  FakeHttp.Response track(String id, String json) {
    FakeHttp.Response r = http.track("POST", "/api/v1/customers/" + id + "/events", json);
    assertThat(r.status()).as("track %s -> %s", id, r).isEqualTo(200);
    return r;
  }

  /** The occurrences of one pitfall id, from GET /__cio/pitfalls?id=. */
  List<JsonNode> pitfalls(String id) {
    FakeHttp.Response r = http.admin("GET", "/__cio/pitfalls?id=" + id, null);
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().get("pitfalls").forEach(out::add);
    return out;
  }

  /** The single occurrence of a pitfall id; fails when there is none or more than one. */
  JsonNode onlyPitfall(String id) {
    List<JsonNode> ps = pitfalls(id);
    assertThat(ps).as("occurrences of %s", id).hasSize(1);
    return ps.get(0);
  }
}
