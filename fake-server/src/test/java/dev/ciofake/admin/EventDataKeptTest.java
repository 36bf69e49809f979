package dev.ciofake.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.internal.util.Json;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An event's data is kept as compact JSON bytes, not as its tree (docs/performance.md): what the admin API and the
 * App API's activities show of it is the data as sent, numbers, nesting and text included, the same on every read.
 */
class EventDataKeptTest {
  private static final String DATA = "{\"price\":1.50,\"big\":123456789012345678901234567890,\"tiny\":1e-400,"
      + "\"n\":-7,\"long\":9007199254740993,\"ok\":true,\"none\":null,\"name\":\"caf\\u00e9 \\ud83d\\ude00\","
      + "\"items\":[{\"sku\":\"a\",\"q\":[1,2,{\"deep\":[]}]}],\"empty\":{}}";

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().rateLimits(false).build());

  private static FakeHttp http;

  @BeforeAll
  static void bind(CioFakeServer s) {
    http = new FakeHttp(s);
  }

  @Test
  void theDataReadsBackAsSentFromTheEventsAndTheActivities() throws Exception {
    assertThat(http.track("PUT", "/api/v1/customers/ada", "{\"email\":\"ada@example.com\"}").status()).isEqualTo(200);
    assertThat(http.track("POST", "/api/v1/customers/ada/events", "{\"name\":\"purchase\",\"data\":" + DATA + "}")
        .status()).isEqualTo(200);
    JsonNode sent = Json.BODY_MAPPER.readTree(DATA);

    for (int read = 0; read < 2; read++) {
      // read with the mapper the fake reads bodies with (decimals as BigDecimal), so no digit is lost on this side
      JsonNode events = Json.BODY_MAPPER.readTree(http.admin("GET", "/__cio/workspaces/"
          + http.credentials().siteId() + "/events", null).body()).path("events");
      assertThat(events).hasSize(1);
      JsonNode data = events.get(0).path("data");
      assertThat(data).isEqualTo(sent);
      assertThat(data.path("tiny").decimalValue().toString()).isEqualTo("1E-400");
    }
    JsonNode activities = Json.BODY_MAPPER.readTree(http.app("GET", "/v1/customers/ada/activities?type=event", null)
        .body()).path("activities");
    assertThat(activities).hasSize(1);
    assertThat(activities.get(0).path("data")).isEqualTo(sent);
  }
}
