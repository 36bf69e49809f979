package dev.ciofake.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.FakeClock;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * One fake per class, reset before each test, on a frozen clock: the steps of a delivery (a bounce 200 ms after the
 * send, a complaint or unsubscribe 400 ms after it) and the default 60 s grace after a reported bounce, complaint or
 * unsubscribe pass when a test advances the clock, so a test is inside the grace, or past it, however slow the
 * machine is. Rate limits are off: these tests send in quick succession. Each test class registers {@link #fake()}:
 * one extension here would share one clock among the fakes of classes that run in parallel.
 */
abstract class LoopTestBase {
  /** The default grace ({@code WorkspaceSettings.deliveryProblemGrace}). */
  static final Duration GRACE = Duration.ofSeconds(60);
  /** Enough fake time for every step of a delivery to fall due. */
  static final Duration DELIVERY_STEPS = Duration.ofSeconds(1);

  /** The fake of a test class, on a frozen clock of its own: {@code @RegisterExtension static final ... = fake();}. */
  static CustomerIoFakeExtension fake() {
    return Fakes.extension(CioFakeOptions.builder().rateLimits(false)
        .clock(FakeClock.frozenAt(Instant.parse("2026-03-02T09:00:00Z"))).build());
  }

  CioFakeServer server;
  FakeHttp http;

  @BeforeEach
  void bindTheFake(CioFakeServer server, CioFake cio) {
    this.server = server;
    this.http = new FakeHttp(cio);
  }

  static String site(FakeHttp http) {
    return http.credentials().siteId();
  }

  static void identify(FakeHttp http, String id, String email) {
    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/" + id, "{\"email\":\"" + email + "\"}");
    assertThat(r.status()).as("identify %s -> %s", id, r).isEqualTo(200);
  }

  /** A transactional email to person {@code id} at {@code to}, with extra body fields; returns the response. */
  static FakeHttp.Response email(FakeHttp http, String id, String to, String extra) {
    FakeHttp.Response r = http.app("POST", "/v1/send/email", "{\"transactional_message_id\":3,\"to\":\"" + to
        + "\",\"identifiers\":{\"id\":\"" + id + "\"}" + (extra.isEmpty() ? "" : "," + extra) + "}");
    assertThat(r.status()).as("send to %s -> %s", to, r).isEqualTo(200);
    return r;
  }

  /**
   * Lets the steps of the deliveries sent so far happen (advancing the clock past them), then waits until the fake
   * has emitted (and so recorded) an event with this metric for the person.
   */
  void awaitReported(FakeHttp http, String metric, String personId) {
    server.clock().advance(DELIVERY_STEPS);
    await(metric + " for " + personId).atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10)).until(() -> {
      JsonNode events = http.admin("GET", "/__cio/workspaces/" + site(http) + "/webhooks/deliveries", null).json()
          .get("events");
      for (JsonNode e : events) {
        if (e.get("metric").asText().equals(metric)
            && personId.equals(e.at("/data/identifiers/id").asText())) {
          return true;
        }
      }
      return false;
    });
  }

  /** Lets the grace pass: the clock moves a second past it. */
  void passTheGrace() {
    server.clock().advance(GRACE.plusSeconds(1));
  }

  /** The pitfalls with this id, as {@code GET /__cio/pitfalls?id=} shows them (recorded and judged). */
  static List<JsonNode> pitfalls(FakeHttp http, String id) {
    FakeHttp.Response r = http.admin("GET", "/__cio/pitfalls?id=" + id, null);
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().get("pitfalls").forEach(out::add);
    return out;
  }

  /** Recorded on a request (still emailing), as opposed to judged over the run (never suppressed). */
  static List<JsonNode> recorded(FakeHttp http, String id) {
    return pitfalls(http, id).stream().filter(p -> !p.get("request_id").isNull()).toList();
  }

  static List<JsonNode> judged(FakeHttp http, String id) {
    return pitfalls(http, id).stream().filter(p -> p.get("request_id").isNull()).toList();
  }

  static void suppressV1(FakeHttp http, String id) {
    FakeHttp.Response r = http.track("POST", "/api/v1/customers/" + id + "/suppress", "{}");
    assertThat(r.status()).as("suppress %s -> %s", id, r).isEqualTo(200);
  }

  static void suppressV2(FakeHttp http, String id) {
    FakeHttp.Response r = http.track("POST", "/api/v2/entity", "{\"type\":\"person\",\"identifiers\":{\"id\":\""
        + id + "\"},\"action\":\"suppress\"}");
    assertThat(r.status()).as("v2 suppress %s -> %s", id, r).isEqualTo(200);
  }
}
