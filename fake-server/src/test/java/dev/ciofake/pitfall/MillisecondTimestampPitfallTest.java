package dev.ciofake.pitfall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code millisecond-timestamp}: JavaScript's {@code Date.now()} sent where Customer.io wants Unix seconds. Strict
 * mode (the default) answers 400; lenient mode accepts as the real service does. Both record the pitfall.
 */
class MillisecondTimestampPitfallTest {

  @Nested
  class Strict {
    private static CioFakeServer cio;
    private static FakeHttp http;

    @RegisterExtension
    static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.defaults());

    @BeforeAll
    static void bindTheFake(CioFakeServer s) {
      cio = s;
      http = new FakeHttp(cio);
    }

    @Test
    void anEventTimestampInMillisecondsIsRejectedAndRecorded() {
      assertThat(http.track("PUT", "/api/v1/customers/42", """
          {"email": "ada@example.com", "created_at": 1700000000}
          """).status()).isEqualTo(200);
      FakeHttp.Response r = http.track("POST", "/api/v1/customers/42/events", """
          {"name": "purchase", "data": {"price": 23.45}, "timestamp": 1700000100000}
          """);

      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().at("/meta/errors/0").asText())
          .isEqualTo("'timestamp' is 1700000100000, which is in milliseconds; Customer.io timestamps are Unix seconds: "
              + "send 1700000100");

      List<JsonNode> found = AdminPitfalls.withId(http, "millisecond-timestamp");
      assertThat(found).hasSize(1);
      JsonNode p = found.get(0);
      assertThat(p.get("severity").asText()).isEqualTo("error");
      assertThat(p.get("site_id").asText()).isEqualTo(cio.fake().credentials().siteId());
      assertThat(p.get("request_id").asText()).isEqualTo(r.header("X-CIO-Fake-Request-Id"));
      assertThat(p.get("message").asText())
          .isEqualTo("'timestamp' was sent in milliseconds (1700000100000); the fake rejected the request");
      assertThat(p.get("fix").asText()).contains("Unix seconds");
      JsonNode ev = p.get("evidence");
      assertThat(ev.get("field").asText()).isEqualTo("timestamp");
      assertThat(ev.get("value").asText()).isEqualTo("1700000100000");
      assertThat(ev.get("accepted").asBoolean()).isFalse();
      assertThat(ev.get("status").asInt()).isEqualTo(400);
      assertThat(ev.get("method").asText()).isEqualTo("POST");
      assertThat(ev.get("path").asText()).isEqualTo("/api/v1/customers/42/events");
      assertThat(ev.get("operation").asText()).isEqualTo("track");

      // The rejected event was not stored.
      assertThat(http.admin("GET", "/__cio/workspaces/" + cio.fake().credentials().siteId() + "/events", null)
          .json().get("count").asInt()).isZero();
    }

    @Test
    void aDeviceLastUsedInMillisecondsNamesTheNestedField() {
      FakeHttp.Response r = http.track("PUT", "/api/v1/customers/42/devices", """
          {"device": {"id": "apns_token_abc", "platform": "ios", "last_used": 1700000300000}}
          """);

      assertThat(r.status()).isEqualTo(400);
      List<JsonNode> found = AdminPitfalls.withId(http, "millisecond-timestamp");
      assertThat(found).hasSize(1);
      assertThat(found.get(0).get("request_id").asText()).isEqualTo(r.header("X-CIO-Fake-Request-Id"));
      assertThat(found.get(0).at("/evidence/field").asText()).isEqualTo("device.last_used");
      assertThat(found.get(0).at("/evidence/value").asText()).isEqualTo("1700000300000");
      assertThat(found.get(0).at("/evidence/path").asText()).isEqualTo("/api/v1/customers/42/devices");
    }

    @Test
    void timestampsInSecondsDoNotTriggerIt() {
      assertThat(http.track("PUT", "/api/v1/customers/42", """
          {"email": "ada@example.com", "created_at": 1700000000, "trial_ends_at": 1800000000}
          """).status()).isEqualTo(200);
      assertThat(http.track("POST", "/api/v1/customers/42/events", """
          {"name": "purchase", "timestamp": 1700000100}
          """).status()).isEqualTo(200);
      assertThat(http.track("PUT", "/api/v1/customers/42/devices", """
          {"device": {"id": "apns_token_abc", "platform": "ios", "last_used": 1700000300}}
          """).status()).isEqualTo(200);

      assertThat(AdminPitfalls.withId(http, "millisecond-timestamp")).isEmpty();
      assertThat(AdminPitfalls.ids(http)).isEmpty();
    }
  }

  @Nested
  class Lenient {
    private static CioFakeServer cio;
    private static FakeHttp http;

    @RegisterExtension
    static final CustomerIoFakeExtension FAKE = Fakes.extension(
        CioFakeOptions.builder().lenientTimestamps(true).build());

    @BeforeAll
    static void bindTheFake(CioFakeServer s) {
      cio = s;
      http = new FakeHttp(cio);
    }

    @Test
    void aCreatedAtInMillisecondsIsAcceptedAndStillRecorded() {
      FakeHttp.Response r = http.track("PUT", "/api/v1/customers/42", """
          {"email": "ada@example.com", "created_at": 1700000000000}
          """);

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().isObject()).isTrue();
      assertThat(r.json().isEmpty()).isTrue();

      List<JsonNode> found = AdminPitfalls.withId(http, "millisecond-timestamp");
      assertThat(found).hasSize(1);
      JsonNode p = found.get(0);
      assertThat(p.get("severity").asText()).isEqualTo("error");
      assertThat(p.get("site_id").asText()).isEqualTo(cio.fake().credentials().siteId());
      assertThat(p.get("request_id").asText()).isEqualTo(r.header("X-CIO-Fake-Request-Id"));
      assertThat(p.get("message").asText())
          .isEqualTo("'created_at' was sent in milliseconds (1700000000000); accepted in lenient mode");
      JsonNode ev = p.get("evidence");
      assertThat(ev.get("field").asText()).isEqualTo("created_at");
      assertThat(ev.get("value").asText()).isEqualTo("1700000000000");
      assertThat(ev.get("accepted").asBoolean()).isTrue();
      assertThat(ev.get("status").asInt()).isEqualTo(200);
      assertThat(ev.get("method").asText()).isEqualTo("PUT");
      assertThat(ev.get("path").asText()).isEqualTo("/api/v1/customers/42");
      assertThat(ev.get("operation").asText()).isEqualTo("identify");

      // Accepted as the real service does: the value is stored as sent, a date far in the future.
      JsonNode person = http.admin("GET", "/__cio/workspaces/" + cio.fake().credentials().siteId() + "/people/42",
          null).json();
      assertThat(person.at("/attributes/created_at").asLong()).isEqualTo(1700000000000L);
      // An accepted request is not an invalid request.
      assertThat(AdminPitfalls.ids(http)).containsExactly("millisecond-timestamp");
    }

    @Test
    void anEventTimestampInMillisecondsIsStoredAndRecorded() {
      http.track("PUT", "/api/v1/customers/42", """
          {"email": "ada@example.com"}
          """);
      FakeHttp.Response r = http.track("POST", "/api/v1/customers/42/events", """
          {"name": "purchase", "timestamp": 1700000100000}
          """);

      assertThat(r.status()).isEqualTo(200);
      List<JsonNode> found = AdminPitfalls.withId(http, "millisecond-timestamp");
      assertThat(found).hasSize(1);
      assertThat(found.get(0).at("/evidence/accepted").asBoolean()).isTrue();
      assertThat(found.get(0).at("/evidence/field").asText()).isEqualTo("timestamp");
      JsonNode events = http.admin("GET", "/__cio/workspaces/" + cio.fake().credentials().siteId() + "/events", null)
          .json();
      assertThat(events.at("/events/0/timestamp").asLong()).isEqualTo(1700000100000L);
    }

    @Test
    void timestampsInSecondsDoNotTriggerIt() {
      assertThat(http.track("PUT", "/api/v1/customers/42", """
          {"email": "ada@example.com", "created_at": 1700000000}
          """).status()).isEqualTo(200);
      assertThat(http.track("POST", "/api/v1/customers/42/events", """
          {"name": "purchase", "timestamp": 1700000100}
          """).status()).isEqualTo(200);

      assertThat(AdminPitfalls.ids(http)).isEmpty();
    }
  }
}
