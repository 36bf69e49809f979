package dev.ciofake.contract;

import dev.ciofake.RateClass;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.RateLimit;
import dev.ciofake.WorkspaceCredentials;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays what the official Node client (customerio-node 5.2.0) sent to the App API, as captured by the probe in
 * {@code customerio-node/customerio-node-capture.jsonl}, against the fake: method, raw path, the client's own
 * headers and body, with this workspace's App key.
 *
 * <p>The fake models every App call the client makes: none may get the fake's "does not model" 404. The capture is
 * the probe's own sequence (it deletes segment 7 and newsletter 21 halfway, and asks for export 55, trigger 99 and
 * Design Studio items it never created), so with the workspace of {@code workspaces/node-app-api.yaml} every answer
 * is a 2xx or a 400/404 in the App error shape saying what is wrong with that request in this workspace: never a
 * 5xx, a 405 or a rejection of the client's own headers. {@link NodeClientAppApiTest} runs the client itself, with
 * arguments that fit the workspace, and checks every body against its schema.
 */
class NodeClientAppReplayTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CAPTURE = "/customerio-node/customerio-node-capture.jsonl";
  private static final Set<String> DROPPED_HEADERS = Set.of("host", "content-length", "authorization", "connection");
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final Pattern TRIGGER = Pattern.compile("/v1/(api/)?campaigns/[^/]+/triggers");

  private static CioFakeServer server;
  private static WorkspaceCredentials ws;
  private static List<JsonNode> apiLines;

  @BeforeAll
  static void start() throws IOException {
    String workspace;
    try (InputStream in = NodeClientAppReplayTest.class.getResourceAsStream("/workspaces/node-app-api.yaml")) {
      workspace = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    server = CioFakeServer.start(CioFakeOptions.builder()
        .workspaceFile(workspace)
        .rateLimit(RateClass.BROADCAST, RateLimit.perSecond(1000))
        .rateLimit(RateClass.APP, RateLimit.perSecond(1000))
        .rateLimit(RateClass.TRANSACTIONAL, RateLimit.perSecond(1000))
        .build());
    ws = server.fake().credentials();
    apiLines = new ArrayList<>();
    try (InputStream in = NodeClientAppReplayTest.class.getResourceAsStream(CAPTURE)) {
      assertThat(in).as("capture %s on the test classpath", CAPTURE).isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = MAPPER.readTree(line);
        if (n.path("role").asText().equals("api")) {
          apiLines.add(n);
        }
      }
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---------------------------------------------------------------- HTTP

  /** A response with its body decoded (the client asks for gzip, so the fake may compress). */
  record Reply(int status, String body, Map<String, List<String>> headers) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private static Reply send(String method, String rawPathAndQuery, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + rawPathAndQuery))
        .timeout(Duration.ofSeconds(10));
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      String encoding = r.headers().firstValue("Content-Encoding").orElse("").toLowerCase(Locale.ROOT);
      byte[] raw = r.body();
      InputStream in = new ByteArrayInputStream(raw);
      if (encoding.equals("gzip")) {
        in = new GZIPInputStream(in);
      } else if (encoding.equals("deflate")) {
        in = new InflaterInputStream(in);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return new Reply(r.statusCode(), out.toString(StandardCharsets.UTF_8), r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Replays one capture line: its method, raw path, headers (minus hop and auth headers) and body, with our key. */
  private static Reply replay(JsonNode line) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = line.get("headers").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> h = it.next();
      if (!DROPPED_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        headers.put(h.getKey(), h.getValue().asText());
      }
    }
    headers.put("Authorization", "Bearer " + ws.appApiKey());
    JsonNode body = line.get("body");
    byte[] bytes = null;
    if (body != null && !body.isNull()) {
      if (body.isObject() && body.has("multipart")) {
        // createAsset: the parts were parsed and the boundary masked; a one-part form of our own stands in.
        String boundary = "replayboundary";
        headers.put("content-type", "multipart/form-data; boundary=" + boundary);
        bytes = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"logo.png\"\r\n"
            + "Content-Type: image/png\r\n\r\nPNG\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
      } else {
        bytes = body.toString().getBytes(StandardCharsets.UTF_8); // compact, like JSON.stringify
      }
    }
    return send(line.get("method").asText(), line.get("raw_path").asText(), headers, bytes);
  }

  private static String describe(JsonNode line) {
    return line.get("scenario").asText() + " / " + line.get("call").asText() + ": " + line.get("method").asText()
        + " " + line.get("raw_path").asText();
  }

  // ---------------------------------------------------------------- the replay

  @Test
  void everyCallOfTheNodeClientIsModelledAndAnsweredInTheAppShape() {
    server.reset();
    Reply seed = send("PUT", "/api/v1/customers/cust_42", Map.of("Content-Type", "application/json",
        "Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (ws.siteId() + ":" + ws.trackApiKey()).getBytes(StandardCharsets.UTF_8))),
        "{\"email\":\"ada@example.com\",\"first_name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(seed.status()).as("seeding cust_42: %s", seed).isEqualTo(200);

    List<String> notModelled = new ArrayList<>();
    List<String> wrongShape = new ArrayList<>();
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    for (JsonNode line : apiLines) {
      Reply r = replay(line);
      statuses.merge(r.status(), 1, Integer::sum);
      if (r.body().contains("does not model")) {
        notModelled.add(describe(line) + " -> " + r);
      } else if (r.status() >= 300) {
        boolean send = line.get("path").asText().startsWith("/v1/send/");
        JsonNode b = r.json();
        boolean shaped = send ? b.at("/meta/error").isTextual()
            : b.at("/errors/0/detail").isTextual() && b.at("/errors/0/status").asText().equals(
                String.valueOf(r.status()));
        if (!shaped || (r.status() != 400 && r.status() != 404)) {
          wrongShape.add(describe(line) + " -> " + r);
        }
      }
    }
    System.out.printf("NodeClientAppReplayTest: %d App calls replayed, statuses %s, %d 'does not model'%n",
        apiLines.size(), statuses, notModelled.size());
    assertThat(apiLines).hasSize(180);
    assertThat(notModelled).as("calls answered 'does not model'").isEmpty();
    assertThat(wrongShape).as("refusals that are not a 400/404 in the App error shape").isEmpty();
    int ok = statuses.entrySet().stream().filter(e -> e.getKey() < 300).mapToInt(Map.Entry::getValue).sum();
    assertThat(ok).as("2xx answers, of %s", statuses).isGreaterThanOrEqualTo(100);
    assertThat(send("GET", "/__cio/pitfalls?id=wrong-api-key", Map.of(), null).json().get("count").asInt()).isZero();
  }

  @Test
  void theReplayedCallsChangeTheFakesStateAsTheNodeClientExpects() {
    server.reset();
    send("PUT", "/api/v1/customers/cust_42", Map.of("Content-Type", "application/json",
        "Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (ws.siteId() + ":" + ws.trackApiKey()).getBytes(StandardCharsets.UTF_8))),
        "{\"email\":\"ada@example.com\"}".getBytes(StandardCharsets.UTF_8));

    for (JsonNode line : apiLines) {
      if (!line.get("scenario").asText().equals("api")) {
        continue;
      }
      Reply r = replay(line);
      String call = line.get("call").asText();
      String path = line.get("path").asText();
      if (path.startsWith("/v1/send/")) {
        assertThat(r.json().get("delivery_id").asText()).as(call).isNotBlank();
        assertThat(r.json().get("queued_at").isIntegralNumber()).as(call).isTrue();
      } else if (TRIGGER.matcher(path).matches()) {
        assertThat(r.json().get("id").asLong()).as(call).isPositive();
      } else if (call.startsWith("getAttributes")) {
        assertThat(r.json().at("/customer/id").asText()).as(call).isEqualTo("cust_42");
        assertThat(r.json().at("/customer/attributes/email").asText()).as(call).isEqualTo("ada@example.com");
      } else if (call.equals("getCustomersByEmail")) {
        // ada+test@example.com (the client encodes the +) is nobody in this workspace.
        assertThat(r.body()).as(call).isEqualTo("{\"results\":[]}");
      } else if (call.equals("getCustomersAttributes")) {
        assertThat(r.json().get("customers")).as(call).hasSize(1);
      } else if (call.equals("getCustomerSegments")) {
        assertThat(r.json().get("segments").isArray()).as(call).isTrue();
      } else if (call.equals("listExports")) {
        assertThat(r.body()).as(call).isEqualTo("{\"exports\":null}");
      }
    }

    String site = ws.siteId();
    JsonNode deliveries = send("GET", "/__cio/workspaces/" + site + "/deliveries", Map.of(), null).json();
    List<String> channels = new ArrayList<>();
    deliveries.get("deliveries").forEach(d -> channels.add(d.get("channel").asText()));
    // The seven sends (the capture's first calls), then what the broadcast triggers delivered to their audience.
    assertThat(channels).hasSizeGreaterThan(7);
    assertThat(channels.subList(0, 7))
        .containsExactly("email", "email", "push", "sms", "whatsapp", "inbox_message", "in_app");
    JsonNode first = deliveries.at("/deliveries/0");
    assertThat(first.get("recipient").asText()).isEqualTo("ada@example.com");
    assertThat(first.at("/message_data/first_name").asText()).isEqualTo("Ada");
    assertThat(first.get("attachments").get(0).asText()).isEqualTo("invoice.txt");
    assertThat(first.get("state").asText()).as("send_at 1700001000 is in the past: sent now").isEqualTo("sent");

    JsonNode triggers = send("GET", "/__cio/workspaces/" + site + "/broadcasts", Map.of(), null).json();
    List<String> audiences = new ArrayList<>();
    triggers.get("triggers").forEach(t -> audiences.add(t.get("audience").asText()));
    assertThat(audiences).containsExactly("recipients", "emails", "ids", "per_user_data", "data_file_url", "default");
  }
}
