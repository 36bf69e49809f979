package dev.ciofake.pipelines;

import static dev.ciofake.assertions.CioAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.Pitfall;
import dev.ciofake.PitfallIds;
import dev.ciofake.RateClass;
import dev.ciofake.RateLimit;
import dev.ciofake.junit5.CustomerIoFake;
import dev.ciofake.junit5.FailOn;
import dev.ciofake.testing.FakeHttp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * The Data Pipelines API on the fake: every call type and the semantic events change the same workspace state as
 * Track does; the permissive default (200, the call dropped, the reason recorded) and strict mode (real 400/401);
 * the size limits; authentication and wrong keys both ways; the 404 of an unknown {@code /v1} path.
 */
@CustomerIoFake(failOn = FailOn.NEVER)
@ResourceLock(Resources.SYSTEM_PROPERTIES) // its fake sets the cio.* properties
class PipelinesApiTest {

  private static List<String> ids(CioFake cio) {
    return cio.pitfalls().stream().map(Pitfall::id).toList();
  }

  private static JsonNode admin(CioFake cio, String path) {
    return new FakeHttp(cio.baseUrl(), cio.credentials()).admin("GET", "/__cio/workspaces/" + cio.siteId() + path,
        null).json();
  }

  private static FakeHttp http(CioFake cio) {
    return new FakeHttp(cio.baseUrl(), cio.credentials());
  }

  // ---------------------------------------------------------------- one model of people and events

  @Test
  void everyCallTypeChangesTheSameStateAsTrack(CioFake cio) {
    FakeHttp h = http(cio);
    assertThat(h.pipelines("track", "{\"anonymousId\":\"anon-1\",\"event\":\"Pricing Viewed\","
        + "\"timestamp\":\"2026-01-02T03:04:05.000Z\"}").body()).isEqualTo("{}");
    FakeHttp.Response r = h.pipelines("identify", "{\"userId\":\"42\",\"anonymousId\":\"anon-1\","
        + "\"traits\":{\"email\":\"ada@example.com\",\"plan\":\"pro\"},\"messageId\":\"m1\"}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    assertThat(h.pipelines("track", "{\"userId\":\"42\",\"event\":\"Order Completed\",\"messageId\":\"m2\","
        + "\"properties\":{\"total\":9.5},\"timestamp\":\"2026-01-02T03:05:00Z\"}").status()).isEqualTo(200);
    assertThat(h.pipelines("page", "{\"userId\":\"42\",\"name\":\"Pricing\",\"properties\":{\"path\":\"/pricing\"}}")
        .status()).isEqualTo(200);
    assertThat(h.pipelines("screen", "{\"userId\":\"42\",\"name\":\"Home\"}").status()).isEqualTo(200);
    assertThat(h.pipelines("group", "{\"userId\":\"42\",\"groupId\":\"acme\",\"traits\":{\"objectTypeId\":2,"
        + "\"name\":\"Acme\"}}").status()).isEqualTo(200);
    assertThat(h.pipelines("track", "{\"userId\":\"42\",\"event\":\"Device Created or Updated\","
        + "\"context\":{\"device\":{\"token\":\"tok-1\",\"type\":\"ios\"}}}").status()).isEqualTo(200);

    assertThat(cio).person("42").hasEmail("ada@example.com").hasAttribute("plan", "pro");
    CioFake.Person p = cio.person("42").orElseThrow();
    assertThat(p.identified()).isTrue();
    assertThat(p.devices()).containsExactly("tok-1");
    List<CioFake.Event> events = cio.events();
    assertThat(events).extracting(CioFake.Event::name)
        .containsExactly("Pricing Viewed", "Order Completed", "Pricing", "Home");
    assertThat(events).extracting(CioFake.Event::type).containsExactly("event", "event", "page", "screen");
    assertThat(events).allSatisfy(e -> assertThat(e.personId()).isEqualTo("42"));
    assertThat(events.get(1).eventId()).isEqualTo("m2");
    assertThat(events.get(1).timestamp()).isEqualTo(1767323100L);
    assertThat(String.valueOf(events.get(1).data().get("total"))).isEqualTo("9.5");
    JsonNode objects = admin(cio, "/objects").get("objects");
    assertThat(objects).hasSize(1);
    assertThat(objects.get(0).get("key").asText()).isEqualTo("2:acme");
    assertThat(objects.get(0).at("/attributes/name").asText()).isEqualTo("Acme");
    assertThat(admin(cio, "/people/42").toString()).contains("2:acme");
    assertThat(cio.pipelinesCalls()).isEqualTo(new CioFake.PipelinesCalls(7, 7, 0, -1));
    assertThat(ids(cio)).isEmpty();
  }

  @Test
  void aBatchOfEveryCallTypeIsAppliedInOrder(CioFake cio) {
    FakeHttp.Response r = http(cio).pipelines("batch", """
        {"batch":[
          {"type":"identify","userId":"7","traits":{"email":"grace@example.com"}},
          {"type":"track","userId":"7","event":"Signed Up","messageId":"b1"},
          {"type":"page","userId":"7","name":"Docs"},
          {"type":"screen","anonymousId":"dev-9","name":"Onboarding"},
          {"type":"alias","userId":"7","previousId":"dev-9"},
          {"type":"group","userId":"7","groupId":"team-1","traits":{"name":"Team"}}
        ],"context":{"library":{"name":"test"}}}
        """);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    assertThat(cio.events()).extracting(CioFake.Event::name).containsExactly("Signed Up", "Docs", "Onboarding");
    assertThat(cio.events()).allSatisfy(e -> assertThat(e.personId()).as("alias merged the screen").isEqualTo("7"));
    assertThat(admin(cio, "/objects").get("objects").get(0).get("key").asText()).isEqualTo("1:team-1");
    assertThat(cio.pipelinesCalls().applied()).isEqualTo(6);
    assertThat(ids(cio)).isEmpty();
  }

  @Test
  void theSemanticEventsDoWhatTheirNamesSay(CioFake cio) {
    FakeHttp h = http(cio);
    h.pipelines("identify", "{\"userId\":\"1\",\"traits\":{\"email\":\"one@example.com\"}}");
    h.pipelines("identify", "{\"userId\":\"2\",\"traits\":{\"email\":\"two@example.com\"}}");
    h.pipelines("group", "{\"userId\":\"1\",\"groupId\":\"acme\"}");
    h.pipelines("group", "{\"userId\":\"2\",\"groupId\":\"globex\"}");
    h.pipelines("track", "{\"userId\":\"1\",\"event\":\"Device Created or Updated\","
        + "\"context\":{\"device\":{\"token\":\"t1\"}}}");
    h.pipelines("batch", """
        {"batch":[
          {"type":"track","userId":"1","event":"Device Deleted","context":{"device":{"token":"t1"}}},
          {"type":"track","userId":"1","event":"Relationship Deleted","properties":{"objectId":"acme"}},
          {"type":"track","anonymousId":"x","event":"Object Deleted","properties":{"objectId":"globex","objectTypeId":1}},
          {"type":"track","userId":"1","event":"User Suppressed"},
          {"type":"track","userId":"2","event":"User Deleted"},
          {"type":"track","event":"Report Delivery Event","anonymousId":"x",
           "properties":{"deliveryId":"dlv-1","metric":"opened"}}
        ]}
        """);
    CioFake.Person one = cio.person("1").orElseThrow();
    assertThat(one.suppressed()).isTrue();
    assertThat(one.devices()).isEmpty();
    assertThat(admin(cio, "/people/1").get("relationships")).isEmpty();
    assertThat(cio.person("2")).isEmpty();
    assertThat(admin(cio, "/objects").get("objects")).extracting(o -> o.get("key").asText()).containsExactly("1:acme");
    assertThat(admin(cio, "/metrics").toString()).contains("dlv-1").contains("pipelines_delivery_event");
    assertThat(cio.events()).as("semantic events are actions, not events").isEmpty();

    h.pipelines("track", "{\"userId\":\"1\",\"event\":\"User Unsuppressed\"}");
    assertThat(cio.person("1")).as("suppress deleted the profile; unsuppress does not recreate it").isEmpty();
    assertThat(ids(cio)).isEmpty();
  }

  @Test
  void aRetriedBatchWithTheSameMessageIdsIsStoredOnce(CioFake cio) {
    String batch = "{\"batch\":[{\"type\":\"identify\",\"userId\":\"5\",\"traits\":{\"email\":\"e@example.com\"}},"
        + "{\"type\":\"track\",\"userId\":\"5\",\"event\":\"Order Completed\",\"messageId\":\"msg-1\"}]}";
    http(cio).pipelines("batch", batch);
    http(cio).pipelines("batch", batch);
    assertThat(cio.events()).hasSize(1);
    assertThat(ids(cio)).doesNotContain(PitfallIds.DUPLICATE_EVENT_WITHOUT_ID);
  }

  // ---------------------------------------------------------------- permissive and strict

  @Test
  void anInvalidCallIsAnswered200AndDroppedWithTheReasonRecorded(CioFake cio) {
    FakeHttp.Response r = http(cio).pipelines("track", "{\"userId\":\"42\"}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    assertThat(cio.events()).isEmpty();
    Pitfall p = only(cio, PitfallIds.SILENTLY_DROPPED);
    assertThat(p.message()).contains("POST /v1/track").contains("event is required").contains("X-Strict-Mode");
    assertThat(p.evidence()).containsEntry("call", "track").containsEntry("status", 200);
    assertThat(ids(cio)).doesNotContain(PitfallIds.INVALID_REQUEST);
    assertThat(cio.pipelinesCalls()).isEqualTo(new CioFake.PipelinesCalls(1, 0, 1, -1));
  }

  @Test
  void strictModeAnswersTheReal400(CioFake cio) {
    FakeHttp.Response r = http(cio).pipelinesStrict("track", "{\"userId\":\"42\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/meta/errors/0").asText()).isEqualTo("event is required");
    FakeHttp.Response identify = http(cio).pipelinesStrict("identify", "{\"traits\":{\"plan\":\"pro\"}}");
    assertThat(identify.status()).isEqualTo(400);
    assertThat(identify.json().at("/meta/errors/0").asText()).contains("userId or anonymousId is required");
    FakeHttp.Response alias = http(cio).pipelinesStrict("alias", "{\"userId\":\"42\"}");
    assertThat(alias.json().at("/meta/errors/0").asText()).isEqualTo("previousId is required");
    assertThat(ids(cio)).containsOnly(PitfallIds.INVALID_REQUEST);
    assertThat(cio.events()).isEmpty();
  }

  @Test
  void inAPermissiveBatchOnlyTheBadCallsAreDropped(CioFake cio) {
    http(cio).pipelines("batch", """
        {"batch":[
          {"type":"identify","userId":"8","traits":{"email":"e8@example.com"}},
          {"type":"track","userId":"8"},
          {"type":"teleport","userId":"8"},
          {"type":"track","userId":"8","event":"Trial Started"}
        ]}
        """);
    assertThat(cio.events()).extracting(CioFake.Event::name).containsExactly("Trial Started");
    List<Pitfall> dropped = cio.pitfalls().stream().filter(p -> p.id().equals(PitfallIds.SILENTLY_DROPPED)).toList();
    assertThat(dropped).extracting(p -> p.evidence().get("batch_index")).containsExactly(1, 2);
    assertThat(dropped.get(1).message()).contains("type must be one of identify, track, page, screen, group, alias");
    assertThat(cio.pipelinesCalls()).isEqualTo(new CioFake.PipelinesCalls(4, 2, 2, -1));
  }

  @Test
  void inAStrictBatchOneBadCallRefusesTheBatch(CioFake cio) {
    FakeHttp.Response r = http(cio).pipelinesStrict("batch", """
        {"batch":[{"type":"identify","userId":"8"},{"type":"track","userId":"8"}]}
        """);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/meta/errors/0").asText()).isEqualTo("batch[1]: event is required");
    assertThat(cio.person("8")).isEmpty();
  }

  @Test
  void theDocumentedEmptyBatchIsAccepted(CioFake cio) {
    assertThat(http(cio).pipelinesStrict("batch", "{}").status()).isEqualTo(200);
    assertThat(ids(cio)).isEmpty();
  }

  // ---------------------------------------------------------------- size limits

  @Test
  void anOversizedRequestGets200AndAPitfallThatNamesTheCallAndTheLimit(CioFake cio) {
    String big = "{\"userId\":\"42\",\"event\":\"Report Viewed\",\"properties\":{\"html\":\"" + "x".repeat(33_000)
        + "\"}}";
    FakeHttp.Response r = http(cio).pipelines("track", big);
    assertThat(r.status()).isEqualTo(200);
    assertThat(cio.events()).isEmpty();
    Pitfall p = only(cio, PitfallIds.SILENTLY_DROPPED);
    assertThat(p.message()).contains("POST /v1/track").contains("32 KB per request");
    assertThat(p.evidence()).containsEntry("limit", "32 KB per request").containsEntry("call", "track");
    assertThat(ids(cio)).doesNotContain(PitfallIds.OVERSIZED_PAYLOAD);

    FakeHttp.Response strict = http(cio).pipelinesStrict("track", big);
    assertThat(strict.status()).isEqualTo(400);
    assertThat(strict.json().at("/meta/errors/0").asText()).contains("32768 bytes");
    assertThat(ids(cio)).contains(PitfallIds.OVERSIZED_PAYLOAD);
  }

  @Test
  void aCallOver32KbInsideABatchDropsTheWholeBatch(CioFake cio) {
    String call = "{\"type\":\"track\",\"userId\":\"42\",\"event\":\"Big\",\"properties\":{\"x\":\""
        + "y".repeat(33_000) + "\"}}";
    http(cio).pipelines("batch", "{\"batch\":[{\"type\":\"identify\",\"userId\":\"42\"}," + call + "]}");
    assertThat(cio.person("42")).isEmpty();
    Pitfall p = only(cio, PitfallIds.SILENTLY_DROPPED);
    assertThat(p.evidence()).containsEntry("limit", "32 KB per call in a batch").containsEntry("whole_request", true);
    assertThat(cio.pipelinesCalls().dropped()).isEqualTo(2);
  }

  @Test
  void aBatchOver500KbIsDropped(CioFake cio) {
    StringBuilder b = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 20; i++) {
      b.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"42\",\"event\":\"Chunk\",\"properties\":"
          + "{\"x\":\"").append("z".repeat(30_000)).append("\"}}");
    }
    http(cio).pipelines("batch", b.append("]}").toString());
    assertThat(cio.events()).isEmpty();
    assertThat(only(cio, PitfallIds.SILENTLY_DROPPED).evidence()).containsEntry("limit", "500 KB per batch");
  }

  // ---------------------------------------------------------------- credentials

  @Test
  void aTrackKeyOnThePipelinesApiIsTheWrongKeyAnd200UnlessStrict(CioFake cio) {
    Map<String, String> trackCreds = Map.of("Authorization", FakeHttp.basic(cio.siteId(), cio.trackApiKey()));
    FakeHttp.Response permissive = http(cio).send("POST", "/v1/identify", "{\"userId\":\"1\"}", trackCreds);
    assertThat(permissive.status()).isEqualTo(200);
    assertThat(cio.person("1")).isEmpty();
    assertThat(ids(cio)).containsExactlyInAnyOrder(PitfallIds.WRONG_API_KEY, PitfallIds.SILENTLY_DROPPED);
    Pitfall wrong = cio.pitfalls().stream().filter(p -> p.id().equals(PitfallIds.WRONG_API_KEY)).findFirst()
        .orElseThrow();
    assertThat(wrong.message()).contains("Track API key used on the Pipelines API");

    FakeHttp.Response strict = http(cio).send("POST", "/v1/identify", "{\"userId\":\"1\"}",
        Map.of("Authorization", "Bearer " + cio.appApiKey(), "X-Strict-Mode", "1"));
    assertThat(strict.status()).isEqualTo(401);
    assertThat(strict.json().at("/meta/error").asText()).contains("App API key").doesNotContain(cio.appApiKey());
  }

  @Test
  void aPipelinesKeyOnTheTrackOrAppApiIsTheWrongKey(CioFake cio) {
    FakeHttp.Response track = http(cio).send("PUT", "/api/v1/customers/1", "{}",
        Map.of("Authorization", http(cio).pipelinesAuth()));
    assertThat(track.status()).isEqualTo(401);
    FakeHttp.Response app = http(cio).send("GET", "/v1/customers/1/attributes", null,
        Map.of("Authorization", "Bearer " + cio.pipelinesApiKey()));
    assertThat(app.status()).isEqualTo(401);
    List<Pitfall> wrong = cio.pitfalls().stream().filter(p -> p.id().equals(PitfallIds.WRONG_API_KEY)).toList();
    assertThat(wrong).extracting(p -> p.evidence().get("key_used")).containsExactly("Pipelines API key",
        "Pipelines API key");
    assertThat(wrong.toString()).doesNotContain(cio.pipelinesApiKey());
  }

  @Test
  void anUnknownV1PathIsAnsweredByTheApiItsCredentialsPointTo(CioFake cio) {
    FakeHttp.Response basic = http(cio).send("POST", "/v1/identity", "{}",
        Map.of("Authorization", http(cio).pipelinesAuth()));
    assertThat(basic.status()).isEqualTo(404);
    assertThat(basic.json().at("/meta/errors/0").asText()).contains("no Data Pipelines API endpoint POST /v1/identity");
    FakeHttp.Response bearer = http(cio).send("POST", "/v1/identity", "{}",
        Map.of("Authorization", "Bearer " + cio.appApiKey()));
    assertThat(bearer.status()).isEqualTo(404);
    assertThat(bearer.json().at("/errors/0/detail").asText()).contains("App API");
    assertThat(http(cio).send("GET", "/v1/identify", null, Map.of("Authorization", http(cio).pipelinesAuth()))
        .status()).isEqualTo(405);
  }

  // ---------------------------------------------------------------- timestamps

  @Test
  void timestampsAreIso8601StringsNotNumbers(CioFake cio) {
    FakeHttp h = http(cio);
    h.pipelines("identify", "{\"userId\":\"3\",\"traits\":{\"email\":\"t@example.com\"}}");
    h.pipelines("track", "{\"userId\":\"3\",\"event\":\"Ms\",\"timestamp\":1767323100000}");
    h.pipelines("track", "{\"userId\":\"3\",\"event\":\"Seconds\",\"timestamp\":\"1767323100\"}");
    h.pipelines("track", "{\"userId\":\"3\",\"event\":\"Future\",\"timestamp\":\""
        + cio.now().plus(Duration.ofHours(2)) + "\"}");
    h.pipelines("track", "{\"userId\":\"3\",\"event\":\"Fine\",\"timestamp\":\"" + cio.now() + "\"}");
    assertThat(cio.events()).extracting(CioFake.Event::name).containsExactly("Ms", "Seconds", "Future", "Fine");
    assertThat(cio.events().get(0).timestamp()).as("replaced by the time it arrived").isNull();
    List<Pitfall> ps = cio.pitfalls();
    assertThat(ps).extracting(Pitfall::id).containsExactly(PitfallIds.MILLISECOND_TIMESTAMP,
        PitfallIds.INVALID_TIMESTAMP, PitfallIds.INVALID_TIMESTAMP);
    assertThat(ps.get(0).message()).contains("ISO-8601");
    assertThat(ps.get(2).message()).contains("in the future");
  }

  // ---------------------------------------------------------------- the existing catalog, on the Pipelines side

  @Test
  void theClassicMistakesAreCaughtOnPipelinesToo(CioFake cio) {
    FakeHttp h = http(cio);
    h.pipelines("track", "{\"userId\":\"9\",\"event\":\"Order Completed\"}");
    h.pipelines("identify", "{\"userId\":\"ada@example.com\",\"traits\":{\"plan\":\"pro\"}}");
    h.pipelines("identify", "{\"userId\":\"10\",\"traits\":{\"email\":\"ten@example.com\",\"seats\":\"5\"}}");
    h.pipelines("identify", "{\"userId\":\"11\",\"traits\":{\"email\":\"eleven@example.com\",\"seats\":5}}");
    h.pipelines("track", "{\"userId\":\"10\",\"event\":\"order_completed\"}");
    h.pipelines("track", "{\"anonymousId\":\"visitor-1\",\"event\":\"Pricing Viewed\"}");
    assertThat(ids(cio)).containsExactlyInAnyOrder(PitfallIds.TRACK_BEFORE_IDENTIFY, PitfallIds.MUTABLE_PERSON_ID,
        PitfallIds.MISSING_EMAIL, PitfallIds.INCONSISTENT_ATTRIBUTE_TYPE, PitfallIds.INCONSISTENT_EVENT_NAME,
        PitfallIds.ANONYMOUS_NOT_MERGED);

    h.pipelines("alias", "{\"userId\":\"10\",\"previousId\":\"visitor-1\"}");
    assertThat(ids(cio)).doesNotContain(PitfallIds.ANONYMOUS_NOT_MERGED);
  }

  @Test
  void titleCaseEventNamesAreTheConventionNotAPitfall(CioFake cio) {
    http(cio).pipelines("identify", "{\"userId\":\"12\",\"traits\":{\"email\":\"t@example.com\"}}");
    for (String name : List.of("Order Completed", "Product Viewed", "Signed Up")) {
      http(cio).pipelines("track", "{\"userId\":\"12\",\"event\":\"" + name + "\"}");
    }
    assertThat(ids(cio)).isEmpty();
  }

  @Test
  void aBurstOverThePipelinesLimitIsRateLimitedWithoutRetryAfter(CioFake cio) {
    cio.settings(cio.settings().toBuilder().rateLimit(RateClass.PIPELINES, RateLimit.parse("2/3s")).build());
    http(cio).pipelines("identify", "{\"userId\":\"1\",\"traits\":{\"email\":\"a@example.com\"}}");
    http(cio).pipelines("identify", "{\"userId\":\"2\",\"traits\":{\"email\":\"b@example.com\"}}");
    FakeHttp.Response third = http(cio).pipelines("identify", "{\"userId\":\"3\",\"traits\":{\"email\":\"c@example.com\"}}");
    assertThat(third.status()).isEqualTo(429);
    assertThat(third.header("Retry-After")).isNull();
    assertThat(ids(cio)).containsExactly(PitfallIds.RATE_LIMIT_EXCEEDED);
    cio.advanceClock(Duration.ofSeconds(3));
    assertThat(http(cio).pipelines("identify", "{\"userId\":\"3\",\"traits\":{\"email\":\"c@example.com\"}}")
        .status()).isEqualTo(200);
  }

  @Test
  void chaosOnPipelinesLeavesTheOtherApisAlone(CioFake cio) {
    cio.chaos().error(503).onPipelines().apply();
    assertThat(http(cio).pipelines("identify", "{\"userId\":\"1\"}").status()).isEqualTo(503);
    assertThat(http(cio).track("PUT", "/api/v1/customers/1", "{\"email\":\"a@example.com\"}").status())
        .isEqualTo(200);
    cio.chaos().clear();
  }

  @Test
  void anExpectedCountBeyondWhatArrivedIsUnflushedEvents(CioFake cio) {
    cio.expectPipelinesCalls(4);
    http(cio).pipelines("batch", "{\"batch\":[{\"type\":\"identify\",\"userId\":\"1\",\"traits\":{\"email\":"
        + "\"a@example.com\"}},{\"type\":\"track\",\"userId\":\"1\",\"event\":\"Signed Up\"}]}");
    Pitfall p = only(cio, PitfallIds.UNFLUSHED_EVENTS);
    assertThat(p.message()).startsWith("2 of 4 expected Pipelines call(s) never reached the fake");
    assertThat(p.evidence()).containsEntry("missing_calls", 2);
    http(cio).pipelines("batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"1\",\"event\":\"Trial Started\"},"
        + "{\"type\":\"track\",\"userId\":\"1\",\"event\":\"Trial Ended\"}]}");
    assertThat(ids(cio)).isEmpty();
  }

  @Test
  void aBouncedPersonSuppressedOverPipelinesIsHandled(CioFake cio) {
    http(cio).pipelines("identify", "{\"userId\":\"b1\",\"traits\":{\"email\":\"b1@example.com\"}}");
    cio.simulate("bounced").person("b1").send();
    // the emitted event is applied to the workspace by the emitter, off this thread
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ids(cio).contains(
        PitfallIds.IGNORED_BOUNCE));
    assertThat(ids(cio)).containsExactly(PitfallIds.IGNORED_BOUNCE);
    http(cio).pipelines("track", "{\"userId\":\"b1\",\"event\":\"User Suppressed\"}");
    assertThat(ids(cio)).isEmpty();
  }

  @Test
  void thePipelinesKeyIsNeverShown(CioFake cio) {
    String key = cio.pipelinesApiKey();
    http(cio).pipelines("identify", "{\"userId\":\"1\",\"traits\":{\"email\":\"a@example.com\",\"note\":\""
        + key + "\"}}");
    http(cio).send("PUT", "/api/v1/customers/1", "{}", Map.of("Authorization", http(cio).pipelinesAuth()));
    FakeHttp admin = http(cio);
    for (String path : List.of("/__cio/requests", "/__cio/workspaces", "/__cio/workspaces/" + cio.siteId(),
        "/__cio/pitfalls", "/__cio/report", "/__cio/workspaces/" + cio.siteId() + "/people", "/__cio/options")) {
      assertThat(admin.admin("GET", path, null).body()).as(path).doesNotContain(key);
    }
    assertThat(admin.admin("GET", "/__cio/workspaces/" + cio.siteId(), null).json().get("pipelines_api_key")
        .asText()).startsWith("****");
    assertThat(cio.credentials().toString()).doesNotContain(key);
  }

  private static Pitfall only(CioFake cio, String id) {
    List<Pitfall> ps = cio.pitfalls().stream().filter(p -> p.id().equals(id)).toList();
    assertThat(ps).as("pitfalls %s in %s", id, cio.pitfalls()).hasSize(1);
    return ps.get(0);
  }
}
