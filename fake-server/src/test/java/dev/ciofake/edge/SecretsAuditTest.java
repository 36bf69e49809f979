package dev.ciofake.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.internal.FakeCore;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.testing.FakeHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets audit (issue 15, item 12): keys put everywhere a client might put them (every kind of Authorization
 * header, swapped and misplaced credentials, custom headers, cookies, query strings, JSON and text bodies, broken
 * JSON) never come back: not in any admin API response, any report format, the report files, the journal, the
 * pitfalls, nor the error answers themselves.
 */
class SecretsAuditTest {
  private static final WorkspaceCredentials SHOP = new WorkspaceCredentials("shop-site", "shop-track-key-123",
      "shop-app-key-456");
  private static final String ADMIN_TOKEN = "audit-admin-token-789";
  private static CioFakeServer server;
  private static FakeHttp http;
  private static final List<String> answers = new ArrayList<>();

  @BeforeAll
  static void start() {
    server = CioFakeServer.start(CioFakeOptions.builder().workspace(SHOP)
        .workspace(WorkspaceCredentials.DEFAULT).build());
    http = new FakeHttp(server.baseUrl(), SHOP);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static List<String> keys() {
    return List.of(SHOP.trackApiKey(), SHOP.appApiKey(), WorkspaceCredentials.DEFAULT.trackApiKey(),
        WorkspaceCredentials.DEFAULT.appApiKey());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a key everywhere a client can put one, and keeps what the fake answered. */
  private static void sendKeysEverywhere() {
    String track = SHOP.trackApiKey();
    String app = SHOP.appApiKey();
    String site = SHOP.siteId();
    String identify = "{\"email\":\"ada@example.com\"}";
    List<Map<String, String>> headerSets = List.of(
        Map.of("Authorization", app),                                   // no scheme
        Map.of("Authorization", track),
        Map.of("Authorization", "Bearer " + track),
        Map.of("Authorization", "Bearer " + app),                       // App key on Track
        Map.of("Authorization", basic(track, site)),                    // swapped
        Map.of("Authorization", basic(app, site)),
        Map.of("Authorization", basic(site, app)),                      // App key as the Track password
        Map.of("Authorization", basic(track, "")),
        Map.of("Authorization", basic(site, track + "x")),              // near miss
        Map.of("Authorization", "Token " + app),
        Map.of("Authorization", app + " " + track),                     // a key in the scheme's place
        Map.of("Authorization", basic(site, track), "X-API-Key", app),
        Map.of("Authorization", basic(site, track), "Cookie", "session=" + app + "; other=" + track),
        Map.of("Authorization", basic(site, track), "X-Custom-Auth", app, "Api-Token", track),
        Map.of("Authorization", basic(site, track), "Proxy-Authorization", "Bearer " + app));
    for (Map<String, String> h : headerSets) {
      answers.add(http.send("PUT", "/api/v1/customers/42", identify, h).body());
      answers.add(http.send("POST", "/api/v1/customers/42/events", "{\"name\":\"e\"}", h).body());
      answers.add(http.send("POST", "/api/v2/entity", "{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},"
          + "\"action\":\"identify\",\"attributes\":{}}", h).body());
      answers.add(http.send("GET", "/v1/customers/42/attributes", null, h).body());
      answers.add(http.send("POST", "/v1/send/email", "{\"to\":\"ada@example.com\",\"transactional_message_id\":1,"
          + "\"identifiers\":{\"id\":\"42\"}}", h).body());
    }
    Map<String, String> ok = Map.of("Authorization", basic(site, track));
    for (String q : List.of("?api_key=" + track, "?token=" + app, "?key=" + app + "&x=1", "?access_token=" + track,
        "?signature=" + app, "?q=" + track)) {
      answers.add(http.send("PUT", "/api/v1/customers/42" + q, identify, ok).body());
      answers.add(http.send("GET", "/v1/customers/42/attributes" + q, null,
          Map.of("Authorization", "Bearer " + app)).body());
    }
    answers.add(http.send("PUT", "/api/v1/customers/43", "{\"email\":\"b@example.com\",\"api_key\":\"" + track
        + "\",\"note\":\"key " + app + " inside\"}", ok).body());
    answers.add(http.send("POST", "/api/v1/customers/43/events", "{\"name\":\"e\",\"data\":{\"token\":\"" + app
        + "\"}}", ok).body());
    answers.add(http.send("POST", "/api/v1/customers/43/events", "{\"name\":\"e\",\"data\":" + app + "}", ok).body());
    answers.add(http.send("POST", "/api/v1/customers/43/events", "{\"name\": " + track, ok).body());
    answers.add(http.raw("PUT", "/api/v1/customers/44", ("key=" + track).getBytes(StandardCharsets.UTF_8),
        Map.of("Authorization", basic(site, track), "Content-Type", "text/plain")).body());
    answers.add(http.raw("PUT", "/api/v1/customers/44", ("{\"k\":\"" + app + "\"}").getBytes(StandardCharsets.UTF_8),
        Map.of("Authorization", basic(site, track))).body());
    answers.add(http.send("PUT", "/api/v1/customers/" + track, identify, Map.of("Authorization", "Bearer " + app))
        .body());
    answers.add(http.send("POST", "/api/v2/batch", "{\"batch\":[{\"type\":\"person\",\"identifiers\":{\"id\":\"45\"},"
        + "\"action\":\"identify\",\"attributes\":{\"secret\":\"" + app + "\"}}]}", ok).body());
    answers.add(http.admin("POST", "/__cio/workspaces/shop-site/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\","
        + "\"secret\":\"" + track + "\"}").body());
  }

  /** Every GET of the admin API, with its path parameters filled in, and each report format. */
  private static List<String> adminDocuments() {
    List<String> paths = new ArrayList<>();
    for (Endpoint e : new FakeCore(CioFakeOptions.defaults(), "test").endpoints()) {
      if (e.api() == Api.ADMIN && e.method().equals("GET")) {
        paths.add(e.path().toString().replace("{site_id}", SHOP.siteId()).replace("{identifier}", "43")
            .replace("{delivery_id}", "d").replace("{rule_id}", "r1").replace("{segment_id}", "7"));
      }
    }
    for (String q : List.of("?format=json", "?format=junit", "?format=html", "?site_id=shop-site&format=html")) {
      paths.add("/__cio/report" + q);
    }
    paths.add("/__cio/requests?limit=5000");
    paths.add("/__cio/pitfalls?group=id");
    paths.add("/__cio/pitfalls?site_id=shop-site");
    paths.add("/__cio/workspaces/shop-site/people/42");
    paths.add("/__cio/workspaces/shop-site/events?limit=1000");
    assertThat(paths).hasSizeGreaterThan(25);
    List<String> docs = new ArrayList<>();
    for (String p : paths) {
      FakeHttp.Response r = http.admin("GET", p, null);
      docs.add(p + "\n" + r.body());
    }
    return docs;
  }

  @Test
  void noKeyComesBackFromAnyAnswerAdminResponseReportOrJournal(@TempDir Path reportDir) throws Exception {
    sendKeysEverywhere();
    assertThat(answers).hasSizeGreaterThan(80);
    Map<String, String> places = new LinkedHashMap<>();
    for (int i = 0; i < answers.size(); i++) {
      places.put("answer " + i, answers.get(i));
    }
    for (String doc : adminDocuments()) {
      places.put(doc.substring(0, doc.indexOf('\n')), doc);
    }
    for (Path f : server.writeReports(reportDir)) {
      places.put(f.getFileName().toString(), Files.readString(f));
    }
    places.put("CioFakeServer.pitfalls()", server.pitfalls().toString());
    places.put("CioFake.pitfalls()", server.fake("shop-site").pitfalls().toString());
    places.put("CioFake.people()", server.fake("shop-site").people().toString());

    // the journal did see the requests: the audit is not vacuous
    assertThat(places.get("/__cio/requests?limit=5000")).contains("api_key=****").containsIgnoringCase("\"X-API-Key\"");
    for (Map.Entry<String, String> place : places.entrySet()) {
      for (String key : keys()) {
        assertThat(place.getValue()).as("%s shows a key", place.getKey()).doesNotContain(key);
      }
    }
  }

  @Test
  void refusedCredentialsAreDescribedNotEchoed() {
    FakeHttp.Response noScheme = http.send("PUT", "/api/v1/customers/42", "{}",
        Map.of("Authorization", SHOP.appApiKey()));
    assertThat(noScheme.status()).isEqualTo(401);
    assertThat(noScheme.body()).contains("has no scheme").contains("16-character value");
    FakeHttp.Response swapped = http.send("PUT", "/api/v1/customers/42", "{}",
        Map.of("Authorization", basic(SHOP.trackApiKey(), SHOP.siteId())));
    assertThat(swapped.status()).isEqualTo(401);
    assertThat(swapped.body()).contains("swapped").doesNotContain(SHOP.trackApiKey());
    FakeHttp.Response bareKeyOnApp = http.send("GET", "/v1/customers/42/attributes", null,
        Map.of("Authorization", SHOP.trackApiKey()));
    assertThat(bareKeyOnApp.status()).isEqualTo(401);
    assertThat(bareKeyOnApp.body()).contains("has no scheme").doesNotContain(SHOP.trackApiKey());
  }
}
