package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertErrors;
import static dev.ciofake.track.TrackAssertions.assertMetaError;
import static dev.ciofake.track.TrackAssertions.assertTrackHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.FakeServerTestBase;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/accounts/region over HTTP (docs/customerio-facts.md 0). */
class RegionApiTest extends FakeServerTestBase {

  @AfterEach
  void restoreRegion() {
    http.admin("PUT", "/__cio/workspaces/" + http.credentials().siteId() + "/settings", """
        {"region":"us"}
        """);
  }

  @Test
  void regionOfAUsWorkspace() {
    FakeHttp.Response r = http.track("GET", "/api/v1/accounts/region", null);

    assertThat(r.status()).isEqualTo(200);
    assertTrackHeaders(r);
    int envId = r.json().get("environment_id").asInt();
    assertThat(envId).isPositive();
    assertThat(r.body()).isEqualTo(
        "{\"url\":\"https://track.customer.io\",\"region\":\"us\",\"environment_id\":" + envId + "}");
    assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(r.body().length()));
  }

  @Test
  void regionOfAnEuWorkspace() {
    assertThat(http.admin("PUT", "/__cio/workspaces/" + http.credentials().siteId() + "/settings", """
        {"region":"eu"}
        """).status()).isEqualTo(200);

    FakeHttp.Response r = http.track("GET", "/api/v1/accounts/region", null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("url").asText()).isEqualTo("https://track-eu.customer.io");
    assertThat(r.json().get("region").asText()).isEqualTo("eu");
  }

  @Test
  void eachWorkspaceHasItsOwnEnvironmentId() {
    FakeHttp other = http.as(server.newFake().credentials());

    int mine = http.track("GET", "/api/v1/accounts/region", null).json().get("environment_id").asInt();
    int theirs = other.track("GET", "/api/v1/accounts/region", null).json().get("environment_id").asInt();

    assertThat(mine).isNotEqualTo(theirs);
    assertThat(http.track("GET", "/api/v1/accounts/region", null).json().get("environment_id").asInt())
        .isEqualTo(mine);
  }

  @Test
  void regionWithoutCredentialsIsUnauthorized() {
    assertMetaError(http.send("GET", "/api/v1/accounts/region", null, Map.of()), 401,
        "Unauthorized request: send HTTP Basic auth with your site id and Track API key.");
  }

  @Test
  void regionWithAWrongKeyIsUnauthorized() {
    FakeHttp.Response r = http.send("GET", "/api/v1/accounts/region", null,
        Map.of("Authorization", FakeHttp.basic(http.credentials().siteId(), "not-the-key")));

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).doesNotContain("environment_id");
  }

  @Test
  void postOnRegionIsMethodNotAllowed() {
    assertErrors(http.track("POST", "/api/v1/accounts/region", "{}"), 405,
        "POST is not allowed on /api/v1/accounts/region; allowed: GET");
  }
}
