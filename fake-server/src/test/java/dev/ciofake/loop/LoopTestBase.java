package dev.ciofake.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Two fakes per class, reset before each test: {@link #shortGrace} with a 200 ms grace after a reported bounce,
 * complaint or unsubscribe (to get past it quickly), and {@link #longGrace} with the default 60 s (to stay inside
 * it however slow the machine is). Rate limits are off: these tests send in quick succession.
 */
abstract class LoopTestBase {
  static final Duration GRACE = Duration.ofMillis(200);
  static CioFakeServer shortGrace;
  static CioFakeServer longGrace;

  @BeforeAll
  static void startFakes() {
    shortGrace = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false).deliveryProblemGrace(GRACE).build());
    longGrace = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false).build());
  }

  @AfterAll
  static void stopFakes() {
    shortGrace.stop();
    longGrace.stop();
  }

  @BeforeEach
  void resetFakes() {
    shortGrace.reset();
    longGrace.reset();
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

  /** Waits until the fake has emitted (and so recorded) an event with this metric for the person. */
  static void awaitReported(FakeHttp http, String metric, String personId) {
    await(metric + " for " + personId).atMost(Duration.ofSeconds(10)).until(() -> {
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

  /** Lets the (short) grace pass: Awaitility, not a sleep in the test. */
  static void passTheGrace() {
    await("the grace passes").pollDelay(GRACE.multipliedBy(2)).atMost(GRACE.multipliedBy(20)).until(() -> true);
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
