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
 * <p>Every call the fake models must be accepted (2xx): a strict fake that refuses what the real client sends would
 * break integrations that work in production. The only exceptions are lookups of state that cannot exist in the
 * fake (trigger 99 of broadcast 12 was never created), which must be a 404 that says so. Every call the fake does
 * not model must get the App API's 404 saying that the fake does not model it, never a rejection that blames the
 * client.
 */
class NodeClientAppReplayTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CAPTURE = "/customerio-node/customerio-node-capture.jsonl";
  private static final Set<String> DROPPED_HEADERS = Set.of("host", "content-length", "authorization", "connection");
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final Pattern TRIGGER = Pattern.compile("/v1/(api/)?campaigns/[^/]+/triggers");
  private static final Pattern TRIGGER_LOOKUP = Pattern.compile("/v1/campaigns/[^/]+/triggers/[^/]+(/errors)?");
  private static final Pattern CUSTOMER_LOOKUP = Pattern.compile("/v1/customers/[^/]+/(attributes|segments)");
  /** State the fake cannot hold: the probe asked for trigger 99, which no replayed request creates. */
  private static final Pattern MISSING_TRIGGER = Pattern.compile("/v1/campaigns/12/triggers/99(/errors)?");

  private static CioFakeServer server;
  private static WorkspaceCredentials ws;
  private static List<JsonNode> apiLines;

  @BeforeAll
  static void start() throws IOException {
    server = CioFakeServer.start(CioFakeOptions.builder()
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

  /** Whether the fake models the call of a capture line (by method and decoded path). */
  static boolean modelled(String method, String path) {
    if (path.startsWith("/v1/send/")) {
      return method.equals("POST");
    }
    if (TRIGGER.matcher(path).matches()) {
      return method.equals("POST");
    }
    if (TRIGGER_LOOKUP.matcher(path).matches() || CUSTOMER_LOOKUP.matcher(path).matches()) {
      return method.equals("GET");
    }
    if (path.equals("/v1/customers") || path.equals("/v1/exports")) {
      return method.equals("GET");
    }
    return path.equals("/v1/customers/attributes") && method.equals("POST");
  }

  private static boolean modelled(JsonNode line) {
    return modelled(line.get("method").asText(), line.get("path").asText());
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
  void everyModelledCallOfTheNodeClientIsAcceptedAndUnmodelledOnesSaySo() {
    server.reset();
    Reply seed = send("PUT", "/api/v1/customers/cust_42", Map.of("Content-Type", "application/json",
        "Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (ws.siteId() + ":" + ws.trackApiKey()).getBytes(StandardCharsets.UTF_8))),
        "{\"email\":\"ada@example.com\",\"first_name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(seed.status()).as("seeding cust_42: %s", seed).isEqualTo(200);

    List<String> falseRejections = new ArrayList<>();
    List<String> missingNotFound = new ArrayList<>();
    List<String> badUnmodelled = new ArrayList<>();
    int modelledCount = 0;
    int unmodelledCount = 0;
    int missingStateCount = 0;
    for (JsonNode line : apiLines) {
      Reply r = replay(line);
      if (!modelled(line)) {
        unmodelledCount++;
        String detail = r.status() == 404 ? r.json().at("/errors/0/detail").asText() : "";
        if (r.status() != 404 || !detail.contains("does not model")
            || !r.json().at("/errors/0/status").asText().equals("404")) {
          badUnmodelled.add(describe(line) + " -> " + r);
        }
        continue;
      }
      modelledCount++;
      if (MISSING_TRIGGER.matcher(line.get("path").asText()).matches()) {
        missingStateCount++;
        String detail = r.status() == 404 ? r.json().at("/errors/0/detail").asText() : "";
        if (!detail.contains("not found") || detail.contains("does not model")) {
          missingNotFound.add(describe(line) + " -> " + r);
        }
        continue;
      }
      if (r.status() < 200 || r.status() > 299) {
        falseRejections.add(describe(line) + " -> " + r);
      }
    }

    assertThat(falseRejections).as("modelled Node client calls the fake refused").isEmpty();
    assertThat(missingNotFound).as("lookups of a trigger that does not exist: 404 not found").isEmpty();
    assertThat(badUnmodelled).as("unmodelled calls: App 404 'does not model'").isEmpty();
    assertThat(modelledCount).isEqualTo(31);
    assertThat(missingStateCount).isEqualTo(2);
    assertThat(unmodelledCount).isEqualTo(apiLines.size() - 31).isGreaterThan(100);

    // The only invalid-request pitfalls are the two lookups of trigger 99 (the real service would 404 them too).
    JsonNode pitfalls = send("GET", "/__cio/pitfalls?id=invalid-request", Map.of(), null).json().get("pitfalls");
    List<String> paths = new ArrayList<>();
    pitfalls.forEach(p -> paths.add(p.at("/evidence/path").asText()));
    assertThat(paths).allMatch(p -> MISSING_TRIGGER.matcher(p).matches(), "a trigger 99 lookup");
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
      if (!line.get("scenario").asText().equals("api") || !modelled(line)) {
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
    assertThat(deliveries.get("count").asInt()).isEqualTo(7);
    List<String> channels = new ArrayList<>();
    deliveries.get("deliveries").forEach(d -> channels.add(d.get("channel").asText()));
    assertThat(channels).containsExactly("email", "email", "push", "sms", "whatsapp", "inbox_message", "in_app");
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

  @Test
  void aSampleOfUnmodelledCallsGetsTheDoesNotModelMessageWithoutBlamingTheClient() {
    server.reset();
    List<String> sample = List.of("listNewsletters", "searchCustomers", "createAsset(multipart)",
        "updateCollectionContent", "getExport", "deleteSegment", "getBroadcastTriggers");
    int seen = 0;
    for (JsonNode line : apiLines) {
      if (!line.get("scenario").asText().equals("api") || !sample.contains(line.get("call").asText())) {
        continue;
      }
      seen++;
      assertThat(modelled(line)).as(describe(line)).isFalse();
      Reply r = replay(line);
      assertThat(r.status()).as(describe(line) + " -> " + r).isEqualTo(404);
      String detail = r.json().at("/errors/0/detail").asText();
      assertThat(detail).as(describe(line)).contains("does not model")
          .contains(line.get("method").asText() + " " + line.get("raw_path").asText().split("\\?")[0]);
      assertThat(r.json().at("/errors/0/status").asText()).isEqualTo("404");
    }
    assertThat(seen).isEqualTo(sample.size());
    assertThat(send("GET", "/__cio/pitfalls?id=invalid-request", Map.of(), null).json().get("count").asInt())
        .as("the fake's own limit is not the client's mistake").isZero();
  }
}
