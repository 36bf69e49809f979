package dev.ciofake.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.FakeClock;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.testing.Fakes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The edge answers most requests itself ({@code BodyGate}'s direct path) and hands the rest, the answers with a chaos
 * delay, a slow body or a fault, to WireMock's renderer. A client must not be able to tell the two apart: the same
 * requests, sent once down each path (a 1 ms chaos latency sends a request down WireMock's), give the same status
 * line, the same headers in the same order, and the same body, byte for byte (only the request id differs).
 */
class DirectPathTest {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().rateLimits(false)
      .maxBodyBytes(4096).clock(FakeClock.frozenAt(Instant.parse("2026-03-01T10:00:00Z"))).build());

  /** One request: its head lines after the request line's method and path, and its body. */
  private record Sent(String method, String path, List<String> headers, byte[] body) {}

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static Sent json(String method, String path, String auth, String body) {
    return new Sent(method, path, List.of("Authorization: " + auth, "Content-Type: application/json"),
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static List<Sent> requests(WorkspaceCredentials c) throws IOException {
    String track = basic(c.siteId(), c.trackApiKey());
    String app = "Bearer " + c.appApiKey();
    String pipelines = basic(c.pipelinesApiKey(), "");
    List<Sent> all = new ArrayList<>();
    all.add(json("PUT", "/api/v1/customers/ada", track, "{\"email\":\"ada@example.com\",\"plan\":\"pro\"}"));
    all.add(json("PUT", "/api/v1/customers/ada", track, "{\"email\":"));
    all.add(json("POST", "/api/v1/customers/ada/events", track, "{\"name\":\"purchase\",\"data\":{\"price\":3}}"));
    all.add(json("POST", "/api/v1/customers/ada/events", track, "{\"data\":{}}"));
    all.add(json("PUT", "/api/v1/nowhere", track, "{}"));
    all.add(json("PATCH", "/api/v1/customers/ada", track, "{}"));
    all.add(json("POST", "/api/v2/entity", track, "{\"type\":\"person\",\"identifiers\":{\"id\":\"ada\"},"
        + "\"action\":\"identify\",\"attributes\":{\"plan\":\"team\"}}"));
    all.add(json("POST", "/api/v2/entity", track, "{\"type\":\"person\",\"action\":\"identify\"}"));
    all.add(json("POST", "/api/v2/batch", track, "{\"batch\":[{\"type\":\"person\",\"identifiers\":{\"id\":\"ada\"},"
        + "\"action\":\"event\",\"name\":\"viewed\"}]}"));
    all.add(json("PUT", "/api/v1/customers/ada", track, "{\"big\":\"" + "x".repeat(5000) + "\"}"));
    all.add(new Sent("PUT", "/api/v1/customers/ada", List.of("Authorization: " + track,
        "Content-Type: application/json", "Content-Encoding: gzip"), gzip("{\"plan\":\"gzip\"}")));
    all.add(new Sent("PUT", "/api/v1/customers/ada", List.of("Authorization: " + track,
        "Content-Type: text/plain"), "plan=pro".getBytes(StandardCharsets.UTF_8)));
    all.add(json("GET", "/v1/customers/ada/attributes", app, null));
    all.add(json("GET", "/v1/customers/nobody/attributes", app, null));
    all.add(json("GET", "/v1/nowhere?x=%zz", app, null));
    all.add(json("POST", "/v1/send/email", app, "{\"to\":\"ada@example.com\"}"));
    all.add(new Sent("HEAD", "/v1/customers/ada/attributes", List.of("Authorization: " + app), new byte[0]));
    all.add(json("POST", "/v1/identify", pipelines, "{\"userId\":\"ada\",\"traits\":{\"plan\":\"pro\"}}"));
    all.add(json("POST", "/v1/batch", pipelines, "{\"batch\":[{\"type\":\"track\",\"userId\":\"ada\","
        + "\"event\":\"Viewed\"},{\"type\":\"nope\"}]}"));
    all.add(json("POST", "/v1/track", pipelines, "[1,2"));
    return all;
  }

  /** Sends one request on a new connection and returns the answer's head (minus the request id) and body. */
  private static String exchange(int port, Sent r) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      StringBuilder head = new StringBuilder(r.method() + " " + r.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      r.headers().forEach(h -> head.append(h).append("\r\n"));
      head.append("Content-Length: ").append(r.body().length).append("\r\nConnection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(r.body());
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      StringBuilder kept = new StringBuilder();
      for (String line : answer.split("\r\n", -1)) {
        if (!line.toLowerCase(Locale.ROOT).startsWith("x-cio-fake-request-id:")) {
          kept.append(line).append("\r\n");
        }
      }
      return kept.toString();
    }
  }

  @Test
  void bothPathsPutTheSameBytesOnTheWire(CioFake cio) throws IOException {
    List<Sent> sent = requests(cio.credentials());
    int port = java.net.URI.create(cio.baseUrl()).getPort();
    List<String> direct = new ArrayList<>();
    for (Sent r : sent) {
      direct.add(exchange(port, r));
    }
    cio.chaos().latency(Duration.ofMillis(1)).apply();
    List<String> rendered = new ArrayList<>();
    for (Sent r : sent) {
      rendered.add(exchange(port, r));
    }
    for (int i = 0; i < sent.size(); i++) {
      assertThat(rendered.get(i)).as(sent.get(i).method() + " " + sent.get(i).path()).isEqualTo(direct.get(i));
    }
    // the requests did take both paths: WireMock's carries its delay, and every answer was a real one
    assertThat(direct).allMatch(a -> a.startsWith("HTTP/1.1 ")).anyMatch(a -> a.startsWith("HTTP/1.1 200 "))
        .anyMatch(a -> a.startsWith("HTTP/1.1 400 ")).anyMatch(a -> a.startsWith("HTTP/1.1 404 "))
        .anyMatch(a -> a.startsWith("HTTP/1.1 413 "));
    String journal = exchange(port, new Sent("GET", "/__cio/requests?limit=1000", List.of(), new byte[0]));
    com.fasterxml.jackson.databind.JsonNode entries = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(journal.substring(journal.indexOf("\r\n\r\n") + 4)).path("requests");
    long delayed = 0;
    long plain = 0;
    for (com.fasterxml.jackson.databind.JsonNode e : entries) {
      if (e.path("injected_fault").isNull()) {
        plain++;
      } else {
        delayed++;
      }
    }
    assertThat(delayed).as("answers WireMock rendered with the chaos delay").isGreaterThanOrEqualTo(15);
    assertThat(plain).as("answers the edge wrote").isGreaterThanOrEqualTo(sent.size());
  }
}
