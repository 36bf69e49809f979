package dev.ciofake.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Connection faults really break the connection: the JDK's HTTP client throws an {@link IOException}, and a raw
 * socket sees what WireMock's fault sends (a reset, nothing, a cut chunk, garbage). Each is marked in the journal.
 */
class ChaosConnectionFaultTest extends ChaosTestBase {

  /** A fresh client per request, so a broken connection is never reused by another test. */
  private void javaClientFails() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/customers/f-1"))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", http.trackAuth())
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"email\":\"f@example.com\"}"))
        .build();
    assertThatThrownBy(() -> client.send(req, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  /** What a raw socket reads for one request (until EOF), or the exception that ended the read. */
  private record RawRead(byte[] bytes, IOException failure) {
    String text() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  private RawRead rawRequest() throws IOException {
    String body = "{\"email\":\"raw@example.com\"}";
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("PUT /api/v1/customers/f-raw HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: " + http.trackAuth() + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          got.write(buf, 0, n);
        }
      } catch (SocketException e) {
        return new RawRead(got.toByteArray(), e);
      }
      return new RawRead(got.toByteArray(), null);
    }
  }

  private void journalled(String ruleId, String fault, int requests) {
    assertThat(journal()).hasSize(requests).allSatisfy(e -> {
      assertThat(e.get("injected_fault").asText()).isEqualTo(ruleId + ": fault " + fault);
      assertThat(e.get("operation").asText()).isEqualTo("identify");
    });
    assertThat(http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/people", null).json()
        .get("people")).as("no state change").isEmpty();
    assertThat(pitfallIds()).isEmpty();
  }

  @Test
  void aConnectionResetResetsTheConnection() throws IOException {
    String id = addRule("{\"match\":{\"method\":\"PUT\"},\"effect\":{\"type\":\"fault\",\"fault\":\"connection_reset\"}}");

    javaClientFails();
    RawRead raw = rawRequest();

    assertThat(raw.bytes()).as("nothing but a reset: %s", raw.text()).isEmpty();
    assertThat(raw.failure()).as("the socket read ends with a reset (or, on some stacks, a bare EOF)")
        .satisfiesAnyOf(
            f -> assertThat(f).isInstanceOf(SocketException.class).hasMessageContaining("reset"),
            f -> assertThat(f).isNull());
    journalled(id, "connection_reset_by_peer", 2);
    assertThat(region().status()).as("other requests still work").isEqualTo(200);
  }

  @Test
  void anEmptyResponseClosesWithoutAByte() throws IOException {
    String id = addRule("{\"match\":{\"method\":\"PUT\"},\"effect\":{\"type\":\"fault\",\"fault\":\"empty_response\"}}");

    javaClientFails();
    RawRead raw = rawRequest();

    assertThat(raw.bytes()).as("no byte: %s", raw.text()).isEmpty();
    journalled(id, "empty_response", 2);
  }

  @Test
  void aMalformedChunkStartsA200AndCutsTheBody() throws IOException {
    String id = addRule("{\"match\":{\"method\":\"PUT\"},\"effect\":{\"type\":\"fault\",\"fault\":\"malformed_chunk\"}}");

    javaClientFails();
    RawRead raw = rawRequest();

    assertThat(raw.text()).startsWith("HTTP/1.1 200");
    assertThat(raw.text()).as("no complete chunked body: %s", raw.text()).doesNotEndWith("0\r\n\r\n");
    journalled(id, "malformed_response_chunk", 2);
  }

  @Test
  void randomDataIsNotHttp() throws IOException {
    String id = addRule("{\"match\":{\"method\":\"PUT\"},\"effect\":{\"type\":\"fault\",\"fault\":\"random_data\"}}");

    javaClientFails();
    RawRead raw = rawRequest();

    assertThat(raw.bytes()).isNotEmpty();
    assertThat(raw.text()).doesNotStartWith("HTTP/");
    journalled(id, "random_data_then_close", 2);
  }

  @Test
  void anUnknownFaultIsRefusedNamingTheField() {
    var r = http.admin("POST", "/__cio/chaos", "{\"effect\":{\"type\":\"fault\",\"fault\":\"meltdown\"}}");

    assertThat(r.status()).isEqualTo(400);
    JsonNode body = r.json();
    assertThat(body.get("error").asText()).contains("effect.fault").contains("meltdown");
  }
}
