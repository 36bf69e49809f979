package dev.ciofake.pitfall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads recorded pitfalls the way a developer would: over HTTP, from {@code GET /__cio/pitfalls}. */
final class AdminPitfalls {
  /**
   * The pitfalls these tests are about. Other detectors (missing email, anonymous events never merged, ...) may
   * rightly fire on the same traffic; each has its own test, so these tests look only at these four.
   */
  static final Set<String> UNDER_TEST =
      Set.of("wrong-api-key", "millisecond-timestamp", "track-before-identify", "invalid-request");

  private AdminPitfalls() {}

  /** The raw response of {@code GET /__cio/pitfalls?query}. */
  static FakeHttp.Response response(FakeHttp http, String query) {
    FakeHttp.Response r = http.admin("GET", "/__cio/pitfalls" + (query.isEmpty() ? "" : "?" + query), null);
    assertThat(r.status()).as("GET /__cio/pitfalls?%s -> %s", query, r).isEqualTo(200);
    return r;
  }

  /** The pitfalls with this id, oldest first. */
  static List<JsonNode> withId(FakeHttp http, String id) {
    List<JsonNode> out = new ArrayList<>();
    response(http, "id=" + id).json().get("pitfalls").forEach(out::add);
    return out;
  }

  /** Every recorded pitfall, oldest first. */
  static List<JsonNode> all(FakeHttp http) {
    List<JsonNode> out = new ArrayList<>();
    response(http, "").json().get("pitfalls").forEach(out::add);
    return out;
  }

  /** The ids of every recorded pitfall of the four {@link #UNDER_TEST}, oldest first. */
  static List<String> ids(FakeHttp http) {
    return all(http).stream().map(p -> p.get("id").asText()).filter(UNDER_TEST::contains).toList();
  }
}
