package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertBadRequest;
import static dev.ciofake.track.TrackAssertions.assertErrors;
import static dev.ciofake.track.TrackAssertions.assertOk;
import static dev.ciofake.track.TrackAssertions.deliveryMetrics;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The open endpoints (no auth, docs/customerio-facts.md 1.1): POST /api/v1/metrics, POST /api/v1/push/events, the
 * legacy POST /push/events the Ruby client uses, and POST /unsubscribe/{delivery_id} at the host root.
 */
class DeliveryMetricsApiTest {
  private static final Map<String, String> NO_AUTH = Map.of();

  private static CioFakeServer server;
  private static FakeHttp http;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.defaults());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    server = s;
    http = new FakeHttp(server);
  }

  private static JsonNode recorded() {
    return deliveryMetrics(http).get("delivery_metrics");
  }

  // ---------------------------------------------------------------- metrics

  @Test
  void metricWithoutCredentialsIsAcceptedAndRecorded() {
    assertOk(http.send("POST", "/api/v1/metrics", """
        {"delivery_id":"dlv_1","metric":"clicked","timestamp":1700000000,"href":"https://example.com"}
        """, NO_AUTH));

    JsonNode m = recorded().get(0);
    assertThat(m.get("kind").asText()).isEqualTo("metric");
    assertThat(m.at("/body/delivery_id").asText()).isEqualTo("dlv_1");
    assertThat(m.at("/body/metric").asText()).isEqualTo("clicked");
  }

  @Test
  void metricWithWrongCredentialsIsStillAccepted() {
    assertOk(http.send("POST", "/api/v1/metrics", """
        {"delivery_id":"dlv_1","metric":"opened"}
        """, Map.of("Authorization", FakeHttp.basic("nobody", "wrong"))));
  }

  @Test
  void metricWithCredentialsOfAnotherWorkspaceIsRecordedThere() {
    FakeHttp other = http.as(server.newFake().credentials());

    assertOk(other.track("POST", "/api/v1/metrics", """
        {"delivery_id":"dlv_1","metric":"opened"}
        """));

    assertThat(deliveryMetrics(other).get("delivery_metrics")).hasSize(1);
    assertThat(recorded()).isEmpty();
  }

  @Test
  void metricWithoutDeliveryIdIsRejected() {
    assertBadRequest(http.send("POST", "/api/v1/metrics", """
        {"metric":"opened"}
        """, NO_AUTH), "delivery_id is required");
    assertThat(recorded()).isEmpty();
  }

  @Test
  void unknownMetricIsRejected() {
    assertBadRequest(http.send("POST", "/api/v1/metrics", """
        {"delivery_id":"dlv_1","metric":"read"}
        """, NO_AUTH), "metric must be one of [\"bounced\",\"clicked\",\"converted\",\"deferred\",\"delivered\","
        + "\"dropped\",\"opened\",\"spammed\"], got \"read\"");
  }

  @Test
  void emptyMetricBodyIsRejected() {
    assertBadRequest(http.send("POST", "/api/v1/metrics", "", NO_AUTH),
        "request body is required: send a JSON object");
  }

  // ---------------------------------------------------------------- push events

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/push/events", "/push/events"})
  void pushEventWithoutCredentialsIsAcceptedOnBothPaths(String path) {
    assertOk(http.send("POST", path, """
        {"delivery_id":"dlv_1","event":"opened","device_id":"tok","timestamp":1700000000}
        """, NO_AUTH));

    JsonNode m = recorded().get(0);
    assertThat(m.get("kind").asText()).isEqualTo("push_event");
    assertThat(m.at("/body/event").asText()).isEqualTo("opened");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/push/events", "/push/events"})
  void pushEventWithUnknownEventIsRejectedOnBothPaths(String path) {
    assertBadRequest(http.send("POST", path, """
        {"delivery_id":"dlv_1","event":"clicked"}
        """, NO_AUTH), "event must be one of [\"opened\",\"converted\",\"delivered\"], got \"clicked\"");
  }

  @Test
  void pushEventWithoutDeliveryIdOrEventIsAcceptedAsTheDocumentRequiresNeither() {
    assertOk(http.send("POST", "/push/events", """
        {"event":"opened"}
        """, NO_AUTH));
    assertOk(http.send("POST", "/api/v1/push/events", "{}", NO_AUTH));

    assertThat(recorded()).hasSize(2);
  }

  @Test
  void getOnLegacyPushEventsIsMethodNotAllowed() {
    assertErrors(http.send("GET", "/push/events", null, NO_AUTH), 405,
        "GET is not allowed on /push/events; allowed: POST");
  }

  // ---------------------------------------------------------------- unsubscribe

  @Test
  void unsubscribeWithoutCredentialsIsAcceptedAndRecorded() {
    assertOk(http.send("POST", "/unsubscribe/dlv_42", """
        {"unsubscribe":true}
        """, NO_AUTH));

    JsonNode m = recorded().get(0);
    assertThat(m.get("kind").asText()).isEqualTo("unsubscribe");
    assertThat(m.get("delivery_id").asText()).isEqualTo("dlv_42");
    assertThat(m.at("/body/unsubscribe").asBoolean()).isTrue();
  }

  @Test
  void unsubscribeFalseIsAccepted() {
    assertOk(http.send("POST", "/unsubscribe/dlv_42", """
        {"unsubscribe":false}
        """, NO_AUTH));
  }

  @Test
  void unsubscribeWithoutContentTypeIsRejected() {
    FakeHttp.Response r = http.raw("POST", "/unsubscribe/dlv_42",
        "{\"unsubscribe\":true}".getBytes(StandardCharsets.UTF_8), NO_AUTH);

    assertErrors(r, 400,
        "unsupported Content-Type '(none)': this endpoint requires Content-Type: application/json");
    assertThat(recorded()).isEmpty();
  }

  @Test
  void unsubscribeWithFormContentTypeIsRejected() {
    FakeHttp.Response r = http.raw("POST", "/unsubscribe/dlv_42", "unsubscribe=true".getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/x-www-form-urlencoded"));

    assertErrors(r, 400, "unsupported Content-Type 'application/x-www-form-urlencoded': "
        + "this endpoint requires Content-Type: application/json");
  }

  @Test
  void unsubscribeWithJsonCharsetContentTypeIsAccepted() {
    assertOk(http.raw("POST", "/unsubscribe/dlv_42", "{\"unsubscribe\":true}".getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json; charset=utf-8")));
  }

  @Test
  void unsubscribeWithoutTheFieldOrWithoutABodyIsAccepted() {
    assertOk(http.send("POST", "/unsubscribe/dlv_42", "{}", NO_AUTH));
    assertOk(http.raw("POST", "/unsubscribe/dlv_43", new byte[0], Map.of("Content-Type", "application/json")));

    assertThat(recorded()).extracting(m -> m.get("delivery_id").asText()).containsExactly("dlv_42", "dlv_43");
  }

  @Test
  void unsubscribeWithNonBooleanIsRejected() {
    assertBadRequest(http.send("POST", "/unsubscribe/dlv_42", """
        {"unsubscribe":"yes"}
        """, NO_AUTH), "unsubscribe must be a boolean, got a string");
  }

  @Test
  void unsubscribeUnderApiV1IsNotFound() {
    assertErrors(http.send("POST", "/api/v1/unsubscribe/dlv_42", """
        {"unsubscribe":true}
        """, NO_AUTH), 404, "no Track API endpoint POST /api/v1/unsubscribe/dlv_42");
  }
}
