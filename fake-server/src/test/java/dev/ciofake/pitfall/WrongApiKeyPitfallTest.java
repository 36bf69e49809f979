package dev.ciofake.pitfall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code wrong-api-key}: an App API key used where the Track API wants its own key, and the key never leaks. */
class WrongApiKeyPitfallTest {
  /** Distinctive keys, long enough that a leak of the key text would be visible in any JSON. */
  private static final WorkspaceCredentials SHOP =
      new WorkspaceCredentials("shop-site", "shop-track-key-5b1e0c7d9a", "shop-app-key-8f3c2a91e4d7");

  private static CioFakeServer cio;
  private static FakeHttp http;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().workspace(SHOP).build());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    cio = s;
    http = new FakeHttp(cio);
  }

  @Test
  void appKeyAsTrackBasicPasswordIsRecordedWithEvidenceButNeverTheKey() {
    // A typical mix-up: the integration was given both keys and passes the App key to the Track client.
    FakeHttp.Response r = http.send("PUT", "/api/v1/customers/42", """
        {"email": "ada@example.com", "plan": "pro"}
        """, Map.of("Authorization", FakeHttp.basic(SHOP.siteId(), SHOP.appApiKey())));

    assertThat(r.status()).isEqualTo(401);
    String requestId = r.header("X-CIO-Fake-Request-Id");
    assertThat(requestId).isNotBlank();

    List<JsonNode> found = AdminPitfalls.withId(http, "wrong-api-key");
    assertThat(found).hasSize(1);
    JsonNode p = found.get(0);
    assertThat(p.get("id").asText()).isEqualTo("wrong-api-key");
    assertThat(p.get("severity").asText()).isEqualTo("error");
    assertThat(p.get("site_id").asText()).isEqualTo("shop-site");
    assertThat(p.get("request_id").asText()).isEqualTo(requestId);
    assertThat(p.get("message").asText())
        .isEqualTo("App API key used on the Track API (PUT /api/v1/customers/42); it needs the Track API key "
            + "(HTTP Basic site_id:track_api_key)");
    assertThat(p.get("fix").asText()).contains("HTTP Basic site_id:track_api_key");
    JsonNode ev = p.get("evidence");
    assertThat(ev.get("method").asText()).isEqualTo("PUT");
    assertThat(ev.get("path").asText()).isEqualTo("/api/v1/customers/42");
    assertThat(ev.get("operation").asText()).isEqualTo("identify");
    assertThat(ev.get("api").asText()).isEqualTo("track");
    assertThat(ev.get("key_used").asText()).isEqualTo("App API key");
    assertThat(ev.get("auth_scheme").asText()).isEqualTo("Basic");
    assertThat(ev.get("status").asInt()).isEqualTo(401);

    assertNoKeyText(ev.toString());
    assertNoKeyText(AdminPitfalls.response(http, "").body());
    assertNoKeyText(AdminPitfalls.response(http, "site_id=shop-site").body());
    // The rejection is explained by this pitfall, so the catch-all does not repeat it.
    assertThat(AdminPitfalls.ids(http)).containsExactly("wrong-api-key");
    // And nothing was stored.
    assertThat(http.admin("GET", "/__cio/workspaces/shop-site/people", null).json().get("count").asInt()).isZero();
  }

  @Test
  void appKeyAsBearerOnTrackIsRecordedWithEvidenceButNeverTheKey() {
    // The App API's auth scheme, pointed at the Track host.
    FakeHttp.Response r = http.send("POST", "/api/v1/customers/42/events", """
        {"name": "purchase", "data": {"price": 23.45}}
        """, Map.of("Authorization", "Bearer " + SHOP.appApiKey()));

    assertThat(r.status()).isEqualTo(401);
    String requestId = r.header("X-CIO-Fake-Request-Id");

    List<JsonNode> found = AdminPitfalls.withId(http, "wrong-api-key");
    assertThat(found).hasSize(1);
    JsonNode p = found.get(0);
    assertThat(p.get("severity").asText()).isEqualTo("error");
    assertThat(p.get("site_id").asText()).isEqualTo("shop-site");
    assertThat(p.get("request_id").asText()).isEqualTo(requestId);
    assertThat(p.get("message").asText())
        .startsWith("App API key used on the Track API (POST /api/v1/customers/42/events)");
    JsonNode ev = p.get("evidence");
    assertThat(ev.get("method").asText()).isEqualTo("POST");
    assertThat(ev.get("path").asText()).isEqualTo("/api/v1/customers/42/events");
    assertThat(ev.get("operation").asText()).isEqualTo("track");
    assertThat(ev.get("key_used").asText()).isEqualTo("App API key");
    assertThat(ev.get("auth_scheme").asText()).isEqualTo("Bearer");
    assertThat(ev.get("status").asInt()).isEqualTo(401);

    assertNoKeyText(ev.toString());
    assertNoKeyText(AdminPitfalls.response(http, "").body());
    assertThat(AdminPitfalls.ids(http)).containsExactly("wrong-api-key");
    // The 401 body explains what went wrong without echoing the key either.
    assertThat(r.json().path("meta").path("error").asText()).contains("Bearer");
    assertNoKeyText(r.body());
  }

  @Test
  void theTrackKeyWithBasicAuthDoesNotTriggerIt() {
    FakeHttp shop = http.as(SHOP);
    assertThat(shop.track("PUT", "/api/v1/customers/42", """
        {"email": "ada@example.com"}
        """).status()).isEqualTo(200);
    assertThat(shop.track("POST", "/api/v1/customers/42/events", """
        {"name": "purchase"}
        """).status()).isEqualTo(200);

    assertThat(AdminPitfalls.withId(http, "wrong-api-key")).isEmpty();
    assertThat(AdminPitfalls.ids(http)).isEmpty();
  }

  @Test
  void aMistypedTrackKeyIsNotAKeyOfTheWrongKind() {
    // A wrong key is a plain 401 (invalid-request), not a key of the other API.
    FakeHttp.Response r = http.send("PUT", "/api/v1/customers/42", """
        {"email": "ada@example.com"}
        """, Map.of("Authorization", FakeHttp.basic(SHOP.siteId(), "shop-track-key-typo")));

    assertThat(r.status()).isEqualTo(401);
    assertThat(AdminPitfalls.withId(http, "wrong-api-key")).isEmpty();
    assertThat(AdminPitfalls.ids(http)).containsExactly("invalid-request");
  }

  private static void assertNoKeyText(String json) {
    assertThat(json)
        .doesNotContain(SHOP.appApiKey())
        .doesNotContain(SHOP.trackApiKey())
        .doesNotContain(base64(SHOP.siteId() + ":" + SHOP.appApiKey()))
        .doesNotContain(base64(SHOP.siteId() + ":" + SHOP.trackApiKey()));
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
