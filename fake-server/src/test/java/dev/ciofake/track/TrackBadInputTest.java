package dev.ciofake.track;

import static dev.ciofake.track.TrackAssertions.assertBadRequest;
import static dev.ciofake.track.TrackAssertions.assertErrors;
import static dev.ciofake.track.TrackAssertions.assertOk;
import static dev.ciofake.track.TrackAssertions.assertTrackHeaders;
import static dev.ciofake.track.TrackAssertions.events;
import static dev.ciofake.track.TrackAssertions.people;
import static dev.ciofake.track.TrackAssertions.person;
import static dev.ciofake.track.TrackAssertions.rawHttp;
import static dev.ciofake.track.TrackAssertions.rawStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.FakeHttp;
import dev.ciofake.testing.Fakes;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input on every Track v1 endpoint that takes a body: it always gets a 4xx in the endpoint's error shape,
 * never a 500 or a stack trace. Also broken paths, unknown paths and wrong methods.
 */
class TrackBadInputTest {
  private static final int MAX_BODY = dev.ciofake.CioFakeOptions.DEFAULT_MAX_BODY_BYTES;

  private static CioFakeServer server;
  private static FakeHttp http;

  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.defaults());

  @BeforeAll
  static void bindTheFake(CioFakeServer s) {
    server = s;
    http = new FakeHttp(server);
  }

  /** Every Track v1 endpoint with a body: method, path, whether it needs credentials, whether the body is required. */
  static Stream<Arguments> bodyEndpoints() {
    return Stream.of(
        Arguments.of("PUT", "/api/v1/customers/42", true, false),
        Arguments.of("PUT", "/api/v1/customers/42/devices", true, true),
        Arguments.of("POST", "/api/v1/customers/42/suppress", true, false),
        Arguments.of("POST", "/api/v1/customers/42/unsuppress", true, false),
        Arguments.of("POST", "/api/v1/customers/42/events", true, true),
        Arguments.of("POST", "/api/v1/events", true, true),
        Arguments.of("POST", "/api/v1/merge_customers", true, true),
        Arguments.of("POST", "/api/v1/segments/7/add_customers", true, true),
        Arguments.of("POST", "/api/v1/segments/7/remove_customers?id_type=email", true, true),
        Arguments.of("POST", "/api/v1/forms/f1/submit", true, true),
        Arguments.of("POST", "/api/v1/metrics", false, true),
        // the document requires no field of these bodies: an empty one is accepted (TrackContractTest)
        Arguments.of("POST", "/api/v1/push/events", false, false),
        Arguments.of("POST", "/push/events", false, false),
        Arguments.of("POST", "/unsubscribe/dlv_1", false, false));
  }

  static Stream<Arguments> requiredBodyEndpoints() {
    return bodyEndpoints().filter(a -> (Boolean) a.get()[3]);
  }

  private static FakeHttp.Response send(String method, String path, boolean auth, byte[] body, String contentType) {
    Map<String, String> headers = new HashMap<>();
    if (auth) {
      headers.put("Authorization", http.trackAuth());
    }
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    return http.raw(method, path, body, headers);
  }

  private static FakeHttp.Response sendJson(String method, String path, boolean auth, String body) {
    return send(method, path, auth, body.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  /** The single message of a Track error, in either shape ({@code meta.errors[0]} or merge's {@code meta.error}). */
  private static String onlyMessage(FakeHttp.Response r) {
    assertTrackHeaders(r);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").endsWith("}\n");
    JsonNode meta = r.json().get("meta");
    if (meta.has("error")) {
      return meta.get("error").asText();
    }
    assertThat(meta.get("errors")).hasSize(1);
    return meta.get("errors").get(0).asText();
  }

  private static void assertNothingStored() {
    assertThat(people(http)).isEmpty();
    assertThat(events(http)).isEmpty();
  }

  // ---------------------------------------------------------------- body problems on every endpoint

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("bodyEndpoints")
  void malformedJsonIsA400(String method, String path, boolean auth, boolean required) {
    FakeHttp.Response r = sendJson(method, path, auth, "{\"name\": \"x\",");

    assertThat(r.status()).isEqualTo(400);
    assertThat(onlyMessage(r)).startsWith("request body is not valid JSON: ");
    assertNothingStored();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("bodyEndpoints")
  void jsonArrayBodyIsA400(String method, String path, boolean auth, boolean required) {
    FakeHttp.Response r = sendJson(method, path, auth, "[{\"name\":\"x\"}]");

    assertThat(r.status()).isEqualTo(400);
    assertThat(onlyMessage(r)).isEqualTo("request body must be a JSON object, got an array");
    assertNothingStored();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("bodyEndpoints")
  void jsonScalarBodyIsA400(String method, String path, boolean auth, boolean required) {
    FakeHttp.Response r = sendJson(method, path, auth, "\"hello\"");

    assertThat(r.status()).isEqualTo(400);
    assertThat(onlyMessage(r)).isEqualTo("request body must be a JSON object, got a string");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("bodyEndpoints")
  void textPlainBodyIsA415(String method, String path, boolean auth, boolean required) {
    boolean unsubscribe = path.startsWith("/unsubscribe");
    String expected = unsubscribe
        ? "unsupported Content-Type 'text/plain': this endpoint requires Content-Type: application/json"
        : "unsupported Content-Type 'text/plain': send the body as JSON with Content-Type: application/json";

    FakeHttp.Response r = send(method, path, auth, "{}".getBytes(StandardCharsets.UTF_8), "text/plain");

    // /unsubscribe documents its Content-Type requirement and 400: it answers that, not 415
    assertThat(r.status()).isEqualTo(unsubscribe ? 400 : 415);
    assertThat(onlyMessage(r)).isEqualTo(expected);
    assertNothingStored();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("bodyEndpoints")
  void invalidUtf8IsA400(String method, String path, boolean auth, boolean required) {
    byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    FakeHttp.Response r = send(method, path, auth, body, "application/json");

    assertThat(r.status()).isEqualTo(400);
    assertThat(onlyMessage(r)).isEqualTo("request body is not valid UTF-8: send the body encoded as UTF-8");
    assertNothingStored();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("bodyEndpoints")
  void bodyOverTheServerLimitIsA413(String method, String path, boolean auth, boolean required) {
    byte[] body = ("{}" + " ".repeat(MAX_BODY - 1)).getBytes(StandardCharsets.UTF_8);

    FakeHttp.Response r = send(method, path, auth, body, "application/json");

    assertThat(r.status()).isEqualTo(413);
    assertThat(onlyMessage(r)).isEqualTo("request body is " + (MAX_BODY + 1) + " bytes; the largest accepted is " + MAX_BODY + " bytes");
    assertThat(r.header("Status")).isEqualTo("413 Payload Too Large");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("requiredBodyEndpoints")
  void emptyBodyIsA400WhereABodyIsRequired(String method, String path, boolean auth, boolean required) {
    FakeHttp.Response r = send(method, path, auth, new byte[0], "application/json");

    assertThat(r.status()).isEqualTo(400);
    assertThat(onlyMessage(r)).isEqualTo("request body is required: send a JSON object");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("requiredBodyEndpoints")
  void whitespaceOnlyBodyIsA400WhereABodyIsRequired(String method, String path, boolean auth, boolean required) {
    FakeHttp.Response r = sendJson(method, path, auth, " \n\t ");

    assertThat(r.status()).isEqualTo(400);
    assertThat(onlyMessage(r)).isEqualTo("request body is required: send a JSON object");
  }

  @Test
  void bodyOfExactlyTheServerLimitIsAccepted() {
    String json = "{\"plan\":\"pro\"}";
    byte[] body = (json + " ".repeat(MAX_BODY - json.length())).getBytes(StandardCharsets.UTF_8);
    assertThat(body).hasSize(MAX_BODY);

    assertOk(send("PUT", "/api/v1/customers/42", true, body, "application/json"));

    assertThat(person(http, "42").at("/attributes/plan").asText()).isEqualTo("pro");
  }

  @Test
  void malformedJsonNamesTheProblemAndPosition() {
    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/42", "{\"plan\": pro}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(onlyMessage(r)).startsWith("request body is not valid JSON: Unrecognized token 'pro'")
        .endsWith("(line 1, column 14)");
  }

  @Test
  void trailingGarbageAfterTheObjectIsA400() {
    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/42", "{\"plan\":\"pro\"} {\"plan\":\"team\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(onlyMessage(r)).startsWith("request body is not valid JSON: ");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void absurdlyDeepNestingIsA400NotAStackOverflow() {
    String deep = "{\"data\":" + "[".repeat(5000) + "]".repeat(5000) + ",\"name\":\"x\"}";

    FakeHttp.Response r = http.track("POST", "/api/v1/customers/42/events", deep);

    assertThat(r.status()).isEqualTo(400);
    assertThat(onlyMessage(r)).startsWith("request body is not valid JSON: ");
  }

  @Test
  void jsonWithByteOrderMarkIsNeverA500() {
    byte[] json = "{\"plan\":\"pro\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[json.length + 3];
    body[0] = (byte) 0xEF;
    body[1] = (byte) 0xBB;
    body[2] = (byte) 0xBF;
    System.arraycopy(json, 0, body, 3, json.length);

    FakeHttp.Response r = send("PUT", "/api/v1/customers/42", true, body, "application/json");

    assertThat(r.status()).isIn(200, 400);
    assertTrackHeaders(r);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"name\":\"x\",\"data\":{\"s\":\"\\ud800\"}}",
      "{\"name\":\"\\ud800\"}",
      "{\"name\":\"x\\u0000y\"}",
      "{\"name\":\"x\",\"timestamp\":1e400}",
      "{\"name\":\"x\",\"timestamp\":123456789012345678901234567890}",
      "{\"name\":\"x\",\"timestamp\":-1}",
      "{\"name\":\"x\",\"data\":{\"a\":{\"b\":{\"c\":[null,true,1.5e-300]}}}}",
      "{\"name\":null}",
      "{\"name\":\"x\",\"name\":\"y\"}"})
  void oddButParsableEventsNeverGiveA500(String body) {
    FakeHttp.Response r = http.track("POST", "/api/v1/customers/42/events", body);

    assertThat(r.status()).as("%s -> %s", body, r).isIn(200, 400);
    assertTrackHeaders(r);
    assertThat(r.body()).doesNotContain("internal error");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"nested\":{\"s\":\"\\udc00\"}}",
      "{\"bio\":\"\\ud83d\"}",
      "{\"created_at\":123456789012345678901234567890}",
      "{\"created_at\":1.7e9}",
      "{\"created_at\":\"soon\"}",
      "{\"_timestamp\":1e400}",
      "{\"id\":null}",
      "{\"email\":null}",
      "{\"cio_relationships\":{\"relationships\":\"x\"}}"})
  void oddButParsableIdentifiesNeverGiveA500(String body) {
    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/42", body);

    assertThat(r.status()).as("%s -> %s", body, r).isIn(200, 400);
    assertTrackHeaders(r);
    assertThat(r.body()).doesNotContain("internal error");
  }

  // ---------------------------------------------------------------- content types

  @Test
  void formUrlEncodedBodyAsCurlSendsItIsA415() {
    FakeHttp.Response r = send("PUT", "/api/v1/customers/42", true, "plan=pro".getBytes(StandardCharsets.UTF_8),
        "application/x-www-form-urlencoded");

    assertErrors(r, 415, "unsupported Content-Type 'application/x-www-form-urlencoded': "
        + "send the body as JSON with Content-Type: application/json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json; charset=utf-8", "Application/JSON", "application/vnd.api+json"})
  void jsonContentTypeVariantsAreAccepted(String contentType) {
    assertOk(send("PUT", "/api/v1/customers/42", true, "{\"plan\":\"pro\"}".getBytes(StandardCharsets.UTF_8),
        contentType));
  }

  @Test
  void jsonBodyWithoutContentTypeIsAcceptedOnTrackEndpoints() {
    assertOk(send("PUT", "/api/v1/customers/42", true, "{\"plan\":\"pro\"}".getBytes(StandardCharsets.UTF_8), null));

    assertThat(person(http, "42").at("/attributes/plan").asText()).isEqualTo("pro");
  }

  // ---------------------------------------------------------------- paths and methods

  @Test
  void brokenPercentEscapeInThePathIsA400WithoutAStackTrace() {
    String response = rawHttp(server.port(), "PUT /api/v1/customers/%zz HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: " + http.trackAuth() + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
        + "Connection: close\r\n\r\n{}");

    assertThat(rawStatus(response)).isEqualTo(400);
    assertThat(response).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void truncatedPercentEscapeInThePathIsA400() {
    String response = rawHttp(server.port(), "DELETE /api/v1/customers/abc%4 HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: " + http.trackAuth() + "\r\nConnection: close\r\n\r\n");

    assertThat(rawStatus(response)).isEqualTo(400);
    assertThat(response).doesNotContain("Exception");
  }

  @Test
  void percentEscapesThatAreNotUtf8AreA400InTheTrackShape() {
    assertBadRequest(http.track("PUT", "/api/v1/customers/a%C3%28", "{}"),
        "percent-escapes in 'a%C3%28' are not valid UTF-8");
    assertThat(people(http)).isEmpty();
  }

  @Test
  void unknownTrackPathIsA404InTheTrackShape() {
    FakeHttp.Response r = http.track("GET", "/api/v1/nope", null);

    assertErrors(r, 404, "no Track API endpoint GET /api/v1/nope");
    assertThat(r.header("Status")).isEqualTo("404 Not Found");
  }

  @Test
  void unknownSubresourceOfACustomerIsA404() {
    assertErrors(http.track("POST", "/api/v1/customers/42/attributes", "{}"), 404,
        "no Track API endpoint POST /api/v1/customers/42/attributes");
  }

  @Test
  void pathOutsideEveryApiIsA404() {
    assertErrors(http.track("GET", "/favicon.ico", null), 404, "no Track API endpoint GET /favicon.ico");
  }

  @Test
  void unknownPathWithoutCredentialsIsStillA404() {
    assertThat(http.send("GET", "/api/v1/nope", null, Map.of()).status()).isEqualTo(404);
  }

  @Test
  void wrongMethodIsA405ListingTheAllowedOnes() {
    FakeHttp.Response r = http.track("PATCH", "/api/v1/customers/42", "{}");

    assertErrors(r, 405, "PATCH is not allowed on /api/v1/customers/42; allowed: PUT, DELETE");
    assertThat(r.header("Status")).isEqualTo("405 Method Not Allowed");
  }

  @Test
  void wrongMethodOnMergeIsA405() {
    assertErrors(http.track("PUT", "/api/v1/merge_customers", "{}"), 405,
        "PUT is not allowed on /api/v1/merge_customers; allowed: POST");
  }

  @Test
  void wrongMethodOnUnsubscribeIsA405() {
    assertErrors(http.send("GET", "/unsubscribe/dlv_1", null, Map.of()), 405,
        "GET is not allowed on /unsubscribe/dlv_1; allowed: POST");
  }

  @Test
  void trailingSlashIsTolerated() {
    assertOk(http.track("PUT", "/api/v1/customers/42/", "{}"));

    assertThat(people(http)).hasSize(1);
  }
}
