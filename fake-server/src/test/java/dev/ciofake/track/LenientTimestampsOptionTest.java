package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertOk;
import static dev.ciofake.track.TrackAssertions.events;
import static dev.ciofake.track.TrackAssertions.person;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code CioFakeOptions.builder().lenientTimestamps(true)}: millisecond timestamps are accepted from the start. */
class LenientTimestampsOptionTest {
  private static CioFakeServer server;
  private static FakeHttp http;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().lenientTimestamps(true).build());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    server = s;
    http = new FakeHttp(server);
  }

  @Test
  void settingsShowLenientMode() {
    FakeHttp.Response r = http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId(), null);

    assertThat(r.json().at("/settings/lenient_timestamps").asBoolean()).isTrue();
  }

  @Test
  void millisecondEventTimestampIsAccepted() {
    assertOk(http.track("POST", "/api/v1/customers/42/events", """
        {"name":"purchase","timestamp":1700000000000}
        """));

    assertThat(events(http).get(0).get("timestamp").asLong()).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void millisecondAttributesAreAccepted() {
    assertOk(http.track("PUT", "/api/v1/customers/42", """
        {"created_at":1700000000000,"_timestamp":1700000000000,"trial_ends_at":1700600000000}
        """));

    assertThat(person(http, "42").at("/attributes/trial_ends_at").asLong()).isEqualTo(1_700_600_000_000L);
  }

  @Test
  void millisecondDeviceLastUsedAsAStringIsAccepted() {
    assertOk(http.track("PUT", "/api/v1/customers/42/devices", """
        {"device":{"id":"tok","platform":"ios","last_used":"1700000000000"}}
        """));

    assertThat(person(http, "42").get("devices").get(0).get("last_used").asText()).isEqualTo("1700000000000");
  }

  @Test
  void workspacesCreatedLaterAreLenientToo() {
    FakeHttp other = http.as(server.newFake().credentials());

    assertOk(other.track("POST", "/api/v1/customers/42/events", """
        {"name":"purchase","timestamp":1700000000000}
        """));
  }

  @Test
  void otherValidationStillApplies() {
    FakeHttp.Response r = http.track("POST", "/api/v1/customers/42/events", """
        {"name":"purchase","timestamp":"1700000000000"}
        """);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/meta/errors/0").asText()).isEqualTo("timestamp must be an integer, got a string");
  }
}
