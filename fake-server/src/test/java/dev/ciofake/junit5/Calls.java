package dev.ciofake.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.testing.FakeHttp;
import java.util.Map;

/** Track, App and admin calls against one workspace of a running fake, for the extension, assertion and wait tests. */
public final class Calls {
  /** A timestamp in seconds that the fake accepts (2023-11-14). */
  public static final long SECONDS = 1_700_000_000L;
  /** The same instant in milliseconds: the {@code millisecond-timestamp} pitfall. */
  public static final long MILLIS = SECONDS * 1000;

  private final CioFake cio;
  private final FakeHttp http;

  private Calls(CioFake cio) {
    this.cio = cio;
    this.http = new FakeHttp(cio.baseUrl(), cio.credentials());
  }

  public static Calls to(CioFake cio) {
    return new Calls(cio);
  }

  /** PUT /api/v1/customers/{id} with an email: no pitfall. Asserts 200. */
  public Calls identify(String id, String email) {
    assertOk(http.track("PUT", "/api/v1/customers/" + id, "{\"email\":\"" + email + "\",\"created_at\":" + SECONDS
        + "}"));
    return this;
  }

  /** PUT /api/v1/customers/{id} with attributes as JSON. */
  public FakeHttp.Response identifyJson(String id, String json) {
    return http.track("PUT", "/api/v1/customers/" + id, json);
  }

  /** PUT /api/v1/customers/{id} without an email: the {@code missing-email} warning. Asserts 200. */
  public Calls identifyWithoutEmail(String id) {
    assertOk(http.track("PUT", "/api/v1/customers/" + id, "{\"plan\":\"free\"}"));
    return this;
  }

  /** POST /api/v1/customers/{id}/events with a name and data (JSON object text). */
  public FakeHttp.Response track(String id, String name, String dataJson) {
    return http.track("POST", "/api/v1/customers/" + id + "/events",
        "{\"name\":\"" + name + "\",\"data\":" + dataJson + "}");
  }

  /** A track call that must succeed. */
  public Calls tracked(String id, String name, String dataJson) {
    assertOk(track(id, name, dataJson));
    return this;
  }

  /** POST /api/v1/customers/{id}/events with a millisecond timestamp: 400 (strict) or 200 (lenient). */
  public FakeHttp.Response trackWithMillis(String id, String name) {
    return http.track("POST", "/api/v1/customers/" + id + "/events",
        "{\"name\":\"" + name + "\",\"timestamp\":" + MILLIS + "}");
  }

  /** POST /v1/send/email through the App API. */
  public FakeHttp.Response sendEmail(String to, String personId, int messageId, String messageDataJson) {
    return http.app("POST", "/v1/send/email", "{\"transactional_message_id\":" + messageId + ",\"to\":\"" + to
        + "\",\"identifiers\":{\"id\":\"" + personId + "\"},\"message_data\":" + messageDataJson + "}");
  }

  /** A Track call authenticated with the App API key: 401 and the {@code wrong-api-key} pitfall. */
  public FakeHttp.Response identifyWithAppKey(String id) {
    return http.send("PUT", "/api/v1/customers/" + id, "{\"email\":\"x@example.com\"}",
        Map.of("Authorization", FakeHttp.basic(cio.siteId(), cio.appApiKey())));
  }

  /** GET /api/v1/accounts/region. */
  public String region() {
    return http.track("GET", "/api/v1/accounts/region", null).json().path("region").asText();
  }

  /** The workspace's settings as the admin API shows them. */
  public JsonNode settings() {
    return http.admin("GET", "/__cio/workspaces/" + cio.siteId(), null).json().get("settings");
  }

  public FakeHttp http() {
    return http;
  }

  public static void assertOk(FakeHttp.Response r) {
    assertThat(r.status()).as("response %s", r).isEqualTo(200);
  }
}
