package dev.ciofake.clock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.FakeClock;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The clock as users reach it: {@code GET /__cio/clock}, {@code POST /__cio/clock/advance}, the handle's
 * {@code advanceClock}, and what reads it: request times, stored timestamps, rate-limit windows.
 */
class ClockOverHttpTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private CioFakeServer server;
  private FakeHttp http;
  private CioFake cio;

  @BeforeEach
  void start() {
    server = CioFakeServer.start(CioFakeOptions.builder().clock(FakeClock.frozenAt(START))
        .rateLimit(dev.ciofake.RateClass.TRACK, dev.ciofake.RateLimit.parse("1/60s")).build());
    http = new FakeHttp(server);
    cio = server.fake();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theAdminApiShowsAndAdvancesTheClock() {
    FakeHttp.Response now = http.admin("GET", "/__cio/clock", null);
    assertThat(now.status()).isEqualTo(200);
    assertThat(now.json().get("now").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(now.json().get("frozen").asBoolean()).isTrue();

    assertThat(http.admin("POST", "/__cio/clock/advance", "{\"seconds\":90}").json().get("now").asText())
        .isEqualTo("2026-03-01T12:01:30Z");
    assertThat(http.admin("POST", "/__cio/clock/advance", "{\"millis\":1500}").json().get("now").asText())
        .isEqualTo("2026-03-01T12:01:31.500Z");
    FakeHttp.Response iso = http.admin("POST", "/__cio/clock/advance", "{\"duration\":\"PT2M\"}");
    assertThat(iso.json().get("now").asText()).isEqualTo("2026-03-01T12:03:31.500Z");
    assertThat(iso.json().get("advanced_ms").asLong()).isEqualTo(211_500);
  }

  @Test
  void badAdvancesAre400AndMoveNothing() {
    for (String body : new String[] {"{}", "{\"seconds\":-5}", "{\"duration\":\"two minutes\"}",
        "{\"seconds\":\"ten\"}", "{\"duration\":\"PT-1S\"}"}) {
      FakeHttp.Response r = http.admin("POST", "/__cio/clock/advance", body);
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(r.json().get("error").asText()).as(body).isNotBlank();
    }
    assertThat(cio.now()).isEqualTo(START);
  }

  @Test
  void theHandleAdvancesTheClockAndStoredTimesFollowIt() {
    assertThat(http.track("PUT", "/api/v1/customers/42", "{\"email\":\"a@example.com\"}").status()).isEqualTo(200);
    assertThat(cio.person("42").orElseThrow().attributes()).doesNotContainKey("created_at");

    assertThat(cio.advanceClock(Duration.ofDays(1))).isEqualTo(START.plus(Duration.ofDays(1)));
    assertThat(cio.now()).isEqualTo(START.plus(Duration.ofDays(1)));
    assertThat(server.clock().instant()).isEqualTo(START.plus(Duration.ofDays(1)));

    assertThat(http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"later\"}").status()).isEqualTo(200);
    assertThat(http.admin("GET", "/__cio/workspaces/" + cio.siteId() + "/events", null).json()
        .at("/events/0/received_at").asLong()).isEqualTo(START.plus(Duration.ofDays(1)).getEpochSecond());
  }

  @Test
  void aRateLimitWindowPassesWhenTheClockIsAdvanced() {
    assertThat(http.track("PUT", "/api/v1/customers/1", "{}").status()).isEqualTo(200);
    FakeHttp.Response limited = http.track("PUT", "/api/v1/customers/2", "{}");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isEqualTo("60");

    cio.advanceClock(Duration.ofSeconds(61));

    assertThat(http.track("PUT", "/api/v1/customers/2", "{}").status()).as("a minute later").isEqualTo(200);
  }
}
