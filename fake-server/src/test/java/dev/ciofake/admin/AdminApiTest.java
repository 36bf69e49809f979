package dev.ciofake.admin;

import dev.ciofake.CioFake;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.internal.util.Secrets;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.Fakes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every endpoint of the admin API ({@code /__cio}), over real HTTP. */
class AdminApiTest {
  private static final WorkspaceCredentials MAIN =
      new WorkspaceCredentials("main-site", "main-track-key-4d2f81c07b", "main-app-key-9e6a35b2c1");
  private static final WorkspaceCredentials OTHER =
      new WorkspaceCredentials("other-site", "other-track-key-1a7c9e3f55", "other-app-key-6b0d2e8f47");

  private static CioFakeServer cio;
  private static FakeHttp http;
  private static FakeHttp other;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(
      CioFakeOptions.builder().workspace(MAIN).workspace(OTHER).build());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    cio = s;
    http = new FakeHttp(cio);
    other = http.as(OTHER);
  }

  // ---------------------------------------------------------------- health

  @Test
  void healthSaysWhatIsRunning() {
    http.track("PUT", "/api/v1/customers/42", "{}");

    FakeHttp.Response r = admin("GET", "/health");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    JsonNode h = r.json();
    assertThat(h.get("status").asText()).isEqualTo("ok");
    assertThat(h.get("service").asText()).isEqualTo("cio-fake");
    assertThat(h.get("version").asText()).isEqualTo(CioFakeServer.version());
    assertThat(h.get("uptime_ms").asLong()).isNotNegative();
    assertThat(h.get("workspaces").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(h.get("journal_entries").asInt()).isEqualTo(1);
    assertThat(h.get("journal_dropped").asInt()).isZero();
    assertThat(texts(h.get("covers"))).contains("track-v1");
  }

  @Test
  void anUnknownAdminPathIsA404InJson() {
    FakeHttp.Response r = admin("GET", "/nope");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("status").asInt()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).contains("/__cio/nope");
  }

  // ---------------------------------------------------------------- pitfalls

  @Test
  void pitfallsCanBeFilteredBySiteSeverityAndId() {
    // main-site: a millisecond timestamp and an event before identify; other-site: an invalid request.
    FakeHttp.Response ms = http.track("POST", "/api/v1/customers/42/events", """
        {"name": "purchase", "timestamp": 1700000100000}
        """);
    FakeHttp.Response early = http.track("POST", "/api/v1/customers/42/events", """
        {"name": "purchase"}
        """);
    FakeHttp.Response bad = other.track("POST", "/api/v1/customers/7/events", """
        {"data": {}}
        """);
    assertThat(List.of(ms.status(), early.status(), bad.status())).containsExactly(400, 200, 400);
    String msId = ms.header("X-CIO-Fake-Request-Id");
    String earlyId = early.header("X-CIO-Fake-Request-Id");
    String badId = bad.header("X-CIO-Fake-Request-Id");

    // Other detectors may add pitfalls of their own on this traffic; these three must be there, in order.
    JsonNode all = admin("GET", "/pitfalls").json();
    assertThat(all.get("count").asInt()).isEqualTo(all.get("pitfalls").size()).isGreaterThanOrEqualTo(3);
    assertThat(all.get("dropped").asInt()).isZero();
    assertThat(pairs(all)).containsSubsequence(
        "millisecond-timestamp@" + msId, "track-before-identify@" + earlyId, "invalid-request@" + badId);

    JsonNode main = admin("GET", "/pitfalls?site_id=main-site").json();
    assertThat(field(main.get("pitfalls"), "site_id")).containsOnly("main-site");
    assertThat(pairs(main)).contains("millisecond-timestamp@" + msId, "track-before-identify@" + earlyId)
        .noneMatch(p -> p.endsWith("@" + badId));

    JsonNode otherSite = admin("GET", "/pitfalls?site_id=other-site").json();
    assertThat(field(otherSite.get("pitfalls"), "site_id")).containsOnly("other-site");
    assertThat(pairs(otherSite)).contains("invalid-request@" + badId)
        .noneMatch(p -> p.endsWith("@" + msId) || p.endsWith("@" + earlyId));

    JsonNode byId = admin("GET", "/pitfalls?id=track-before-identify").json();
    assertThat(pairs(byId)).containsExactly("track-before-identify@" + earlyId);
    assertThat(byId.get("count").asInt()).isEqualTo(1);

    JsonNode combined = admin("GET", "/pitfalls?site_id=main-site&id=invalid-request").json();
    assertThat(combined.get("count").asInt()).isZero();
    JsonNode combined2 = admin("GET", "/pitfalls?site_id=other-site&id=invalid-request").json();
    assertThat(pairs(combined2)).containsExactly("invalid-request@" + badId);

    // These three are errors: the error filter keeps them, the warning filter drops them; each keeps only its kind.
    JsonNode errors = admin("GET", "/pitfalls?severity=error").json();
    assertThat(field(errors.get("pitfalls"), "severity")).containsOnly("error");
    assertThat(pairs(errors)).contains(
        "millisecond-timestamp@" + msId, "track-before-identify@" + earlyId, "invalid-request@" + badId);
    assertThat(pairs(admin("GET", "/pitfalls?severity=ERROR").json())).isEqualTo(pairs(errors));
    JsonNode warnings = admin("GET", "/pitfalls?severity=warning").json();
    assertThat(field(warnings.get("pitfalls"), "severity")).allMatch("warning"::equals);
    assertThat(warnings.get("count").asInt() + errors.get("count").asInt()).isEqualTo(all.get("count").asInt());

    assertThat(admin("GET", "/pitfalls?site_id=no-such-site").json().get("count").asInt()).isZero();
  }

  @Test
  void aBadSeverityFilterIsA400InJson() {
    FakeHttp.Response r = admin("GET", "/pitfalls?severity=fatal");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.json().get("error").asText()).isEqualTo("severity must be error or warning, got 'fatal'");
    assertThat(r.json().get("status").asInt()).isEqualTo(400);
  }

  @Test
  void aPitfallWithAnUnknownSiteIdIsFoundBySiteId() {
    FakeHttp.Response r = http.send("PUT", "/api/v1/customers/42", "{}",
        Map.of("Authorization", FakeHttp.basic("typo-site", MAIN.trackApiKey())));
    assertThat(r.status()).isEqualTo(401);

    JsonNode found = admin("GET", "/pitfalls?site_id=typo-site&id=invalid-request").json();
    assertThat(found.get("count").asInt()).isEqualTo(1);
    assertThat(found.at("/pitfalls/0/id").asText()).isEqualTo("invalid-request");
    assertThat(found.at("/pitfalls/0/site_id").asText()).isEqualTo("typo-site");
    assertThat(found.at("/pitfalls/0/request_id").asText()).isEqualTo(r.header("X-CIO-Fake-Request-Id"));
    assertThat(admin("GET", "/pitfalls?site_id=main-site").json().get("count").asInt()).isZero();
  }

  // ---------------------------------------------------------------- requests journal

  @Test
  void theJournalMasksSecretsAndKeepsTheBody() {
    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/42", """
        {"email": "ada@example.com", "plan": "pro"}
        """);
    FakeHttp.Response bearer = http.send("POST", "/api/v1/customers/42/events", """
        {"name": "purchase"}
        """, Map.of("Authorization", "Bearer " + MAIN.appApiKey()));

    FakeHttp.Response journal = admin("GET", "/requests");
    assertThat(journal.status()).isEqualTo(200);
    JsonNode j = journal.json();
    assertThat(j.get("count").asInt()).isEqualTo(2);
    assertThat(j.get("total").asInt()).isEqualTo(2);
    assertThat(j.get("dropped").asInt()).isZero();

    JsonNode identify = j.at("/requests/0");
    assertThat(identify.get("id").asText()).isEqualTo(r.header("X-CIO-Fake-Request-Id"));
    assertThat(identify.get("method").asText()).isEqualTo("PUT");
    assertThat(identify.get("path").asText()).isEqualTo("/api/v1/customers/42");
    assertThat(identify.get("api").asText()).isEqualTo("track");
    assertThat(identify.get("operation").asText()).isEqualTo("identify");
    assertThat(identify.get("site_id").asText()).isEqualTo("main-site");
    assertThat(identify.get("status").asInt()).isEqualTo(200);
    assertThat(header(identify, "Authorization"))
        .isEqualTo("Basic " + Secrets.mask("main-site") + ":" + Secrets.mask(MAIN.trackApiKey()))
        .doesNotContain("main-site"); // the user name is masked too: it is the key of the Pipelines API
    assertThat(identify.get("body")).isEqualTo(json("""
        {"email": "ada@example.com", "plan": "pro"}
        """));
    assertThat(identify.get("body_bytes").asInt()).isEqualTo(44);

    JsonNode wrongKey = j.at("/requests/1");
    assertThat(wrongKey.get("id").asText()).isEqualTo(bearer.header("X-CIO-Fake-Request-Id"));
    assertThat(wrongKey.get("status").asInt()).isEqualTo(401);
    assertThat(header(wrongKey, "Authorization")).isEqualTo("Bearer " + Secrets.mask(MAIN.appApiKey()));
    assertThat(texts(wrongKey.get("errors"))).hasSize(1);

    String text = journal.body();
    assertThat(text).doesNotContain(MAIN.trackApiKey()).doesNotContain(MAIN.appApiKey())
        .doesNotContain(base64(MAIN.siteId() + ":" + MAIN.trackApiKey()));
  }

  @Test
  void theJournalFiltersByLimitSiteAndStatus() {
    http.track("PUT", "/api/v1/customers/1", "{}");
    http.track("PUT", "/api/v1/customers/2", "{}");
    http.track("POST", "/api/v1/customers/2/events", "{}");
    other.track("PUT", "/api/v1/customers/3", "{}");

    assertThat(field(admin("GET", "/requests?limit=2").json().get("requests"), "path"))
        .as("the newest two, oldest first")
        .containsExactly("/api/v1/customers/2/events", "/api/v1/customers/3");
    JsonNode limited = admin("GET", "/requests?limit=2").json();
    assertThat(limited.get("count").asInt()).isEqualTo(2);
    assertThat(limited.get("total").asInt()).isEqualTo(4);

    assertThat(field(admin("GET", "/requests?site_id=main-site").json().get("requests"), "path"))
        .containsExactly("/api/v1/customers/1", "/api/v1/customers/2", "/api/v1/customers/2/events");
    assertThat(field(admin("GET", "/requests?site_id=other-site").json().get("requests"), "path"))
        .containsExactly("/api/v1/customers/3");
    assertThat(field(admin("GET", "/requests?status=400").json().get("requests"), "path"))
        .containsExactly("/api/v1/customers/2/events");
    assertThat(field(admin("GET", "/requests?site_id=main-site&status=200&limit=1").json().get("requests"), "path"))
        .containsExactly("/api/v1/customers/2");

    FakeHttp.Response badLimit = admin("GET", "/requests?limit=0");
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(badLimit.json().get("error").asText()).isEqualTo("limit must be a positive integer, got '0'");
  }

  @Test
  void theJournalKeepsOnlyTheNewestEntriesAndCountsTheDropped() {
    try (CioFakeServer small = CioFakeServer.start(CioFakeOptions.builder().maxJournalEntries(5).build())) {
      FakeHttp h = new FakeHttp(small);
      List<String> ids = new ArrayList<>();
      for (int i = 1; i <= 8; i++) {
        FakeHttp.Response r = h.track("PUT", "/api/v1/customers/" + i, "{}");
        assertThat(r.status()).isEqualTo(200);
        ids.add(r.header("X-CIO-Fake-Request-Id"));
      }

      JsonNode j = h.admin("GET", "/__cio/requests", null).json();
      assertThat(j.get("count").asInt()).isEqualTo(5);
      assertThat(j.get("total").asInt()).isEqualTo(8);
      assertThat(j.get("dropped").asInt()).isEqualTo(3);
      assertThat(field(j.get("requests"), "id")).containsExactlyElementsOf(ids.subList(3, 8));
      JsonNode health = h.admin("GET", "/__cio/health", null).json();
      assertThat(health.get("journal_entries").asInt()).isEqualTo(5);
      assertThat(health.get("journal_dropped").asInt()).isEqualTo(3);
    }
  }

  @Test
  void aWorkspaceKeepsOnlyTheNewestEventsAndCountsTheDropped() {
    try (CioFakeServer small = CioFakeServer.start(CioFakeOptions.builder().maxEventsPerWorkspace(5).build())) {
      FakeHttp h = new FakeHttp(small);
      String site = small.fake().credentials().siteId();
      h.track("PUT", "/api/v1/customers/42", "{\"email\": \"ada@example.com\"}");
      for (int i = 1; i <= 8; i++) {
        assertThat(h.track("POST", "/api/v1/customers/42/events", "{\"name\": \"step_" + i + "\"}").status())
            .isEqualTo(200);
      }

      JsonNode events = h.admin("GET", "/__cio/workspaces/" + site + "/events", null).json();
      assertThat(events.get("count").asInt()).isEqualTo(5);
      assertThat(events.get("total").asInt()).isEqualTo(8);
      assertThat(events.get("dropped").asInt()).isEqualTo(3);
      assertThat(field(events.get("events"), "name"))
          .containsExactly("step_4", "step_5", "step_6", "step_7", "step_8");
      JsonNode stats = h.admin("GET", "/__cio/workspaces/" + site, null).json().get("stats");
      assertThat(stats.get("events").asInt()).isEqualTo(5);
      assertThat(stats.get("events_total").asInt()).isEqualTo(8);
      assertThat(stats.get("events_dropped").asInt()).isEqualTo(3);
    }
  }

  // ---------------------------------------------------------------- workspaces

  @Test
  void theWorkspaceListMasksKeys() {
    FakeHttp.Response r = admin("GET", "/workspaces");

    assertThat(r.status()).isEqualTo(200);
    JsonNode list = r.json().get("workspaces");
    assertThat(field(list, "site_id")).startsWith("main-site", "other-site");
    JsonNode main = list.get(0);
    assertThat(main.get("track_api_key").asText()).isEqualTo(Secrets.mask(MAIN.trackApiKey())).startsWith("****");
    assertThat(main.get("app_api_key").asText()).isEqualTo(Secrets.mask(MAIN.appApiKey()));
    assertThat(main.at("/settings/lenient_timestamps").asBoolean()).isFalse();
    assertThat(main.at("/settings/email_identifiers").asBoolean()).isTrue();
    assertThat(main.at("/settings/region").asText()).isEqualTo("us");
    assertThat(main.get("stats").isObject()).isTrue();
    assertThat(r.body()).doesNotContain(MAIN.trackApiKey()).doesNotContain(MAIN.appApiKey())
        .doesNotContain(OTHER.trackApiKey()).doesNotContain(OTHER.appApiKey());
  }

  @Test
  void aCreatedWorkspaceWithGeneratedCredentialsWorksAtOnce() {
    FakeHttp.Response r = admin("POST", "/workspaces", "{}");

    assertThat(r.status()).isEqualTo(201);
    JsonNode w = r.json();
    String site = w.get("site_id").asText();
    try {
      assertThat(site).startsWith("site-");
      String track = w.get("track_api_key").asText();
      String app = w.get("app_api_key").asText();
      assertThat(track).startsWith("track-").doesNotContain("*");
      assertThat(app).startsWith("app-").doesNotContain("*");

      FakeHttp mine = http.as(new WorkspaceCredentials(site, track, app));
      assertThat(mine.track("PUT", "/api/v1/customers/42", "{}").status()).isEqualTo(200);
      assertThat(cio.fakes()).extracting(CioFake::siteId).contains(site);
      // Only the creating response reveals the keys.
      JsonNode got = admin("GET", "/workspaces/" + site).json();
      assertThat(got.get("track_api_key").asText()).isEqualTo(Secrets.mask(track));
      assertThat(got.at("/stats/people").asInt()).isEqualTo(1);
    } finally {
      admin("DELETE", "/workspaces/" + site);
    }
  }

  @Test
  void aCreatedWorkspaceWithGivenCredentialsAndSettings() {
    FakeHttp.Response r = admin("POST", "/workspaces", """
        {"site_id": "shop", "track_api_key": "shop-track-key-0001", "app_api_key": "shop-app-key-0001",
         "lenient_timestamps": true, "region": "eu"}
        """);
    try {
      assertThat(r.status()).isEqualTo(201);
      JsonNode w = r.json();
      assertThat(w.get("site_id").asText()).isEqualTo("shop");
      assertThat(w.get("track_api_key").asText()).isEqualTo("shop-track-key-0001");
      assertThat(w.get("app_api_key").asText()).isEqualTo("shop-app-key-0001");
      assertThat(w.at("/settings/lenient_timestamps").asBoolean()).isTrue();
      assertThat(w.at("/settings/region").asText()).isEqualTo("eu");

      FakeHttp shop = http.as(new WorkspaceCredentials("shop", "shop-track-key-0001", "shop-app-key-0001"));
      FakeHttp.Response region = shop.track("GET", "/api/v1/accounts/region", null);
      assertThat(region.status()).isEqualTo(200);
      assertThat(region.json().get("region").asText()).isEqualTo("eu");
      assertThat(region.json().get("url").asText()).isEqualTo("https://track-eu.customer.io");

      FakeHttp.Response duplicate = admin("POST", "/workspaces", """
          {"site_id": "shop"}
          """);
      assertThat(duplicate.status()).isEqualTo(400);
      assertThat(duplicate.json().get("error").asText()).isEqualTo("a workspace with site id shop already exists");

      FakeHttp.Response reusedKey = admin("POST", "/workspaces", """
          {"site_id": "shop-2", "track_api_key": "shop-track-key-0001", "app_api_key": "another-app-key"}
          """);
      assertThat(reusedKey.status()).isEqualTo(400);
      assertThat(reusedKey.json().get("error").asText()).contains("already in use");
      assertThat(admin("GET", "/workspaces/shop-2").status()).isEqualTo(404);
    } finally {
      admin("DELETE", "/workspaces/shop");
    }
  }

  @Test
  void anInvalidWorkspaceIsRefusedWithoutBeingCreated() {
    FakeHttp.Response missingKey = admin("POST", "/workspaces", """
        {"site_id": "half", "track_api_key": "half-track-key-0001"}
        """);
    assertThat(missingKey.status()).isEqualTo(400);
    assertThat(missingKey.json().get("error").asText()).isEqualTo("appApiKey must not be blank");
    assertThat(admin("GET", "/workspaces/half").status()).isEqualTo(404);

    FakeHttp.Response badRegion = admin("POST", "/workspaces", """
        {"site_id": "mars", "region": "mars"}
        """);
    assertThat(badRegion.status()).isEqualTo(400);
    assertThat(badRegion.json().get("error").asText()).isEqualTo("region must be us or eu, got 'mars'");
    assertThat(admin("GET", "/workspaces/mars").status())
        .as("a refused create leaves no workspace behind").isEqualTo(404);
  }

  @Test
  void settingsCanBeUpdatedAndChangeBehaviour() {
    FakeHttp.Response before = http.track("PUT", "/api/v1/customers/42", """
        {"created_at": 1700000000000}
        """);
    assertThat(before.status()).isEqualTo(400);

    FakeHttp.Response r = admin("PUT", "/workspaces/main-site/settings", """
        {"lenient_timestamps": true, "email_identifiers": false, "allow_email_updates_by_id": false}
        """);
    try {
      assertThat(r.status()).isEqualTo(200);
      JsonNode s = r.json().get("settings");
      assertThat(s.get("lenient_timestamps").asBoolean()).isTrue();
      assertThat(s.get("email_identifiers").asBoolean()).isFalse();
      assertThat(s.get("allow_email_updates_by_id").asBoolean()).isFalse();
      assertThat(s.get("region").asText()).isEqualTo("us");
      assertThat(r.json().get("track_api_key").asText()).isEqualTo(Secrets.mask(MAIN.trackApiKey()));

      assertThat(http.track("PUT", "/api/v1/customers/42", """
          {"created_at": 1700000000000}
          """).status()).as("lenient now").isEqualTo(200);
      assertThat(admin("GET", "/workspaces/main-site").json().at("/settings/lenient_timestamps").asBoolean())
          .isTrue();
      // The other workspace is untouched.
      assertThat(admin("GET", "/workspaces/other-site").json().at("/settings/lenient_timestamps").asBoolean())
          .isFalse();

      FakeHttp.Response bad = admin("PUT", "/workspaces/main-site/settings", """
          {"lenient_timestamps": "yes"}
          """);
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().get("error").asText()).isEqualTo("lenient_timestamps must be true or false");
    } finally {
      admin("PUT", "/workspaces/main-site/settings", """
          {"lenient_timestamps": false, "email_identifiers": true, "allow_email_updates_by_id": true}
          """);
    }
  }

  @Test
  void aWorkspaceCanBeDeletedButNotTheDefaultOne() {
    WorkspaceCredentials temp = new WorkspaceCredentials("temp", "temp-track-key-0001", "temp-app-key-0001");
    cio.newFake(temp);
    assertThat(http.as(temp).track("PUT", "/api/v1/customers/42", "{}").status()).isEqualTo(200);

    FakeHttp.Response r = admin("DELETE", "/workspaces/temp");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("deleted").asText()).isEqualTo("temp");
    assertThat(admin("GET", "/workspaces/temp").status()).isEqualTo(404);
    assertThat(http.as(temp).track("PUT", "/api/v1/customers/42", "{}").status())
        .as("its credentials no longer work").isEqualTo(401);
    assertThat(admin("DELETE", "/workspaces/temp").status()).isEqualTo(404);

    FakeHttp.Response dflt = admin("DELETE", "/workspaces/main-site");
    assertThat(dflt.status()).isEqualTo(400);
    assertThat(dflt.json().get("error").asText())
        .isEqualTo("the default workspace cannot be deleted; reset it instead");
    assertThat(admin("GET", "/workspaces/main-site").status()).isEqualTo(200);
  }

  @Test
  void anUnknownWorkspaceIsA404InJsonOnEveryWorkspaceEndpoint() {
    for (String[] call : new String[][] {
        {"GET", "/workspaces/nope"}, {"DELETE", "/workspaces/nope"}, {"PUT", "/workspaces/nope/settings"},
        {"GET", "/workspaces/nope/people"}, {"GET", "/workspaces/nope/people/42"},
        {"GET", "/workspaces/nope/events"}, {"GET", "/workspaces/nope/metrics"}, {"POST", "/reset?site_id=nope"}}) {
      FakeHttp.Response r = admin(call[0], call[1], call[0].equals("PUT") ? "{}" : null);
      assertThat(r.status()).as("%s %s", call[0], call[1]).isEqualTo(404);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.json().get("error").asText()).isEqualTo("no workspace with site id 'nope'");
      assertThat(r.json().get("status").asInt()).isEqualTo(404);
    }
  }

  // ---------------------------------------------------------------- state

  @Test
  void peopleAndOnePersonShowTheWorkspaceState() {
    http.track("PUT", "/api/v1/customers/42", """
        {"email": "ada@example.com", "plan": "pro", "created_at": 1700000000}
        """);
    http.track("PUT", "/api/v1/customers/43", """
        {"email": "grace@example.com"}
        """);
    http.track("PUT", "/api/v1/customers/42/devices", """
        {"device": {"id": "apns_token_abc", "platform": "ios"}}
        """);
    other.track("PUT", "/api/v1/customers/99", "{}");

    JsonNode people = admin("GET", "/workspaces/main-site/people").json();
    assertThat(people.get("count").asInt()).isEqualTo(2);
    assertThat(field(people.get("people"), "id")).containsExactly("42", "43");

    JsonNode ada = admin("GET", "/workspaces/main-site/people/42").json();
    assertThat(ada.get("email").asText()).isEqualTo("ada@example.com");
    assertThat(ada.at("/attributes/plan").asText()).isEqualTo("pro");
    assertThat(ada.at("/attributes/created_at").asLong()).isEqualTo(1700000000L);
    assertThat(ada.get("identified").asBoolean()).isTrue();
    assertThat(ada.at("/devices/0/id").asText()).isEqualTo("apns_token_abc");

    JsonNode byEmail = admin("GET", "/workspaces/main-site/people/ada%40example.com").json();
    assertThat(byEmail.get("id").asText()).isEqualTo("42");
    JsonNode byCioId = admin("GET", "/workspaces/main-site/people/cio_" + ada.get("cio_id").asText()).json();
    assertThat(byCioId.get("id").asText()).isEqualTo("42");

    FakeHttp.Response missing = admin("GET", "/workspaces/main-site/people/99");
    assertThat(missing.status()).as("99 lives in the other workspace").isEqualTo(404);
    assertThat(missing.json().get("error").asText()).isEqualTo("no person 99 in workspace main-site");
    assertThat(admin("GET", "/workspaces/other-site/people/99").status()).isEqualTo(200);
  }

  @Test
  void eventsCanBeFilteredByPersonNameAndLimit() {
    http.track("PUT", "/api/v1/customers/42", "{\"email\": \"ada@example.com\"}");
    http.track("POST", "/api/v1/customers/42/events", """
        {"name": "purchase", "data": {"price": 23.45}, "timestamp": 1700000100}
        """);
    http.track("POST", "/api/v1/customers/42/events", "{\"name\": \"refund\"}");
    http.track("POST", "/api/v1/events", "{\"name\": \"viewed_pricing\", \"anonymous_id\": \"anon_7f3c\"}");

    JsonNode all = admin("GET", "/workspaces/main-site/events").json();
    assertThat(all.get("count").asInt()).isEqualTo(3);
    assertThat(all.get("total").asInt()).isEqualTo(3);
    assertThat(all.get("dropped").asInt()).isZero();
    assertThat(field(all.get("events"), "name")).containsExactly("purchase", "refund", "viewed_pricing");
    JsonNode purchase = all.at("/events/0");
    assertThat(purchase.get("person_id").asText()).isEqualTo("42");
    assertThat(purchase.get("timestamp").asLong()).isEqualTo(1700000100L);
    assertThat(purchase.at("/data/price").asDouble()).isEqualTo(23.45);

    assertThat(field(admin("GET", "/workspaces/main-site/events?person=42").json().get("events"), "name"))
        .containsExactly("purchase", "refund");
    assertThat(field(admin("GET", "/workspaces/main-site/events?person=anon_7f3c").json().get("events"), "name"))
        .containsExactly("viewed_pricing");
    assertThat(field(admin("GET", "/workspaces/main-site/events?name=refund").json().get("events"), "person_id"))
        .containsExactly("42");
    assertThat(field(admin("GET", "/workspaces/main-site/events?limit=1").json().get("events"), "name"))
        .containsExactly("viewed_pricing");
    assertThat(admin("GET", "/workspaces/other-site/events").json().get("count").asInt()).isZero();
  }

  @Test
  void metricsShowDeliveryMetricsAndFormSubmissions() {
    assertThat(http.send("POST", "/api/v1/metrics", """
        {"delivery_id": "dlv_1", "metric": "clicked", "timestamp": 1700000400, "href": "https://example.com/x"}
        """, Map.of()).status()).isEqualTo(200);
    assertThat(http.track("POST", "/api/v1/forms/signup_form/submit", """
        {"data": {"email": "ada@example.com", "name": "Ada"}}
        """).status()).isEqualTo(204);

    JsonNode m = admin("GET", "/workspaces/main-site/metrics").json();
    assertThat(m.get("delivery_metrics").size()).isEqualTo(1);
    assertThat(m.at("/delivery_metrics/0/kind").asText()).isEqualTo("metric");
    assertThat(m.at("/delivery_metrics/0/body/delivery_id").asText()).isEqualTo("dlv_1");
    assertThat(m.at("/delivery_metrics/0/body/metric").asText()).isEqualTo("clicked");
    assertThat(m.get("form_submissions").size()).isEqualTo(1);
    assertThat(m.at("/form_submissions/0/form_id").asText()).isEqualTo("signup_form");
    assertThat(m.at("/form_submissions/0/data/name").asText()).isEqualTo("Ada");
    assertThat(admin("GET", "/workspaces/other-site/metrics").json().get("delivery_metrics").size()).isZero();
  }

  // ---------------------------------------------------------------- reset

  @Test
  void resetOfOneWorkspaceKeepsTheOthersAndTheJournal() {
    http.track("POST", "/api/v1/customers/42/events", "{\"name\": \"purchase\"}");
    other.track("POST", "/api/v1/customers/7/events", "{\"name\": \"purchase\"}");

    FakeHttp.Response r = admin("POST", "/reset?site_id=main-site");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("reset").asText()).isEqualTo("main-site");
    assertThat(admin("GET", "/workspaces/main-site/people").json().get("count").asInt()).isZero();
    assertThat(admin("GET", "/workspaces/main-site/events").json().get("count").asInt()).isZero();
    assertThat(admin("GET", "/pitfalls?site_id=main-site").json().get("count").asInt()).isZero();
    assertThat(admin("GET", "/workspaces/other-site/people").json().get("count").asInt()).isEqualTo(1);
    assertThat(admin("GET", "/workspaces/other-site/events").json().get("count").asInt()).isEqualTo(1);
    assertThat(admin("GET", "/pitfalls?site_id=other-site&id=track-before-identify").json().get("count").asInt())
        .isEqualTo(1);
    assertThat(admin("GET", "/requests").json().get("count").asInt()).isEqualTo(2);
    // Credentials and settings survive.
    assertThat(http.track("PUT", "/api/v1/customers/42", "{}").status()).isEqualTo(200);
  }

  @Test
  void resetOfEverythingClearsStatePitfallsAndJournalButKeepsWorkspaces() {
    http.track("POST", "/api/v1/customers/42/events", "{\"name\": \"purchase\"}");
    other.track("POST", "/api/v1/customers/7/events", "{\"name\": \"purchase\"}");
    http.send("PUT", "/api/v1/customers/42", "{}", Map.of("Authorization", FakeHttp.basic("typo-site", "x")));
    assertThat(admin("GET", "/pitfalls").json().get("count").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(admin("GET", "/pitfalls?site_id=typo-site&id=invalid-request").json().get("count").asInt())
        .isEqualTo(1);

    FakeHttp.Response r = admin("POST", "/reset");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("reset").asText()).isEqualTo("all");
    assertThat(admin("GET", "/pitfalls").json().get("count").asInt()).isZero();
    JsonNode journal = admin("GET", "/requests").json();
    assertThat(journal.get("count").asInt()).isZero();
    assertThat(journal.get("total").asInt()).isZero();
    for (String site : List.of("main-site", "other-site")) {
      assertThat(admin("GET", "/workspaces/" + site + "/people").json().get("count").asInt()).isZero();
      assertThat(admin("GET", "/workspaces/" + site + "/events").json().get("count").asInt()).isZero();
    }
    assertThat(field(admin("GET", "/workspaces").json().get("workspaces"), "site_id"))
        .contains("main-site", "other-site");
    assertThat(other.track("PUT", "/api/v1/customers/7", "{}").status()).isEqualTo(200);
  }

  // ---------------------------------------------------------------- helpers

  private static FakeHttp.Response admin(String method, String path) {
    return admin(method, path, null);
  }

  private static FakeHttp.Response admin(String method, String path, String json) {
    return http.admin(method, "/__cio" + path, json);
  }

  private static List<String> field(JsonNode array, String name) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(name).isNull() ? null : n.get(name).asText()));
    return out;
  }

  /** {@code id@request_id} of each pitfall in a {@code /__cio/pitfalls} answer, oldest first. */
  private static List<String> pairs(JsonNode pitfallsAnswer) {
    List<String> out = new ArrayList<>();
    pitfallsAnswer.get("pitfalls").forEach(p -> out.add(p.get("id").asText() + "@" + p.get("request_id").asText()));
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String header(JsonNode entry, String name) {
    for (Map.Entry<String, JsonNode> h : entry.get("headers").properties()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue().asText();
      }
    }
    return null;
  }

  private static JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
