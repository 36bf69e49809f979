package dev.ciofake.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import dev.ciofake.WorkspaceCredentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every Track API request the official Node client sent, byte for byte in method, path, query, headers
 * and body, and requires the fake to accept each one: a strict fake must never reject what the real client
 * really sends.
 *
 * <h2>Where the requests come from</h2>
 *
 * {@code src/test/resources/customerio-node/customerio-node-capture.jsonl} holds 237 requests recorded from
 * {@code customerio-node} 5.2.0 (npm, latest): a probe pointed its three clients at local recording servers (roles
 * {@code track}, {@code api}, {@code cdp}), called every public method once, then ran error and retry scenarios (401,
 * 404, 429 with and without {@code Retry-After}, 500, non-JSON bodies, a redirect, a timeout). The probe script is not
 * part of the repository; to refresh, record the same way against the pinned client and replace the file. The
 * recording and what it showed are described in docs/customerio-facts.md 6.1. Each line carries {@code scenario},
 * {@code call}, {@code role}, {@code method}, {@code path}, {@code raw_path} (query included), {@code query},
 * {@code headers}, {@code body} and {@code reply_status}. The probe redacted the key
 * ({@code Basic site_probe_123:[redacted]}), so this test serves the site id {@code site_probe_123} with keys of its
 * own and sends them instead.
 *
 * <p>{@code reply_status} is what the probe's recording server answered (it forced 401, 429, 500 and redirects to
 * watch the client's error handling); every request body in the file is itself valid, so every one must get a 2xx
 * here. Lines under {@code /api/v2/} are skipped, not failed, while the fake answers 404 there: Track v2 arrives with
 * issue 3.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeClientTrackReplayTest {
  private static final String CAPTURE = "customerio-node/customerio-node-capture.jsonl";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final WorkspaceCredentials PROBE =
      new WorkspaceCredentials("site_probe_123", "probe-track-key-6d0c93a1", "probe-app-key-f27b4e85");
  /** Headers the HTTP client sets itself (and may not be given), plus the redacted credentials. */
  private static final Set<String> DROPPED_HEADERS = Set.of("host", "content-length", "authorization", "connection");
  private static final Set<String> CLIENT_FAULTS = Set.of("invalid-request", "wrong-api-key", "millisecond-timestamp");
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  private static CioFakeServer cio;
  /** Request ids (from {@code X-CIO-Fake-Request-Id}) of replayed lines, accepted or skipped. */
  private static final Set<String> replayed = ConcurrentHashMap.newKeySet();
  private static final Set<String> skipped = ConcurrentHashMap.newKeySet();

  /** One captured request. */
  record Captured(int line, String scenario, String call, String method, String rawPath, Map<String, String> headers,
      JsonNode body) {
    @Override
    public String toString() {
      return scenario + " " + call + " (line " + line + ")";
    }
  }

  @BeforeAll
  static void start() {
    cio = CioFakeServer.start(CioFakeOptions.builder().workspace(PROBE).build());
  }

  @AfterAll
  static void stop() {
    if (cio != null) {
      cio.close();
    }
  }

  static Stream<Captured> trackRequests() {
    return capture().stream();
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("trackRequests")
  void theFakeAcceptsWhatTheNodeClientSends(Captured c) throws IOException, InterruptedException {
    HttpResponse<String> r = replay(c);
    String requestId = r.headers().firstValue("X-CIO-Fake-Request-Id").orElse(null);
    assertThat(requestId).as("every answer carries the fake's request id").isNotBlank();

    if (c.rawPath().startsWith("/api/v2/") && r.statusCode() == 404) {
      skipped.add(requestId);
      Assumptions.abort("Track v2 (" + c.method() + " " + c.rawPath() + ") is not modelled yet: it arrives with "
          + "issue 3; the fake answered 404 " + r.body());
    }
    replayed.add(requestId);
    assertThat(r.statusCode())
        .as("%s %s with body %s was answered %s: a false rejection of the official client's traffic",
            c.method(), c.rawPath(), c.body(), r.body())
        .isBetween(200, 299);
  }

  @Order(2)
  @Test
  void noClientFaultWasRecordedForTheReplayedTraffic() {
    assertThat(replayed.size() + skipped.size())
        .as("this check follows the replay: run the whole class")
        .isEqualTo(capture().size());
    assertThat(replayed).as("most of the capture is Track v1, which the fake serves").hasSizeGreaterThan(40);

    List<Pitfall> faults = cio.pitfalls().stream()
        .filter(p -> CLIENT_FAULTS.contains(p.id()))
        .filter(p -> !skipped.contains(p.requestId()))
        .toList();
    assertThat(faults).as("pitfalls that would blame the official client for valid requests").isEmpty();
  }

  @Test
  void theCaptureHoldsTheTrackTrafficOfEveryTrackClientMethod() {
    List<Captured> lines = capture();
    assertThat(lines).hasSize(47);
    assertThat(lines.stream().map(Captured::call).distinct()).contains("identify", "track", "trackAnonymous",
        "trackPageView", "trackPush", "addDevice", "deleteDevice", "suppress", "unsuppress", "destroy",
        "mergeCustomers", "batch", "getAccountRegion", "entity", "addCustomersToSegment",
        "removeCustomersFromSegment", "submitForm", "reportMetric", "unsubscribe");
    assertThat(lines).allSatisfy(c -> assertThat(c.headers()).containsEntry("user-agent",
        "Customer.io Node Client/5.2.0"));
  }

  // ---------------------------------------------------------------- helpers

  private static HttpResponse<String> replay(Captured c) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cio.baseUrl() + c.rawPath()))
        .timeout(Duration.ofSeconds(10));
    c.headers().forEach((name, value) -> {
      if (!DROPPED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        b.header(name, value);
      }
    });
    b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
        (PROBE.siteId() + ":" + PROBE.trackApiKey()).getBytes(StandardCharsets.UTF_8)));
    b.method(c.method(), c.body() == null || c.body().isNull() ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(c.body())));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static volatile List<Captured> capture;

  /** The lines with role {@code track}, in the order the client sent them (state builds up as it did). */
  private static List<Captured> capture() {
    if (capture != null) {
      return capture;
    }
    List<Captured> out = new ArrayList<>();
    try (InputStream in = NodeClientTrackReplayTest.class.getClassLoader().getResourceAsStream(CAPTURE)) {
      assertThat(in).as("classpath resource %s", CAPTURE).isNotNull();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int n = 0;
      for (String text = r.readLine(); text != null; text = r.readLine()) {
        n++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode j = MAPPER.readTree(text);
        if (!"track".equals(j.path("role").asText())) {
          continue;
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> h : j.path("headers").properties()) {
          headers.put(h.getKey(), h.getValue().asText());
        }
        out.add(new Captured(n, j.get("scenario").asText(), j.get("call").asText(), j.get("method").asText(),
            j.get("raw_path").asText(), headers, j.get("body")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    capture = List.copyOf(out);
    return capture;
  }
}
