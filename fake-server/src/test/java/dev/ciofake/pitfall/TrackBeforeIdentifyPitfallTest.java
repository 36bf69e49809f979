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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code track-before-identify}: an event for a person the workspace has never identified. */
class TrackBeforeIdentifyPitfallTest {
  private static CioFakeServer cio;
  private static FakeHttp http;
  private static String site;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.defaults());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    cio = s;
    http = new FakeHttp(cio);
    site = cio.fake().credentials().siteId();
  }

  @Test
  void anEventBeforeTheFirstIdentifyIsRecorded() {
    // The sign-up handler tracks first and identifies later (or never).
    FakeHttp.Response track = http.track("POST", "/api/v1/customers/u_1001/events", """
        {"name": "signed_up", "data": {"plan": "pro"}}
        """);
    assertThat(track.status()).as("the real service accepts it").isEqualTo(200);
    assertThat(http.track("PUT", "/api/v1/customers/u_1001", """
        {"email": "grace@example.com"}
        """).status()).isEqualTo(200);

    List<JsonNode> found = AdminPitfalls.withId(http, "track-before-identify");
    assertThat(found).hasSize(1);
    JsonNode p = found.get(0);
    assertThat(p.get("severity").asText()).isEqualTo("error");
    assertThat(p.get("site_id").asText()).isEqualTo(site);
    assertThat(p.get("request_id").asText()).isEqualTo(track.header("X-CIO-Fake-Request-Id"));
    assertThat(p.get("message").asText())
        .isEqualTo("event 'signed_up' tracked for id \"u_1001\", who was never identified in this workspace");
    assertThat(p.get("fix").asText()).contains("anonymous_id");
    JsonNode ev = p.get("evidence");
    assertThat(ev.get("event").asText()).isEqualTo("signed_up");
    assertThat(ev.get("person").asText()).isEqualTo("u_1001");
    assertThat(ev.get("addressed_as").asText()).isEqualTo("id");
    assertThat(ev.get("method").asText()).isEqualTo("POST");
    assertThat(ev.get("path").asText()).isEqualTo("/api/v1/customers/u_1001/events");
    assertThat(ev.get("operation").asText()).isEqualTo("track");
    assertThat(AdminPitfalls.ids(http)).containsExactly("track-before-identify");
  }

  @Test
  void anEventForAnUnidentifiedEmailNamesTheDecodedEmail() {
    FakeHttp.Response track = http.track("POST", "/api/v1/customers/grace%40example.com/events", """
        {"name": "viewed_pricing"}
        """);
    assertThat(track.status()).isEqualTo(200);

    List<JsonNode> found = AdminPitfalls.withId(http, "track-before-identify");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("request_id").asText()).isEqualTo(track.header("X-CIO-Fake-Request-Id"));
    assertThat(found.get(0).at("/evidence/person").asText()).isEqualTo("grace@example.com");
    assertThat(found.get(0).at("/evidence/addressed_as").asText()).isEqualTo("email");
    assertThat(found.get(0).at("/evidence/path").asText()).isEqualTo("/api/v1/customers/grace%40example.com/events");
  }

  @Test
  void aPageViewBeforeIdentifyIsAnEventToo() {
    FakeHttp.Response track = http.track("POST", "/api/v1/customers/u_7/events", """
        {"type": "page", "name": "https://example.com/pricing"}
        """);
    assertThat(track.status()).isEqualTo(200);

    List<JsonNode> found = AdminPitfalls.withId(http, "track-before-identify");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).at("/evidence/event").asText()).isEqualTo("https://example.com/pricing");
  }

  @Test
  void identifyThenTrackDoesNotTriggerIt() {
    assertThat(http.track("PUT", "/api/v1/customers/u_1001", """
        {"email": "grace@example.com", "created_at": 1700000000}
        """).status()).isEqualTo(200);
    assertThat(http.track("POST", "/api/v1/customers/u_1001/events", """
        {"name": "signed_up"}
        """).status()).isEqualTo(200);
    // Addressed by the identified person's email, it is the same person.
    assertThat(http.track("POST", "/api/v1/customers/grace%40example.com/events", """
        {"name": "upgraded"}
        """).status()).isEqualTo(200);

    assertThat(AdminPitfalls.withId(http, "track-before-identify")).isEmpty();
    assertThat(AdminPitfalls.ids(http)).isEmpty();
  }

  @Test
  void anonymousEventsDoNotTriggerIt() {
    assertThat(http.track("POST", "/api/v1/events", """
        {"name": "viewed_pricing", "anonymous_id": "anon_7f3c", "data": {"plan": "pro"}}
        """).status()).isEqualTo(200);
    assertThat(http.track("POST", "/api/v1/events", """
        {"name": "invite", "data": {"recipient": "friend@example.com"}}
        """).status()).isEqualTo(200);
    // The visitor signs up: identify carries the anonymous_id, then the person's own events follow.
    assertThat(http.track("PUT", "/api/v1/customers/u_1001", """
        {"email": "grace@example.com", "anonymous_id": "anon_7f3c"}
        """).status()).isEqualTo(200);
    assertThat(http.track("POST", "/api/v1/customers/u_1001/events", """
        {"name": "signed_up"}
        """).status()).isEqualTo(200);

    assertThat(AdminPitfalls.withId(http, "track-before-identify")).isEmpty();
    assertThat(AdminPitfalls.ids(http)).isEmpty();
  }

  @Test
  void aRejectedEventDoesNotTriggerIt() {
    // No event was stored, so nothing was tracked for the unknown person.
    assertThat(http.track("POST", "/api/v1/customers/u_1001/events", """
        {"data": {"plan": "pro"}}
        """).status()).isEqualTo(400);

    assertThat(AdminPitfalls.withId(http, "track-before-identify")).isEmpty();
  }
}
