package dev.ciofake.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import java.util.ArrayList;
import java.util.List;

/** Shared assertions and admin reads of the App API tests. */
final class AppSupport {
  /** The App API's live Cache-Control (docs/customerio-facts.md 3.4). */
  static final String APP_CACHE_CONTROL = "must-revalidate,no-cache,no-store";

  private AppSupport() {}

  /** Where the App tests' frozen clock stands. */
  static final java.time.Instant T0 = java.time.Instant.parse("2026-03-01T10:00:00Z");

  /** The App tests' fake: the shop workspace file, the clock frozen at {@link #T0}, the App rate class 1000/s. */
  static dev.ciofake.CioFakeOptions.Builder shop() {
    return dev.ciofake.CioFakeOptions.builder()
        .clock(dev.ciofake.FakeClock.frozenAt(T0))
        .workspaceFile(workspaceFile("shop.yaml"))
        .rateLimit(dev.ciofake.RateClass.APP, dev.ciofake.RateLimit.perSecond(1000));
  }

  /** One App test class's fake, on {@code options}; the system properties are left alone (classes run in parallel). */
  static dev.ciofake.junit5.CustomerIoFakeExtension extension(dev.ciofake.CioFakeOptions.Builder options) {
    return dev.ciofake.junit5.CustomerIoFakeExtension.builder().systemProperties(false).options(options.build())
        .build();
  }

  /** The text of a workspace file under {@code src/test/resources/workspaces/}. */
  static String workspaceFile(String name) {
    try (java.io.InputStream in = AppSupport.class.getResourceAsStream("/workspaces/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A 200 with a JSON body and the App headers; returns the body. */
  static JsonNode assertAppOk(FakeHttp.Response r) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.header("Cache-Control")).isEqualTo(APP_CACHE_CONTROL);
    return r.json();
  }

  /**
   * A transactional-send error: the status and exactly {@code {"meta":{"error":"..."}}} (the shape the Go client
   * parses). Returns the message.
   */
  static String assertMetaError(FakeHttp.Response r, int status) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertThat(r.header("Cache-Control")).isEqualTo(APP_CACHE_CONTROL);
    JsonNode body = r.json();
    assertThat(fieldNames(body)).as("body %s", r).containsExactly("meta");
    assertThat(fieldNames(body.get("meta"))).as("body %s", r).containsExactly("error");
    String message = body.at("/meta/error").asText();
    assertThat(message).isNotBlank();
    assertThat(r.body()).doesNotContain("Exception");
    return message;
  }

  /**
   * An error in the usual App shape {@code {"errors":[{"detail":"...","status":"<code>"}]}} with the status as a
   * string. Returns the first detail.
   */
  static String assertAppErrors(FakeHttp.Response r, int status) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertThat(r.header("Cache-Control")).isEqualTo(APP_CACHE_CONTROL);
    JsonNode body = r.json();
    assertThat(fieldNames(body)).as("body %s", r).containsExactly("errors", "meta");
    JsonNode errors = body.get("errors");
    assertThat(errors.size()).isGreaterThanOrEqualTo(1);
    List<String> details = new ArrayList<>();
    for (JsonNode e : errors) {
      assertThat(fieldNames(e)).containsExactly("detail", "status");
      assertThat(e.get("status").isTextual()).as("status is a string in %s", r).isTrue();
      assertThat(e.get("status").asText()).isEqualTo(String.valueOf(status));
      details.add(e.get("detail").asText());
    }
    // the official Node client's message: meta.error, the same words (Api.error)
    assertThat(fieldNames(body.get("meta"))).as("body %s", r).containsExactly("error");
    assertThat(body.at("/meta/error").asText()).isEqualTo(String.join("; ", details));
    return errors.get(0).get("detail").asText();
  }

  static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  // ---------------------------------------------------------------- admin reads

  static JsonNode deliveries(FakeHttp http) {
    FakeHttp.Response r = http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/deliveries", null);
    assertThat(r.status()).isEqualTo(200);
    return r.json().get("deliveries");
  }

  /** The stored delivery with this id (over {@code ?id=}), failing when there is not exactly one. */
  static JsonNode delivery(FakeHttp http, String deliveryId) {
    FakeHttp.Response r = http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId()
        + "/deliveries?id=" + deliveryId, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("deliveries")).as("deliveries with id %s", deliveryId).hasSize(1);
    return r.json().get("deliveries").get(0);
  }

  static JsonNode triggers(FakeHttp http) {
    FakeHttp.Response r = http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/broadcasts", null);
    assertThat(r.status()).isEqualTo(200);
    return r.json().get("triggers");
  }

  static List<JsonNode> pitfalls(FakeHttp http, String id) {
    FakeHttp.Response r = http.admin("GET", "/__cio/pitfalls?id=" + id, null);
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().get("pitfalls").forEach(out::add);
    return out;
  }

  /** Identifies a person through the Track API (v1), failing unless it answers 200. */
  static void identify(FakeHttp http, String id, String attributesJson) {
    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/" + id, attributesJson);
    assertThat(r.status()).as("identify %s: %s", id, r).isEqualTo(200);
  }
}
