package dev.ciofake.track;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.testing.FakeHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Assertions and small helpers shared by the Track API v1 tests: the exact success response, the exact
 * pretty-printed error bodies, the admin API reads, and a raw socket for requests the JDK client will not send.
 */
final class TrackAssertions {
  static final String JSON_UTF8 = "application/json; charset=utf-8";
  static final String NO_CACHE = "no-cache, no-store, must-revalidate, max-age=0";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TrackAssertions() {}

  /** The live success response: 200, body {@code {}} (plus Go's newline: content-length 3) and the real headers. */
  static void assertOk(FakeHttp.Response r) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}\n");
    assertThat(r.json().isObject() && r.json().isEmpty()).isTrue();
    assertTrackHeaders(r);
    assertThat(r.header("Content-Length")).isEqualTo("3");
  }

  /** Headers every Track response carries. */
  static void assertTrackHeaders(FakeHttp.Response r) {
    assertThat(r.header("Content-Type")).isEqualTo(JSON_UTF8);
    assertThat(r.header("Cache-Control")).isEqualTo(NO_CACHE);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
  }

  /** A Track v1 error: the status and exactly these messages in the pretty {@code meta.errors} body. */
  static void assertErrors(FakeHttp.Response r, int status, String... messages) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertTrackHeaders(r);
    assertThat(r.body()).isEqualTo(metaErrors(messages));
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** A 400 with exactly these messages. */
  static void assertBadRequest(FakeHttp.Response r, String... messages) {
    assertErrors(r, 400, messages);
  }

  /** A merge_customers error: the status and the pretty {@code {"meta":{"error":"..."}}} body. */
  static void assertMetaError(FakeHttp.Response r, int status, String message) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertTrackHeaders(r);
    assertThat(r.body()).isEqualTo("{\n  \"meta\": {\n    \"error\": " + quote(message) + "\n  }\n}\n");
  }

  /** The pretty body the real Track API writes for validation errors. */
  static String metaErrors(String... messages) {
    StringBuilder sb = new StringBuilder("{\n  \"meta\": {\n    \"errors\": [\n");
    for (int i = 0; i < messages.length; i++) {
      sb.append("      ").append(quote(messages[i])).append(i + 1 < messages.length ? ",\n" : "\n");
    }
    return sb.append("    ]\n  }\n}\n").toString();
  }

  static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- admin API reads

  static JsonNode people(FakeHttp http) {
    FakeHttp.Response r = http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/people", null);
    assertThat(r.status()).isEqualTo(200);
    return r.json().get("people");
  }

  /** The person, or fails when the admin API does not know them. */
  static JsonNode person(FakeHttp http, String encodedIdentifier) {
    FakeHttp.Response r = personResponse(http, encodedIdentifier);
    assertThat(r.status()).as("person %s: %s", encodedIdentifier, r).isEqualTo(200);
    return r.json();
  }

  static FakeHttp.Response personResponse(FakeHttp http, String encodedIdentifier) {
    return http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/people/" + encodedIdentifier,
        null);
  }

  static void assertNoPerson(FakeHttp http, String encodedIdentifier) {
    assertThat(personResponse(http, encodedIdentifier).status()).isEqualTo(404);
  }

  static JsonNode events(FakeHttp http) {
    return events(http, "");
  }

  /** Stored events, oldest first; {@code query} like {@code ?person=42} or empty. */
  static JsonNode events(FakeHttp http, String query) {
    FakeHttp.Response r = http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/events" + query,
        null);
    assertThat(r.status()).isEqualTo(200);
    return r.json().get("events");
  }

  static JsonNode deliveryMetrics(FakeHttp http) {
    FakeHttp.Response r = http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/metrics", null);
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  // ---------------------------------------------------------------- JSON builders

  /** {@code "prefix0":"v","prefix1":"v",...} without braces. */
  static String attributes(String prefix, int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"').append(prefix).append(i).append("\":\"v\"");
    }
    return sb.toString();
  }

  static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  // ---------------------------------------------------------------- raw HTTP

  /** Sends bytes as they are (the JDK client refuses a path like {@code %zz}) and returns the raw response. */
  static String rawHttp(int port, String request) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The status code of a raw HTTP response. */
  static int rawStatus(String response) {
    return Integer.parseInt(response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4));
  }
}
