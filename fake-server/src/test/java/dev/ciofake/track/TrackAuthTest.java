package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertMetaError;
import static dev.ciofake.track.TrackAssertions.assertOk;
import static dev.ciofake.track.TrackAssertions.people;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Track v1 authentication (docs/customerio-facts.md 1.1): HTTP Basic site_id:track_api_key, 401 otherwise. */
class TrackAuthTest {
  /** Site and key whose "site:key" encodes with '+' and '/' in standard base64, so URL-safe differs. */
  private static final WorkspaceCredentials URL_SAFE = new WorkspaceCredentials("site~~~", "key???~~~", "app-key-urlsafe");

  private static CioFakeServer server;
  private static FakeHttp http;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.defaults());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    server = s;
    server.newFake(URL_SAFE);
    http = new FakeHttp(server);
  }

  private static FakeHttp.Response identifyWith(String authorization) {
    return http.send("PUT", "/api/v1/customers/42", """
        {"plan":"pro"}
        """, authorization == null ? Map.of() : Map.of("Authorization", authorization));
  }

  private static void assertUnauthorized(FakeHttp.Response r, String message) {
    assertMetaError(r, 401, message);
    assertThat(people(http)).isEmpty();
  }

  @Test
  void validBasicCredentialsAreAccepted() {
    assertOk(identifyWith(http.trackAuth()));
  }

  @Test
  void lowerCaseBasicSchemeIsAccepted() {
    String header = http.trackAuth().replace("Basic ", "basic ");

    assertOk(identifyWith(header));
  }

  @Test
  void missingCredentialsAreUnauthorized() {
    assertUnauthorized(identifyWith(null),
        "Unauthorized request: send HTTP Basic auth with your site id and Track API key.");
  }

  @Test
  void basicCredentialsThatAreNotBase64AreUnauthorized() {
    assertUnauthorized(identifyWith("Basic !!!not-base64!!!"),
        "Unauthorized request: the Basic credentials are not base64 of site_id:track_api_key.");
  }

  @Test
  void basicCredentialsWithoutAColonAreUnauthorized() {
    String noColon = Base64.getEncoder().encodeToString("justasiteid".getBytes(StandardCharsets.UTF_8));

    assertUnauthorized(identifyWith("Basic " + noColon),
        "Unauthorized request: the Basic credentials are not base64 of site_id:track_api_key.");
  }

  @Test
  void unsupportedSchemeIsUnauthorized() {
    assertUnauthorized(identifyWith("Digest username=\"x\""),
        "Unauthorized request: unsupported Authorization scheme 'Digest'; use HTTP Basic.");
  }

  @Test
  void wrongTrackKeyIsUnauthorized() {
    assertUnauthorized(identifyWith(FakeHttp.basic(http.credentials().siteId(), "wrong-key")),
        "Unauthorized request: wrong Track API key for site id 'cio-fake-site'.");
  }

  @Test
  void unknownSiteIsUnauthorized() {
    assertUnauthorized(identifyWith(FakeHttp.basic("no-such-site", http.credentials().trackApiKey())),
        "Unauthorized request: unknown site id 'no-such-site'.");
  }

  @Test
  void appKeyAsBasicPasswordIsUnauthorized() {
    assertUnauthorized(identifyWith(FakeHttp.basic(http.credentials().siteId(), http.credentials().appApiKey())),
        "Unauthorized request: the password is an App API key; the Track API needs the workspace's Track API key.");
  }

  @Test
  void appKeyAsBearerTokenIsUnauthorized() {
    assertUnauthorized(identifyWith(http.appAuth()),
        "Unauthorized request: the Track API takes HTTP Basic site_id:track_api_key; "
            + "this request sent an App API key as a Bearer token.");
  }

  @Test
  void unknownBearerTokenIsUnauthorized() {
    assertUnauthorized(identifyWith("Bearer something"),
        "Unauthorized request: the Track API takes HTTP Basic site_id:track_api_key, not a Bearer token.");
  }

  @Test
  void trackKeyOfAnotherWorkspaceIsUnauthorized() {
    assertUnauthorized(identifyWith(FakeHttp.basic(http.credentials().siteId(), URL_SAFE.trackApiKey())),
        "Unauthorized request: wrong Track API key for site id 'cio-fake-site'.");
  }

  @Test
  void unauthorizedResponseNeverEchoesTheKey() {
    FakeHttp.Response r = identifyWith(FakeHttp.basic(http.credentials().siteId(), "s3cr3t-wrong-key"));

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).doesNotContain("s3cr3t-wrong-key").doesNotContain(http.credentials().trackApiKey());
  }

  @Test
  void urlSafeBase64AsTheGoClientSendsItIsAccepted() {
    byte[] raw = (URL_SAFE.siteId() + ":" + URL_SAFE.trackApiKey()).getBytes(StandardCharsets.UTF_8);
    String standard = Base64.getEncoder().encodeToString(raw);
    String urlSafe = Base64.getUrlEncoder().encodeToString(raw);
    assertThat(standard).containsAnyOf("+", "/");
    assertThat(urlSafe).isNotEqualTo(standard);
    FakeHttp goClient = http.as(URL_SAFE);

    assertOk(goClient.send("PUT", "/api/v1/customers/42", "{}", Map.of("Authorization", "Basic " + urlSafe)));
    assertOk(goClient.send("PUT", "/api/v1/customers/43", "{}", Map.of("Authorization", "Basic " + standard)));

    assertThat(people(goClient)).hasSize(2);
    assertThat(people(http)).isEmpty();
  }

  @Test
  void unpaddedBase64IsAccepted() {
    String unpadded = Base64.getEncoder().withoutPadding().encodeToString(
        (http.credentials().siteId() + ":" + http.credentials().trackApiKey()).getBytes(StandardCharsets.UTF_8));

    assertOk(identifyWith("Basic " + unpadded));
  }

  @Test
  void authenticationIsCheckedBeforeTheBody() {
    FakeHttp.Response r = http.send("POST", "/api/v1/customers/42/events", "{not json", Map.of());

    assertMetaError(r, 401, "Unauthorized request: send HTTP Basic auth with your site id and Track API key.");
  }

  static Stream<Arguments> authenticatedEndpoints() {
    return Stream.of(
        Arguments.of("GET", "/api/v1/accounts/region", null),
        Arguments.of("PUT", "/api/v1/customers/42", "{}"),
        Arguments.of("DELETE", "/api/v1/customers/42", null),
        Arguments.of("PUT", "/api/v1/customers/42/devices", "{\"device\":{\"id\":\"t\",\"platform\":\"ios\"}}"),
        Arguments.of("DELETE", "/api/v1/customers/42/devices/t", null),
        Arguments.of("POST", "/api/v1/customers/42/suppress", null),
        Arguments.of("POST", "/api/v1/customers/42/unsuppress", null),
        Arguments.of("POST", "/api/v1/customers/42/events", "{\"name\":\"x\"}"),
        Arguments.of("POST", "/api/v1/events", "{\"name\":\"x\",\"anonymous_id\":\"a\"}"),
        Arguments.of("POST", "/api/v1/merge_customers", "{\"primary\":{\"id\":\"1\"},\"secondary\":{\"id\":\"2\"}}"),
        Arguments.of("POST", "/api/v1/segments/7/add_customers", "{\"ids\":[\"42\"]}"),
        Arguments.of("POST", "/api/v1/segments/7/remove_customers", "{\"ids\":[\"42\"]}"),
        Arguments.of("POST", "/api/v1/forms/f/submit", "{\"data\":{\"id\":\"42\"}}"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("authenticatedEndpoints")
  void everyAuthenticatedEndpointRejectsMissingCredentials(String method, String path, String body) {
    FakeHttp.Response r = http.send(method, path, body, Map.of());

    assertMetaError(r, 401, "Unauthorized request: send HTTP Basic auth with your site id and Track API key.");
    assertThat(r.header("Status")).isEqualTo("401 Unauthorized");
    assertThat(people(http)).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("authenticatedEndpoints")
  void everyAuthenticatedEndpointRejectsAnAppKey(String method, String path, String body) {
    FakeHttp.Response r = http.send(method, path, body,
        Map.of("Authorization", FakeHttp.basic(http.credentials().siteId(), http.credentials().appApiKey())));

    assertThat(r.status()).isEqualTo(401);
    assertThat(people(http)).isEmpty();
  }

  static Stream<Arguments> openEndpoints() {
    return Stream.of(
        Arguments.of("/api/v1/metrics", "{\"delivery_id\":\"d\",\"metric\":\"opened\"}"),
        Arguments.of("/api/v1/push/events", "{\"delivery_id\":\"d\",\"event\":\"opened\"}"),
        Arguments.of("/push/events", "{\"delivery_id\":\"d\",\"event\":\"opened\"}"),
        Arguments.of("/unsubscribe/d", "{\"unsubscribe\":true}"));
  }

  @ParameterizedTest(name = "POST {0}")
  @MethodSource("openEndpoints")
  void openEndpointsNeedNoCredentials(String path, String body) {
    assertOk(http.send("POST", path, body, Map.of()));
  }
}
