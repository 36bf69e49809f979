package dev.ciofake.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.Pitfall;
import dev.ciofake.testing.FakeHttp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ignored-bounce} and {@code ignored-complaint}, fired and not fired: still emailing the person after the
 * grace (vs within it), and never suppressing them by the end of the run (vs suppressing through Track v1 or v2).
 */
abstract class IgnoredDeliveryProblemTests extends LoopTestBase {
  /** The pitfall id. */
  abstract String pitfall();

  /** The magic recipient that makes the fake report the problem. */
  abstract String magicAddress();

  /** The metric the fake reports. */
  abstract String metric();

  /** Person {@code id} (with a normal address) gets one email at the magic address; waits for the report. */
  private void reported(FakeHttp http, String id) {
    identify(http, id, id + "@example.com");
    email(http, id, magicAddress(), "");
    awaitReported(http, metric(), id);
  }

  private String cioId(FakeHttp http, String id) {
    return http.admin("GET", "/__cio/workspaces/" + site(http) + "/people/" + id, null).json().get("cio_id").asText();
  }

  @Test
  void stillEmailingThePersonAfterTheGraceFires() {
    reported(http, "p1");
    passTheGrace();

    String delivery = email(http, "p1", "p1@example.com", "").json().get("delivery_id").asText();

    List<JsonNode> recorded = recorded(http, pitfall());
    assertThat(recorded).hasSize(1);
    JsonNode p = recorded.get(0);
    assertThat(p.get("severity").asText()).isEqualTo("error");
    assertThat(p.get("message").asText()).startsWith("emailed p1@example.com ").endsWith("reported it " + metric());
    assertThat(p.at("/evidence/person_cio_id").asText()).isEqualTo(cioId(http, "p1"));
    assertThat(p.at("/evidence/delivery_id").asText()).isEqualTo(delivery);
    assertThat(p.at("/evidence/seconds_since_report").asDouble()).isGreaterThan(GRACE.toMillis() / 1000.0);
    assertThat(p.at("/evidence/reported_event_id").asText()).hasSize(26);

    email(http, "p1", "p1@example.com", "");
    assertThat(recorded(http, pitfall())).as("once per person").hasSize(1);
  }

  @Test
  void emailingThePersonWithinTheGraceDoesNotFire() {
    reported(http, "p2");

    email(http, "p2", "p2@example.com", "");
    email(http, "p2", "p2@example.com", "");

    assertThat(recorded(http, pitfall())).as("within the 60 s grace").isEmpty();
  }

  @Test
  void emailingSomeoneElseAfterTheGraceDoesNotFire() {
    reported(http, "p3");
    identify(http, "p4", "p4@example.com");
    passTheGrace();

    email(http, "p4", "p4@example.com", "");
    FakeHttp.Response sms = http.app("POST", "/v1/send/sms", "{\"transactional_message_id\":4,"
        + "\"to\":\"+15555550100\",\"identifiers\":{\"id\":\"p3\"}}");
    assertThat(sms.status()).as("%s", sms).isEqualTo(200);

    assertThat(recorded(http, pitfall())).as("another person, or another channel").isEmpty();
  }

  @Test
  void neverSuppressingThePersonFiresWhenPitfallsAreRead() {
    reported(http, "p5");

    List<JsonNode> judged = judged(http, pitfall());

    assertThat(judged).hasSize(1);
    JsonNode p = judged.get(0);
    assertThat(p.get("message").asText()).isEqualTo("the fake reported " + metric()
        + " for p5@example.com and the person was never suppressed");
    assertThat(p.at("/evidence/person_id").asText()).isEqualTo("p5");
    assertThat(p.at("/evidence/person_cio_id").asText()).isEqualTo(cioId(http, "p5"));
    assertThat(p.get("site_id").asText()).isEqualTo(site(http));
    List<Pitfall> fromJava = server.pitfalls();
    assertThat(fromJava).extracting(Pitfall::id).contains(pitfall());
  }

  @Test
  void suppressingThroughTrackV1ClearsIt() {
    reported(http, "p6");
    assertThat(judged(http, pitfall())).hasSize(1);

    suppressV1(http, "p6");

    assertThat(pitfalls(http, pitfall())).isEmpty();
  }

  @Test
  void suppressingThroughATrackV2OperationClearsIt() {
    reported(http, "p7");
    reported(http, "p8");

    suppressV2(http, "p7");
    FakeHttp.Response batch = http.track("POST", "/api/v2/batch", "{\"batch\":[{\"type\":\"person\","
        + "\"identifiers\":{\"id\":\"p8\"},\"action\":\"suppress\"}]}");
    assertThat(batch.status()).isEqualTo(200);

    assertThat(pitfalls(http, pitfall())).isEmpty();
  }

  @Test
  void unsuppressingDoesNotReopenItAsTheSuppressedProfileStaysDeleted() {
    reported(http, "p9");
    suppressV1(http, "p9");
    assertThat(pitfalls(http, pitfall())).isEmpty();

    assertThat(http.track("POST", "/api/v1/customers/p9/unsuppress", "{}").status()).isEqualTo(200);
    assertThat(judged(http, pitfall())).as("unsuppress does not recreate the profile").isEmpty();

    assertThat(http.track("PUT", "/api/v1/customers/p9", "{\"email\":\"p9@example.com\"}").status()).isEqualTo(200);
    assertThat(pitfalls(http, pitfall())).as("identified again: a new profile, with none of the old history")
        .isEmpty();
  }

  @Test
  void deletingThePersonClosesIt() {
    reported(http, "p10");
    assertThat(judged(http, pitfall())).hasSize(1);

    assertThat(http.track("DELETE", "/api/v1/customers/p10", null).status()).isEqualTo(200);
    assertThat(pitfalls(http, pitfall())).as("a deleted person gets no more email").isEmpty();
  }

  @Test
  void aSimulatedEventCountsLikeADeliveredOne() {
    identify(http, "p10", "p10@example.com");
    assertThat(pitfalls(http, pitfall())).isEmpty();

    server.fake().simulate(metric()).person("p10").send();
    awaitReported(http, metric(), "p10");

    assertThat(judged(http, pitfall())).hasSize(1);
  }

  @Test
  void aPersonWithoutAReportedProblemNeverFires() {
    identify(http, "p11", "p11@example.com");
    email(http, "p11", "p11@example.com", "");
    awaitReported(http, "delivered", "p11");
    passTheGrace();

    email(http, "p11", "p11@example.com", "");

    assertThat(pitfalls(http, pitfall())).isEmpty();
  }
}
