package dev.ciofake.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON a client sends is bounded before any schema runs (issue 15, items 1, 7, 9 and 10): numbers no 64-bit float
 * holds, exponents past any range, nesting, NaN, UTF-16 text and timestamps past 64 bits all get a 400 in the API's
 * shape, at once, with no Java class name in the message.
 */
class ParseLimitsTest {
  private static FakeHttp http;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.defaults());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    http = new FakeHttp(s);
  }

  /** The enum fields of the Track v1 schemas: a huge exponent there took 14-25 s of CPU in the enum check. */
  @ParameterizedTest
  @ValueSource(strings = {
      "/api/v1/metrics|{\"delivery_id\":\"d\",\"metric\":1e999999}",
      "/api/v1/metrics|{\"delivery_id\":\"d\",\"metric\":1e999999999}",
      "/api/v1/push/events|{\"delivery_id\":\"d\",\"event\":-1E+999999999,\"device_id\":\"x\"}",
      "/api/v1/customers/42/events|{\"name\":\"n\",\"type\":1e999999}",
      "/api/v1/customers/42/events|{\"name\":\"n\",\"data\":{\"n\":1e99999999999999999999}}",
      "/api/v1/customers/42/events|{\"name\":\"n\",\"data\":{\"n\":1e400}}"})
  void aNumberNoFloatHoldsIsRefusedAtOnce(String spec) {
    String[] parts = spec.split("\\|", 2);
    long t0 = System.nanoTime();
    FakeHttp.Response r = http.track("POST", parts[0], parts[1]);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().path("meta").path("errors").get(0).asText()).contains("out of range");
    assertNoJavaNames(r.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"name\":\"n\",\"data\":{\"n\":NaN}}",
      "{\"name\":\"n\"} {\"again\":1}",
      "{\"name\":\"n\",\"data\":Infinity}",
      "{\"name\":\"n\",'single':1}",
      "[1,2,3]"})
  void parserMessagesNameNoJavaClass(String body) {
    FakeHttp.Response r = http.track("POST", "/api/v1/customers/42/events", body);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertNoJavaNames(r.body());
  }

  @Test
  void nestingPastTheLimitIsRefusedInTheClientsTerms() {
    String deep = "{\"name\":\"n\",\"data\":" + "[".repeat(300) + "]".repeat(300) + "}";
    FakeHttp.Response r = http.track("POST", "/api/v1/customers/42/events", deep);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("nest more than 200 levels");
    assertNoJavaNames(r.body());
  }

  @Test
  void utf16TextWithoutABomIsNotJson() {
    byte[] utf16 = "{\"email\":\"ada@example.com\"}".getBytes(StandardCharsets.UTF_16LE);
    FakeHttp.Response r = http.raw("PUT", "/api/v1/customers/42", utf16,
        Map.of("Authorization", http.trackAuth(), "Content-Type", "application/json"));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("UTF-8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e400", "123456789012345678901234567890", "-99999999999999999999"})
  void aTimestampPast64BitsIsRefusedNotStoredWrapped(String ts) {
    FakeHttp.Response r = http.track("POST", "/api/v1/customers/42/events",
        "{\"name\":\"n\",\"timestamp\":" + ts + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(http.admin("GET", "/__cio/workspaces/cio-fake-site/events", null).json().path("count").asInt())
        .isZero();
  }

  @Test
  void aRelationshipWithEmptyIdentifiersIsA400NotA500() {
    FakeHttp.Response r = http.track("POST", "/api/v2/entity", """
        {"type":"object","identifiers":{"object_type_id":"1","object_id":"acme"},"action":"add_relationships",
         "cio_relationships":[{"identifiers":{}}]}""");
    assertThat(r.status()).as(r.body()).isBetween(400, 499);
    assertNoJavaNames(r.body());
  }

  static void assertNoJavaNames(String body) {
    assertThat(body).doesNotContain("`").doesNotContainPattern("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z]\\w*")
        .doesNotContain("Exception").doesNotContain("JsonReadFeature").doesNotContain("StreamReadConstraints");
  }
}
