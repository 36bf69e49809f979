package dev.ciofake.ratelimit;

import dev.ciofake.RateClass;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.RateLimit;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits over real HTTP: the 429 (integer {@code Retry-After}, the endpoint's own error shape), the
 * {@code rate-limit-exceeded} and {@code retry-ignored-retry-after} pitfalls, switching limits off, changing them
 * through the admin settings, and the admin view of the limiters.
 *
 * <p>No test relies on requests finishing within a time: a burst is "send until the first 429", and windows are
 * waited out by advancing the fake's clock, which is frozen otherwise.
 */
class RateLimitHttpTest {
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private static CioFakeServer server;
  private FakeHttp http;
  /** A User-Agent of this test's own, so the fake sees one client per test. */
  private String userAgent;

  @BeforeAll
  static void start() {
    // a frozen clock: a window ends only when a test advances it, however slow the machine (at a load average of 19
    // the 50 requests of settingsSwitchLimitsOffAndOn outlasted its 10 s window on the real clock)
    server = CioFakeServer.start(CioFakeOptions.builder()
        .clock(dev.ciofake.FakeClock.frozenAt(java.time.Instant.parse("2026-12-01T12:00:00Z")))
        .rateLimit(RateClass.TRACK, RateLimit.parse("5/200ms"))
        .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Every test gets a workspace of its own (fresh limiters) and a client name of its own. */
  @BeforeEach
  void freshWorkspace() {
    WorkspaceCredentials ws = server.newFake().credentials();
    http = new FakeHttp(server.baseUrl(), ws);
    userAgent = "rate-limit-test/" + CLIENTS.incrementAndGet();
  }

  private String site() {
    return http.credentials().siteId();
  }

  private void settings(String json) {
    FakeHttp.Response r = http.admin("PUT", "/__cio/workspaces/" + site() + "/settings", json);
    assertThat(r.status()).as("settings %s -> %s", json, r).isEqualTo(200);
  }

  private FakeHttp.Response identify(String id) {
    return http.send("PUT", "/api/v1/customers/" + id, "{}",
        Map.of("Authorization", http.trackAuth(), "User-Agent", userAgent));
  }

  private FakeHttp.Response identify(String id, Map<String, String> extraHeaders) {
    Map<String, String> h = new java.util.LinkedHashMap<>(extraHeaders);
    h.put("Authorization", http.trackAuth());
    h.put("User-Agent", userAgent);
    return http.send("PUT", "/api/v1/customers/" + id, "{}", h);
  }

  /** Sends identifies until the first 429 (at most {@code max}); returns every response, the 429 last. */
  private List<FakeHttp.Response> burstUntil429(int max) {
    List<FakeHttp.Response> out = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      FakeHttp.Response r = identify("p" + i);
      out.add(r);
      if (r.status() == 429) {
        return out;
      }
      assertThat(r.status()).as("request %d: %s", i, r).isEqualTo(200);
    }
    throw new AssertionError("no 429 after " + max + " requests");
  }

  private List<JsonNode> pitfalls(String id) {
    FakeHttp.Response r = http.admin("GET", "/__cio/pitfalls?site_id=" + site() + "&id=" + id, null);
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().get("pitfalls").forEach(out::add);
    return out;
  }

  private JsonNode limiterJson() {
    FakeHttp.Response r = http.admin("GET", "/__cio/workspaces/" + site() + "/rate-limits", null);
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  private static int retryAfter(FakeHttp.Response r) {
    String h = r.header("Retry-After");
    assertThat(h).as("Retry-After of %s", r).isNotNull().matches("[1-9][0-9]*");
    return Integer.parseInt(h);
  }

  /** Lets {@code seconds} (and 50 ms) pass on the fake's clock, as a patient client would wait them out. */
  private static void waitOut(int seconds) {
    server.clock().advance(Duration.ofSeconds(seconds).plusMillis(50));
  }

  // ---------------------------------------------------------------- the 429

  @Test
  void aBurstOverTheTrackLimitGets429WithAnIntegerRetryAfterAndTheTrackErrorShape() {
    List<FakeHttp.Response> burst = burstUntil429(500);
    FakeHttp.Response limited = burst.get(burst.size() - 1);

    assertThat(burst.size() - 1).as("admitted before the 429").isGreaterThanOrEqualTo(5);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(retryAfter(limited)).isEqualTo(1); // under 200 ms, rounded up to a whole second
    JsonNode errors = limited.json().at("/meta/errors");
    assertThat(errors.isArray()).as("v1 shape {meta:{errors:[..]}}: %s", limited).isTrue();
    assertThat(errors.get(0).asText()).contains("rate limit exceeded").contains("5/200ms");
    assertThat(limited.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(pitfalls("invalid-request")).as("a 429 is not an invalid request").isEmpty();
  }

  @Test
  void aBurstIsOneRateLimitExceededPitfallWithItsEvidence() {
    settings("{\"rate_limits\":{\"track\":\"5/10s\"}}");
    int rejected = 0;
    for (int i = 0; i < 20; i++) {
      FakeHttp.Response r = identify("p" + i);
      if (i < 5) {
        assertThat(r.status()).as("request %d: %s", i, r).isEqualTo(200);
      } else {
        assertThat(r.status()).as("request %d: %s", i, r).isEqualTo(429);
        assertThat(retryAfter(r)).isBetween(1, 10);
        rejected++;
      }
    }

    List<JsonNode> found = pitfalls("rate-limit-exceeded");
    assertThat(found).as("one occurrence per burst, not %d", rejected).hasSize(1);
    JsonNode p = found.get(0);
    assertThat(p.get("severity").asText()).isEqualTo("error");
    assertThat(p.at("/evidence/api_class").asText()).isEqualTo("track");
    assertThat(p.at("/evidence/limit").asText()).isEqualTo("5/10s");
    assertThat(p.at("/evidence/retry_after_seconds").asInt()).isBetween(1, 10);
    assertThat(p.at("/evidence/client").asText()).contains(userAgent);
    assertThat(p.at("/evidence/path").asText()).isEqualTo("/api/v1/customers/p5");
    assertThat(p.get("message").asText()).contains("429").contains("/rate-limits");

    // Only the 5 admitted identifies changed the state.
    assertThat(http.admin("GET", "/__cio/workspaces/" + site() + "/people", null).json().get("count").asInt())
        .isEqualTo(5);
  }

  @Test
  void aRetrySoonerThanRetryAfterIsRecordedAndAPatientRetryIsNot() {
    List<FakeHttp.Response> burst = burstUntil429(500);
    FakeHttp.Response limited = burst.get(burst.size() - 1);
    int wait = retryAfter(limited);

    waitOut(wait);
    // the same request, sent again after Retry-After (as a retrying client does)
    FakeHttp.Response patient = identify("p" + (burst.size() - 1), Map.of("X-Retry-Count", "1"));

    assertThat(patient.status()).as("tokens are back after the window: %s", patient).isEqualTo(200);
    assertThat(pitfalls("retry-ignored-retry-after")).isEmpty();

    // Now a new burst (over a second without 429s, more than the 200 ms window), and a retry that does not wait.
    List<FakeHttp.Response> second = burstUntil429(500);
    FakeHttp.Response limitedAgain = second.get(second.size() - 1);
    // another request of the same client is not a retry; the same request sent again at once is
    identify("unrelated");
    assertThat(pitfalls("retry-ignored-retry-after")).as("a different request is not a retry").isEmpty();
    String eager = "p" + (second.size() - 1);
    identify(eager, Map.of("X-Retry-Count", "1"));

    List<JsonNode> found = pitfalls("retry-ignored-retry-after");
    assertThat(found).hasSize(1);
    JsonNode p = found.get(0);
    assertThat(p.at("/evidence/retry_after_seconds").asInt()).isEqualTo(retryAfter(limitedAgain));
    assertThat(p.at("/evidence/waited_ms").asLong()).isLessThan(retryAfter(limitedAgain) * 1000L);
    assertThat(p.at("/evidence/rate_limited_request_id").asText())
        .isEqualTo(limitedAgain.header("X-CIO-Fake-Request-Id"));
    assertThat(p.at("/evidence/x_retry_count").asText()).isEqualTo("1");
    assertThat(p.at("/evidence/path").asText()).isEqualTo("/api/v1/customers/" + eager);
    assertThat(pitfalls("rate-limit-exceeded")).hasSize(2);
  }

  @Test
  void anotherWorkspaceIsNotLimitedByThisOnesBurst() {
    settings("{\"rate_limits\":{\"track\":\"2/10s\"}}");
    burstUntil429(10);
    FakeHttp other = http.as(server.newFake().credentials());

    assertThat(other.track("PUT", "/api/v1/customers/x", "{}").status()).isEqualTo(200);
    assertThat(identify("still-limited").status()).isEqualTo(429);
  }

  // ---------------------------------------------------------------- the 429 body follows the endpoint's shape

  @Test
  void theV2TrackShape() {
    settings("{\"rate_limits\":{\"track\":\"1/10s\"}}");
    String op = "{\"type\":\"person\",\"identifiers\":{\"id\":\"1\"},\"action\":\"identify\"}";
    assertThat(http.track("POST", "/api/v2/entity", op).status()).isEqualTo(200);

    FakeHttp.Response r = http.track("POST", "/api/v2/batch", "{\"batch\":[" + op + "]}");

    assertThat(r.status()).isEqualTo(429);
    assertThat(retryAfter(r)).isBetween(1, 10);
    assertThat(r.json().at("/meta/errors/0").asText()).as("readable by the Node client").contains("1/10s");
    assertThat(r.json().at("/errors/0/reason").asText()).isEqualTo("rate_limited");
    assertThat(r.json().at("/errors/0/message").asText()).contains("1/10s");
  }

  @Test
  void theAppShapeWithTheDocumentedMessage() {
    settings("{\"rate_limits\":{\"app\":\"2/10s\"}}");
    assertThat(http.app("GET", "/v1/exports", null).status()).isEqualTo(200);
    assertThat(http.app("GET", "/v1/exports", null).status()).isEqualTo(200);

    FakeHttp.Response r = http.app("GET", "/v1/exports", null);

    assertThat(r.status()).isEqualTo(429);
    assertThat(retryAfter(r)).isBetween(1, 10);
    assertThat(r.json().at("/errors/0/detail").asText()).isEqualTo("Your request is over the 2-per-10-seconds limit.");
    assertThat(r.json().at("/errors/0/status").asText()).isEqualTo("429");
  }

  @Test
  void theTransactionalShape() {
    settings("{\"rate_limits\":{\"transactional\":\"1/10s\"}}");
    String send = "{\"transactional_message_id\":4,\"identifiers\":{\"id\":\"42\"}}";
    assertThat(http.app("POST", "/v1/send/push", send).status()).isEqualTo(200);

    FakeHttp.Response r = http.app("POST", "/v1/send/push", send);

    assertThat(r.status()).isEqualTo(429);
    assertThat(retryAfter(r)).isBetween(1, 10);
    assertThat(r.json().at("/meta/error").asText()).contains("transactional").contains("1/10s");
    assertThat(http.admin("GET", "/__cio/workspaces/" + site() + "/deliveries", null).json().get("count").asInt())
        .isEqualTo(1);
  }

  @Test
  void broadcastTriggersAreOnePerTenSecondsByDefault() {
    assertThat(http.app("POST", "/v1/campaigns/12/triggers", "{}").status()).isEqualTo(200);

    FakeHttp.Response r = http.app("POST", "/v1/api/campaigns/12/triggers", "{}");

    assertThat(r.status()).isEqualTo(429);
    assertThat(retryAfter(r)).isBetween(1, 10);
    assertThat(r.json().at("/errors/0/status").asText()).isEqualTo("429");
    assertThat(r.json().at("/errors/0/detail").asText()).contains("broadcast").contains("1/10s");
    assertThat(http.admin("GET", "/__cio/workspaces/" + site() + "/broadcasts", null).json().get("count").asInt())
        .isEqualTo(1);
  }

  // ---------------------------------------------------------------- switching limits off and changing them

  @Test
  void rateLimitsOffNeverGive429() {
    try (CioFakeServer unlimited = CioFakeServer.start(CioFakeOptions.builder()
        .rateLimits(false)
        .rateLimit(RateClass.TRACK, RateLimit.parse("1/10s"))
        .build())) {
      FakeHttp u = new FakeHttp(unlimited);
      for (int i = 0; i < 200; i++) {
        assertThat(u.track("PUT", "/api/v1/customers/p" + i, "{}").status()).isEqualTo(200);
      }
      for (int i = 0; i < 5; i++) {
        assertThat(u.app("POST", "/v1/campaigns/12/triggers", "{}").status()).isEqualTo(200);
      }
      JsonNode json = u.admin("GET", "/__cio/workspaces/" + u.credentials().siteId() + "/rate-limits", null).json();
      assertThat(json.get("enabled").asBoolean()).isFalse();
      assertThat(json.at("/classes/track/rejected").asLong()).isZero();
    }
  }

  @Test
  void settingsChangeTheLimit() {
    settings("{\"rate_limits\":{\"track\":\"3/s\"}}");

    List<FakeHttp.Response> burst = burstUntil429(500);

    assertThat(burst.size() - 1).isGreaterThanOrEqualTo(3);
    assertThat(burst.get(burst.size() - 1).json().at("/meta/errors/0").asText()).contains("3/s");
    assertThat(limiterJson().at("/classes/track/limit").asText()).isEqualTo("3/s");
    assertThat(http.admin("GET", "/__cio/workspaces/" + site(), null).json().at("/settings/rate_limits/track").asText())
        .isEqualTo("3/s");
  }

  @Test
  void settingsSwitchLimitsOffAndOn() {
    settings("{\"rate_limits\":{\"track\":\"2/10s\"}}");
    burstUntil429(10);

    settings("{\"rate_limits_enabled\":false}");
    for (int i = 0; i < 50; i++) {
      assertThat(identify("off" + i).status()).as("request %d with limits off", i).isEqualTo(200);
    }
    assertThat(limiterJson().get("enabled").asBoolean()).isFalse();

    settings("{\"rate_limits_enabled\":true}");
    assertThat(identify("on").status()).isEqualTo(429);
  }

  @Test
  void badRateLimitSettingsAre400AndChangeNothing() {
    FakeHttp.Response r = http.admin("PUT", "/__cio/workspaces/" + site() + "/settings",
        "{\"rate_limits\":{\"track\":\"fast\"}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("100/s");
    assertThat(http.admin("PUT", "/__cio/workspaces/" + site() + "/settings",
        "{\"rate_limits\":{\"bulk\":\"1/s\"}}").status()).isEqualTo(400);
    assertThat(http.admin("PUT", "/__cio/workspaces/" + site() + "/settings",
        "{\"rate_limits_enabled\":\"no\"}").status()).isEqualTo(400);
    assertThat(limiterJson().at("/classes/track/limit").asText()).isEqualTo("5/200ms");
    assertThat(limiterJson().get("enabled").asBoolean()).isTrue();
  }

  // ---------------------------------------------------------------- the admin view

  @Test
  void theAdminViewShowsTokensAdmittedRejectedAndBursts() {
    settings("{\"rate_limits\":{\"track\":\"5/10s\"}}");
    JsonNode before = limiterJson();
    assertThat(before.get("enabled").asBoolean()).isTrue();
    assertThat(before.at("/classes/track/tokens_left").asInt()).isEqualTo(5);

    for (int i = 0; i < 3; i++) {
      assertThat(identify("p" + i).status()).isEqualTo(200);
    }
    assertThat(limiterJson().at("/classes/track/tokens_left").asInt()).isEqualTo(2);
    for (int i = 3; i < 12; i++) {
      identify("p" + i);
    }

    JsonNode after = limiterJson();
    JsonNode track = after.at("/classes/track");
    assertThat(track.get("limit").asText()).isEqualTo("5/10s");
    assertThat(track.get("tokens_left").asInt()).isZero();
    assertThat(track.get("admitted").asLong()).isEqualTo(5);
    assertThat(track.get("rejected").asLong()).isEqualTo(7);
    assertThat(track.get("bursts").asLong()).isEqualTo(1);
    JsonNode broadcast = after.at("/classes/broadcast");
    assertThat(broadcast.get("limit").asText()).isEqualTo("1/10s");
    assertThat(broadcast.get("tokens_left").asInt()).isEqualTo(1);
    assertThat(after.at("/classes/app/limit").asText()).isEqualTo("10/s");
    assertThat(after.at("/classes/transactional/limit").asText()).isEqualTo("100/s");
  }

  @Test
  void adminRequestsAreNeverLimited() {
    settings("{\"rate_limits\":{\"track\":\"1/10s\"}}");
    for (int i = 0; i < 100; i++) {
      assertThat(http.admin("GET", "/__cio/workspaces/" + site() + "/rate-limits", null).status()).isEqualTo(200);
    }
  }

  @Test
  void rejectedCredentialsDoNotUseTokens() {
    settings("{\"rate_limits\":{\"track\":\"2/10s\"}}");
    for (int i = 0; i < 10; i++) {
      FakeHttp.Response r = http.send("PUT", "/api/v1/customers/x", "{}",
          Map.of("Authorization", FakeHttp.basic(site(), "wrong-key")));
      assertThat(r.status()).isEqualTo(401);
    }

    assertThat(identify("a").status()).isEqualTo(200);
    assertThat(identify("b").status()).isEqualTo(200);
    assertThat(identify("c").status()).isEqualTo(429);
  }
}
