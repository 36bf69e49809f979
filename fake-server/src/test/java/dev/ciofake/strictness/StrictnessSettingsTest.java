package dev.ciofake.strictness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.FakeClock;
import dev.ciofake.PitfallIds;
import dev.ciofake.RateClass;
import dev.ciofake.RateLimit;
import dev.ciofake.WorkspaceSettings;
import dev.ciofake.testing.FakeHttp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each entry of docs/strictness.md that has a setting: the strict default refuses, and the lenient setting behaves
 * as the real service is documented to. The clock is frozen, so "in one second" is exact; each variant is a workspace
 * of one fake (settings are per workspace), but the server-wide body limit, which needs a fake of its own.
 */
class StrictnessSettingsTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  /** The strict defaults; each lenient variant is a workspace of its own with the setting changed. */
  private static CioFakeServer server;

  @BeforeAll
  static void start() {
    server = start(b -> b);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static CioFakeServer start(UnaryOperator<CioFakeOptions.Builder> options) {
    return CioFakeServer.start(options.apply(CioFakeOptions.builder().clock(FakeClock.frozenAt(NOW))).build());
  }

  /** A fresh workspace of the shared fake, with its settings changed. */
  private static CioFake workspace(UnaryOperator<WorkspaceSettings.Builder> settings) {
    CioFake cio = server.newFake();
    return cio.settings(settings.apply(cio.settings().toBuilder()).build());
  }

  private static FakeHttp http(CioFake cio) {
    return new FakeHttp(cio.baseUrl(), cio.credentials());
  }

  /** How many of {@code n} identifies at one instant are answered 200. */
  private static int acceptedIdentifies(FakeHttp http, int n) {
    int ok = 0;
    for (int i = 0; i < n; i++) {
      int status = http.track("PUT", "/api/v1/customers/p" + i, "{\"email\":\"p" + i + "@example.com\"}").status();
      assertThat(status).isIn(200, 429);
      ok += status == 200 ? 1 : 0;
    }
    return ok;
  }

  @Test
  void millisecondTimestampsAre400UnlessLenientWhereTheyAreStoredAsSentAndStillAPitfall() {
    String identify = "{\"email\":\"ada@example.com\",\"created_at\":" + NOW.toEpochMilli() + "}";
    CioFake strict = workspace(b -> b);
    assertThat(http(strict).track("PUT", "/api/v1/customers/42", identify).status()).isEqualTo(400);
    assertThat(strict.person("42")).isEmpty();

    CioFake lenient = workspace(b -> b.lenientTimestamps(true));
    assertThat(http(lenient).track("PUT", "/api/v1/customers/42", identify).status()).isEqualTo(200);

    // the real service takes the value as seconds: a created_at tens of thousands of years ahead
    assertThat(lenient.person("42").orElseThrow().attributes().get("created_at")).isEqualTo(NOW.toEpochMilli());
    assertThat(lenient.pitfalls()).extracting(p -> p.id()).contains(PitfallIds.MILLISECOND_TIMESTAMP);
  }

  @Test
  void trackIsLimitedTo100PerSecondUnlessSetToTheDocumented1000OrOff() {
    assertThat(acceptedIdentifies(http(workspace(b -> b)), 101)).as("the strict default").isEqualTo(100);
    assertThat(acceptedIdentifies(http(workspace(b -> b.rateLimit(RateClass.TRACK, RateLimit.perSecond(1000)))),
        120)).as("1000/s, the document's figure").isEqualTo(120);
    assertThat(acceptedIdentifies(http(workspace(b -> b.rateLimits(false))), 120)).as("not strictly enforced")
        .isEqualTo(120);
  }

  @Test
  void transactionalSendsAreLimitedTo100PerSecondUnlessSetToTheSoft3000Per3Seconds() {
    String send = "{\"transactional_message_id\":3,\"to\":\"ada@example.com\",\"identifiers\":{\"id\":\"42\"}}";
    FakeHttp strict = http(workspace(b -> b));
    int ok = 0;
    for (int i = 0; i < 101; i++) {
      ok += strict.app("POST", "/v1/send/email", send).status() == 200 ? 1 : 0;
    }
    assertThat(ok).isEqualTo(100);

    CioFake soft = workspace(b -> b.rateLimit(RateClass.TRANSACTIONAL, RateLimit.parse("3000/3s")));
    for (int i = 0; i < 120; i++) {
      assertThat(http(soft).app("POST", "/v1/send/email", send).status()).isEqualTo(200);
    }
    assertThat(soft.deliveries()).hasSize(120);
  }

  @Test
  void aBodyPastFourMibIs413UnlessTheLimitIsRaised() {
    int limit = CioFakeOptions.DEFAULT_MAX_BODY_BYTES;
    byte[] body = ("{\"plan\":\"pro\"}" + " ".repeat(limit)).getBytes(StandardCharsets.UTF_8);
    FakeHttp strict = http(workspace(b -> b));
    assertThat(strict.raw("PUT", "/api/v1/customers/42", body, Map.of("Content-Type", "application/json",
        "Authorization", strict.trackAuth())).status()).isEqualTo(413);

    try (CioFakeServer raised = start(b -> b.maxBodyBytes(2 * limit))) {
      FakeHttp http = new FakeHttp(raised);
      assertThat(http.raw("PUT", "/api/v1/customers/42", body, Map.of("Content-Type", "application/json",
          "Authorization", http.trackAuth())).status()).isEqualTo(200);
      assertThat(raised.fake().person("42").orElseThrow().attributes()).containsEntry("plan", "pro");
    }
  }
}
