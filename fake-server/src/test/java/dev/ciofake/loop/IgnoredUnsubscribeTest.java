package dev.ciofake.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ignored-unsubscribe}, fired and not fired: after the fake reported {@code unsubscribed}, a broadcast naming
 * the person or a marketing transactional email past the grace fires; a purely transactional email, a broadcast
 * naming others, or anything within the grace does not.
 */
class IgnoredUnsubscribeTest extends LoopTestBase {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = fake();

  private static final String PITFALL = "ignored-unsubscribe";

  /** Person {@code id} gets an email at {@code unsubscribe@cio-fake.test}; waits for the unsubscribed report. */
  private void unsubscribed(FakeHttp http, String id) {
    identify(http, id, id + "@example.com");
    email(http, id, "unsubscribe@cio-fake.test", "");
    awaitReported(http, "unsubscribed", id);
  }

  private static FakeHttp.Response trigger(FakeHttp http, String body) {
    FakeHttp.Response r = http.app("POST", "/v1/campaigns/12/triggers", body);
    assertThat(r.status()).as("trigger %s -> %s", body, r).isEqualTo(200);
    return r;
  }

  private static JsonNode onlyPitfall(FakeHttp http) {
    List<JsonNode> ps = pitfalls(http, PITFALL);
    assertThat(ps).hasSize(1);
    return ps.get(0);
  }

  @Test
  void aBroadcastNamingThePersonByIdAfterTheGraceFires() {
    unsubscribed(http, "u1");
    passTheGrace();

    long triggerId = trigger(http, "{\"ids\":[\"u0\",\"u1\"],\"id_ignore_missing\":true}").json().get("id").asLong();

    JsonNode p = onlyPitfall(http);
    assertThat(p.get("severity").asText()).isEqualTo("error");
    assertThat(p.get("message").asText()).startsWith("broadcast trigger " + triggerId + " went to u1@example.com ")
        .endsWith("after they unsubscribed");
    assertThat(p.at("/evidence/sent").asText()).isEqualTo("broadcast trigger " + triggerId);
    assertThat(p.at("/evidence/seconds_since_report").asDouble()).isGreaterThan(GRACE.toMillis() / 1000.0);
    assertThat(p.at("/evidence/reported_event_id").asText()).hasSize(26);

    trigger(http, "{\"ids\":[\"u1\"]}");
    assertThat(pitfalls(http, PITFALL)).as("once per person").hasSize(1);
  }

  @Test
  void aBroadcastNamingThePersonByEmailAfterTheGraceFires() {
    unsubscribed(http, "u2");
    passTheGrace();

    trigger(http, "{\"emails\":[\"u2@example.com\"]}");

    assertThat(onlyPitfall(http).at("/evidence/email").asText()).isEqualTo("u2@example.com");
  }

  @Test
  void aBroadcastWithPerUserDataNamingThePersonFires() {
    unsubscribed(http, "u3");
    passTheGrace();

    trigger(http, "{\"per_user_data\":[{\"id\":\"u3\",\"data\":{\"coupon\":\"X\"}}]}");

    assertThat(onlyPitfall(http).at("/evidence/sent").asText()).startsWith("broadcast trigger ");
  }

  @Test
  void aMarketingEmailThatRespectsUnsubscribesFires() {
    unsubscribed(http, "u4");
    passTheGrace();

    String delivery = email(http, "u4", "u4@example.com", "\"send_to_unsubscribed\":false").json()
        .get("delivery_id").asText();

    assertThat(onlyPitfall(http).at("/evidence/sent").asText()).isEqualTo("marketing email " + delivery);
  }

  @Test
  void aMarketingEmailWithAnUnsubscribeLinkFires() {
    unsubscribed(http, "u5");
    passTheGrace();

    email(http, "u5", "u5@example.com", "\"body\":\"<p>Spring sale</p><a href='{{{ unsubscribe_url }}}'>stop</a>\"");

    assertThat(onlyPitfall(http).at("/evidence/sent").asText()).startsWith("marketing email ");
  }

  @Test
  void aPurelyTransactionalEmailAfterTheUnsubscribeDoesNotFire() {
    unsubscribed(http, "u6");
    passTheGrace();

    email(http, "u6", "u6@example.com", "\"body\":\"<p>Your receipt</p>\"");
    email(http, "u6", "u6@example.com", "\"send_to_unsubscribed\":true,\"body\":\"<p>Reset your password</p>\"");
    email(http, "u6", "u6@example.com", "");

    assertThat(pitfalls(http, PITFALL)).isEmpty();
    // the same person, the same moment: a marketing email would have fired
    email(http, "u6", "u6@example.com", "\"send_to_unsubscribed\":false");
    assertThat(pitfalls(http, PITFALL)).hasSize(1);
  }

  @Test
  void marketingWithinTheGraceDoesNotFire() {
    unsubscribed(http, "u7");

    trigger(http, "{\"ids\":[\"u7\"]}");
    email(http, "u7", "u7@example.com", "\"send_to_unsubscribed\":false");

    assertThat(pitfalls(http, PITFALL)).as("within the 60 s grace").isEmpty();
  }

  @Test
  void aBroadcastThatDoesNotNameThePersonDoesNotFire() {
    unsubscribed(http, "u8");
    identify(http, "u9", "u9@example.com");
    passTheGrace();

    trigger(http, "{\"ids\":[\"u9\"]}");
    trigger(http, "{\"recipients\":{\"segment\":{\"id\":3}}}");
    email(http, "u9", "u9@example.com", "\"send_to_unsubscribed\":false");

    assertThat(pitfalls(http, PITFALL)).isEmpty();
  }

  @Test
  void theUnsubscribeIsReportedAndMarksThePerson() {

    unsubscribed(http, "u10");

    JsonNode person = http.admin("GET", "/__cio/workspaces/" + site(http) + "/people/u10", null).json();
    assertThat(person.get("unsubscribed").asBoolean()).isTrue();
    assertThat(pitfalls(http, PITFALL)).as("an unsubscribe alone is no pitfall").isEmpty();
  }
}
