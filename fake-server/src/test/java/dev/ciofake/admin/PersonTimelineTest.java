package dev.ciofake.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin endpoints the web view reads: a person's timeline, the journal's api/status/pitfall/person filters with
 * the pitfalls each request raised, and the people search.
 */
class PersonTimelineTest {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().rateLimits(false)
      .clock(FakeClock.frozenAt(Instant.parse("2026-03-02T09:00:00Z"))).build());

  private static CioFakeServer server;
  private static FakeHttp http;

  @BeforeAll
  static void bind(CioFakeServer s) {
    server = s;
    http = new FakeHttp(s);
  }

  private static String site() {
    return http.credentials().siteId();
  }

  private static JsonNode admin(String path) {
    FakeHttp.Response r = http.admin("GET", "/__cio" + path, null);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json();
  }

  private static void step() {
    server.clock().advance(Duration.ofSeconds(1));
  }

  @Test
  void aPersonsTimelineHoldsWhatTouchedThemNewestFirstWithThePitfallsOfTheirRequests() {
    assertThat(http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"early\"}").status()).isEqualTo(200);
    step();
    assertThat(http.track("PUT", "/api/v1/customers/42", "{\"email\":\"ada@example.com\",\"plan\":\"pro\"}").status())
        .isEqualTo(200);
    step();
    assertThat(http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"purchase\",\"data\":{\"total\":3}}")
        .status()).isEqualTo(200);
    step();
    assertThat(http.track("PUT", "/api/v1/customers/77", "{\"email\":\"bob@example.com\"}").status()).isEqualTo(200);
    step();
    assertThat(http.app("POST", "/v1/send/email", "{\"transactional_message_id\":1,\"to\":\"ada@example.com\","
        + "\"identifiers\":{\"id\":\"42\"}}").status()).isEqualTo(200);

    // the send's delivery events are emitted on the fake's scheduler, a moment after the send is answered
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> admin("/workspaces/" + site()
        + "/people/42/timeline").get("timeline").findValues("kind").stream()
        .anyMatch(k -> k.asText().equals("delivery_event")));
    JsonNode t = admin("/workspaces/" + site() + "/people/42/timeline");

    assertThat(t.at("/person/email").asText()).isEqualTo("ada@example.com");
    List<String> kinds = new ArrayList<>();
    List<String> operations = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    for (JsonNode i : t.get("timeline")) {
      kinds.add(i.get("kind").asText());
      times.add(i.get("at_ms").asLong());
      if (i.get("kind").asText().equals("request")) {
        operations.add(i.get("operation").asText() + (i.has("event") ? ":" + i.at("/event/name").asText() : ""));
      }
    }
    assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    // 77's identify is not on 42's timeline; the send, the identify and both events are, newest first
    assertThat(operations).containsExactly("send_email", "track:purchase", "identify", "track:early");
    // the send's delivery right above its request, and the delivery events it emitted above that
    int send = kinds.indexOf("request");
    assertThat(kinds.subList(0, send)).endsWith("delivery").contains("delivery_event")
        .allMatch(k -> k.equals("delivery") || k.equals("delivery_event"));
    assertThat(t.get("timeline").get(0).at("/webhook_event/metric").asText()).isEqualTo("sent");
    // the event before the identify raised track-before-identify, shown right after (above) its request
    int early = kinds.lastIndexOf("request");
    JsonNode pitfall = t.get("timeline").get(early - 1);
    assertThat(pitfall.get("kind").asText()).isEqualTo("pitfall");
    assertThat(pitfall.at("/pitfall/id").asText()).isEqualTo("track-before-identify");
    assertThat(pitfall.get("request_id").asText()).isEqualTo(t.get("timeline").get(early).get("request_id").asText());
    assertThat(t.get("total").asInt()).isEqualTo(t.get("count").asInt());
  }

  @Test
  void mergesPipelinesCallsAndTheMergedPersonsEventsAreOnTheSurvivorsTimeline() {
    assertThat(http.track("PUT", "/api/v1/customers/42", "{\"email\":\"ada@example.com\"}").status()).isEqualTo(200);
    assertThat(http.track("PUT", "/api/v1/customers/43", "{\"email\":\"ada.old@example.com\"}").status())
        .isEqualTo(200);
    assertThat(http.track("POST", "/api/v1/customers/43/events", "{\"name\":\"old_event\"}").status()).isEqualTo(200);
    step();
    assertThat(http.track("POST", "/api/v1/merge_customers", "{\"primary\":{\"id\":\"42\"},\"secondary\":{\"id\":"
        + "\"43\"}}").status()).isEqualTo(200);
    step();
    assertThat(http.pipelines("page", "{\"userId\":\"42\",\"name\":\"Pricing\"}").status()).isEqualTo(200);

    JsonNode t = admin("/workspaces/" + site() + "/people/ada@example.com/timeline").get("timeline");

    assertThat(t.get(0).get("operation").asText()).isEqualTo("page");
    assertThat(t.get(0).at("/event/type").asText()).isEqualTo("page");
    assertThat(t.get(1).get("operation").asText()).isEqualTo("merge_customers");
    // 43's event moved to 42 with the merge; 43's own request names 43, so the event stands on its own
    assertThat(t.toString()).contains("old_event");
    assertThat(t.findValues("path").toString()).doesNotContain("/api/v1/customers/43/events");
  }

  @Test
  void aTimelineOfAnUnknownPersonIsA404() {
    FakeHttp.Response r = http.admin("GET", "/__cio/workspaces/" + site() + "/people/nobody/timeline", null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).contains("no person nobody");
  }

  @Test
  void theJournalFiltersByApiStatusPitfallAndPersonAndListsThePitfallsOfEachRequest() {
    http.track("PUT", "/api/v1/customers/42", "{\"email\":\"ada@example.com\"}");
    http.track("POST", "/api/v1/customers/42/events", "{\"name\":\"purchase\",\"timestamp\":1700000000000}");
    http.track("POST", "/api/v1/customers/77/events", "{\"name\":\"purchase\"}");
    http.app("GET", "/v1/customers/42/attributes", null);
    String base = "/requests?site_id=" + site();

    assertThat(paths(admin(base + "&api=app"))).containsExactly("/v1/customers/42/attributes");
    assertThat(paths(admin(base + "&status=400"))).containsExactly("/api/v1/customers/42/events");
    assertThat(paths(admin(base + "&pitfall=track-before-identify"))).containsExactly("/api/v1/customers/77/events");
    // by id or by email: the person's requests on every API, not 77's
    assertThat(paths(admin(base + "&person=ada@example.com"))).containsExactly("/api/v1/customers/42",
        "/api/v1/customers/42/events", "/v1/customers/42/attributes");
    assertThat(paths(admin(base + "&person=42&api=track&status=200"))).containsExactly("/api/v1/customers/42");
    JsonNode refused = admin(base + "&pitfall=millisecond-timestamp").get("requests").get(0);
    assertThat(refused.get("pitfalls").toString()).contains("millisecond-timestamp");
    // the answer it got, as the client read it
    assertThat(refused.get("response_body").asText()).startsWith("{").contains("\"meta\"").contains("milliseconds");
  }

  @Test
  void peopleAreFoundByIdEmailCioIdOrAttribute() {
    http.track("PUT", "/api/v1/customers/42", "{\"email\":\"ada@example.com\",\"plan\":\"pro\"}");
    http.track("PUT", "/api/v1/customers/77", "{\"email\":\"bob@example.com\",\"plan\":\"free\"}");
    String people = "/workspaces/" + site() + "/people";
    String cio = admin(people + "/77").get("cio_id").asText();

    assertThat(ids(admin(people + "?q=ADA"))).containsExactly("42");
    assertThat(ids(admin(people + "?q=plan=free"))).containsExactly("77");
    assertThat(ids(admin(people + "?q=" + cio))).containsExactly("77");
    assertThat(ids(admin(people + "?q=example.com"))).containsExactlyInAnyOrder("42", "77");
    assertThat(ids(admin(people + "?q=example.com&limit=1"))).hasSize(1);
    assertThat(ids(admin(people + "?q=plan=pr"))).isEmpty();
    assertThat(ids(admin(people))).containsExactlyInAnyOrder("42", "77");
  }

  private static List<String> paths(JsonNode requests) {
    List<String> out = new ArrayList<>();
    requests.get("requests").forEach(r -> out.add(r.get("path").asText()));
    return out;
  }

  private static List<String> ids(JsonNode people) {
    List<String> out = new ArrayList<>();
    people.get("people").forEach(p -> out.add(p.get("id").asText()));
    return out;
  }
}
