package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertBadRequest;
import static dev.ciofake.track.TrackAssertions.assertOk;
import static dev.ciofake.track.TrackAssertions.deliveryMetrics;
import static dev.ciofake.track.TrackAssertions.events;
import static dev.ciofake.track.TrackAssertions.people;
import static dev.ciofake.track.TrackAssertions.person;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Timestamps are Unix seconds (docs/customerio-facts.md 1.8). In strict mode (the default) a millisecond value is a 400
 * naming the field and the value in seconds; lenient mode, switched on through the admin settings, accepts it.
 */
class TimestampsTest {
  private static final long SECONDS = 1_700_000_000L;
  private static final long MILLIS = 1_700_000_000_123L;

  private static CioFakeServer server;
  private static FakeHttp http;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.defaults());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    server = s;
    http = new FakeHttp(server);
  }

  @BeforeEach
  void resetState() {
    lenient(false);
  }

  @AfterEach
  void strictAgain() {
    lenient(false);
  }

  private static void lenient(boolean on) {
    FakeHttp.Response r = http.admin("PUT", "/__cio/workspaces/" + http.credentials().siteId() + "/settings",
        "{\"lenient_timestamps\":" + on + "}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().at("/settings/lenient_timestamps").asBoolean()).isEqualTo(on);
  }

  private static String inMillis(String field, long value) {
    return "'" + field + "' is " + value + ", which is in milliseconds; Customer.io timestamps are Unix seconds: send "
        + (value / 1000);
  }

  private static FakeHttp.Response send(String method, String path, String body) {
    return path.startsWith("/api/v1/customers") || path.equals("/api/v1/events")
        ? http.track(method, path, body)
        : http.send(method, path, body, Map.of());
  }

  /** Where a timestamp can go: method, path, body template with %d for the value, field named in the error. */
  static Stream<Arguments> timestampFields() {
    return Stream.of(
        Arguments.of("POST", "/api/v1/customers/42/events", "{\"name\":\"x\",\"timestamp\":%d}", "timestamp"),
        Arguments.of("POST", "/api/v1/events", "{\"name\":\"x\",\"anonymous_id\":\"a1\",\"timestamp\":%d}",
            "timestamp"),
        Arguments.of("PUT", "/api/v1/customers/42", "{\"created_at\":%d}", "created_at"),
        Arguments.of("PUT", "/api/v1/customers/42", "{\"_timestamp\":%d}", "_timestamp"),
        Arguments.of("PUT", "/api/v1/customers/42", "{\"trial_ends_at\":%d}", "trial_ends_at"),
        Arguments.of("PUT", "/api/v1/customers/42/devices",
            "{\"device\":{\"id\":\"t\",\"platform\":\"ios\",\"last_used\":%d}}", "device.last_used"),
        Arguments.of("PUT", "/api/v1/customers/42/devices",
            "{\"device\":{\"id\":\"t\",\"platform\":\"android\",\"last_used\":\"%d\"}}", "device.last_used"),
        Arguments.of("POST", "/api/v1/metrics", "{\"delivery_id\":\"d\",\"metric\":\"opened\",\"timestamp\":%d}",
            "timestamp"),
        Arguments.of("POST", "/api/v1/push/events", "{\"delivery_id\":\"d\",\"event\":\"opened\",\"timestamp\":%d}",
            "timestamp"),
        Arguments.of("POST", "/push/events", "{\"delivery_id\":\"d\",\"event\":\"opened\",\"timestamp\":%d}",
            "timestamp"));
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @MethodSource("timestampFields")
  void millisecondsAreRejectedNamingTheFieldAndTheValueInSeconds(String method, String path, String template,
      String field) {
    FakeHttp.Response r = send(method, path, template.formatted(MILLIS));

    assertBadRequest(r, inMillis(field, MILLIS));
    assertThat(r.body()).contains("send 1700000000");
    assertThat(people(http)).isEmpty();
    assertThat(events(http)).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @MethodSource("timestampFields")
  void secondsAreAccepted(String method, String path, String template, String field) {
    assertOk(send(method, path, template.formatted(SECONDS)));
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @MethodSource("timestampFields")
  void lenientModeAcceptsMilliseconds(String method, String path, String template, String field) {
    lenient(true);

    assertOk(send(method, path, template.formatted(MILLIS)));
  }

  @Test
  void lenientModeStoresTheValueAsSent() {
    lenient(true);

    assertOk(http.track("PUT", "/api/v1/customers/42", "{\"trial_ends_at\":" + MILLIS + "}"));
    assertOk(http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"x\",\"timestamp\":" + MILLIS + "}"));

    assertThat(person(http, "42").at("/attributes/trial_ends_at").asLong()).isEqualTo(MILLIS);
    assertThat(events(http).get(0).get("timestamp").asLong()).isEqualTo(MILLIS);
  }

  @Test
  void switchingLenientModeOffRejectsAgain() {
    lenient(true);
    assertOk(http.track("PUT", "/api/v1/customers/42", "{\"created_at\":" + MILLIS + "}"));

    lenient(false);

    assertBadRequest(http.track("PUT", "/api/v1/customers/42", "{\"created_at\":" + MILLIS + "}"),
        inMillis("created_at", MILLIS));
  }

  @Test
  void lenientModeOfOneWorkspaceDoesNotRelaxAnother() {
    FakeHttp other = http.as(server.newFake().credentials());
    lenient(true);

    assertBadRequest(other.track("PUT", "/api/v1/customers/42", "{\"created_at\":" + MILLIS + "}"),
        inMillis("created_at", MILLIS));
  }

  @Test
  void everyMillisecondFieldOfAnIdentifyIsReportedInOrder() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42", """
        {"created_at":1700000000000,"plan":"pro","trial_ends_at":1700600000000}
        """), inMillis("created_at", 1_700_000_000_000L), inMillis("trial_ends_at", 1_700_600_000_000L));
  }

  @Test
  void createdAtAsAStringOfMillisecondsIsRejected() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/42", """
        {"created_at":"1700000000000"}
        """), inMillis("created_at", 1_700_000_000_000L));
  }

  @Test
  void createdAtAsAStringOfSecondsIsAccepted() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"created_at":"1700000000"}
        """));
  }

  @Test
  void microsecondsAreNamedAsSuch() {
    assertBadRequest(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"x","timestamp":1700000000000000}
        """), "'timestamp' is 1700000000000000, which is in microseconds; Customer.io timestamps are Unix seconds: "
        + "send 1700000000");
  }

  @Test
  void largeNumbersInAttributesThatAreNotTimestampsAreAccepted() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"lifetime_value_cents":1700000000000,"phone_number":"15555550100123"}
        """));

    assertThat(person(http, "42").at("/attributes/lifetime_value_cents").asLong()).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void largestSecondsValueIsAcceptedAndTheNextIsRejected() {
    assertOk(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"x","timestamp":99999999999}
        """));
    assertBadRequest(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"x","timestamp":100000000000}
        """), inMillis("timestamp", 100_000_000_000L));
  }

  @Test
  void rejectedMetricIsNotRecorded() {
    assertBadRequest(http.send("POST", "/api/v1/metrics", """
        {"delivery_id":"d","metric":"opened","timestamp":1700000000000}
        """, Map.of()), inMillis("timestamp", 1_700_000_000_000L));

    assertThat(deliveryMetrics(http).get("delivery_metrics")).isEmpty();
  }
}
