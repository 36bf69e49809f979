package dev.ciofake.contract;

import dev.ciofake.RateClass;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import dev.ciofake.WorkspaceCredentials;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A correct integration, played with the official Node client's own requests, must produce zero pitfalls: no
 * false positive from any detector of the catalog.
 *
 * <p>The requests are the {@code track} and {@code api} lines of the customerio-node 5.2.0 probe capture
 * ({@code src/test/resources/customerio-node/customerio-node-capture.jsonl}, described in docs/customerio-facts.md
 * 6.1). Some of its lines are deliberately wrong or only make sense in the probe's own order, so the sequence is
 * picked with care, and each exclusion says why:
 * <ul>
 *   <li>{@code identify(email as id)}: the classic {@code mutable-person-id} mistake, on purpose;</li>
 *   <li>{@code trackAnonymous} with an {@code anonymous_id}: the probe never identifies that visitor, which is the
 *       {@code anonymous-not-merged} pitfall;</li>
 *   <li>the {@code errors} scenario: the probe's forced retries send one event four times, by design;</li>
 *   <li>lookups of state only the probe's server had (trigger 99, export 55) and App endpoints the fake does not
 *       model.</li>
 * </ul>
 * The probe changes cust_42's email through its cio_id, suppresses, unsuppresses and deletes cust_42; suppress
 * deletes the profile (the Track document: "You cannot recover a profile after you suppress it") as delete does, so a
 * correct integration does those last, and those lines are moved to the end, in that order.
 */
class NodeClientCorrectUsageTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final WorkspaceCredentials PROBE =
      new WorkspaceCredentials("site_probe_123", "probe-track-key-0c1d2e3f", "probe-app-key-4a5b6c7d");
  private static final Set<String> EXCLUDED_CALLS = Set.of("identify(email as id)", "trackAnonymous");
  private static final List<String> LAST_CALLS = List.of("identify(cio_ id, change email)", "suppress", "unsuppress",
      "destroy");
  private static final Set<String> DROPPED_HEADERS = Set.of("host", "content-length", "authorization", "connection");

  private static List<JsonNode> capture() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        NodeClientCorrectUsageTest.class.getResourceAsStream("/customerio-node/customerio-node-capture.jsonl"),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          lines.add(MAPPER.readTree(line));
        }
      }
    }
    return lines;
  }

  /** The App API calls the fake models, for a correct run. */
  private static boolean modelledApiCall(JsonNode line) {
    String path = line.get("path").asText();
    String method = line.get("method").asText();
    return path.startsWith("/v1/send/")
        || (method.equals("POST") && path.matches("/v1/campaigns/\\d+/triggers"))
        || (method.equals("GET") && (path.equals("/v1/customers") || path.equals("/v1/exports")
            || path.matches("/v1/customers/[^/]+/(attributes|segments)")))
        || (method.equals("POST") && path.equals("/v1/customers/attributes"));
  }

  @Test
  void theNodeClientsCorrectCallsProduceNoPitfallAtAll() throws Exception {
    List<JsonNode> sequence = new ArrayList<>();
    List<JsonNode> last = new ArrayList<>();
    for (JsonNode line : capture()) {
      String scenario = line.get("scenario").asText();
      String call = line.get("call").asText();
      String role = line.get("role").asText();
      if (scenario.equals("errors") || EXCLUDED_CALLS.contains(call)) {
        continue;
      }
      if (role.equals("track")) {
        (LAST_CALLS.contains(call) ? last : sequence).add(line);
      } else if (role.equals("api") && modelledApiCall(line)) {
        sequence.add(line);
      }
    }
    last.sort(java.util.Comparator.comparingInt(l -> LAST_CALLS.indexOf(l.get("call").asText())));
    sequence.addAll(last);
    assertThat(sequence).as("a meaningful share of the capture is replayed").hasSizeGreaterThan(40);

    try (CioFakeServer cio = CioFakeServer.start(CioFakeOptions.builder().workspace(PROBE)
        .rateLimit(RateClass.BROADCAST, dev.ciofake.RateLimit.perSecond(100)).build())) {
      HttpClient client = HttpClient.newHttpClient();
      Map<String, Integer> statuses = new LinkedHashMap<>();
      for (JsonNode line : sequence) {
        HttpResponse<String> r = client.send(request(cio, line), HttpResponse.BodyHandlers.ofString());
        statuses.put(line.get("scenario").asText() + " / " + line.get("call").asText() + " #" + statuses.size(),
            r.statusCode());
        assertThat(r.statusCode()).as("%s %s (%s) -> %s", line.get("method").asText(),
            line.get("raw_path").asText(), line.get("call").asText(), r.body()).isBetween(200, 299);
      }

      List<Pitfall> pitfalls = cio.pitfalls();
      assertThat(pitfalls).as("pitfalls of a correct integration").isEmpty();
      assertThat(cio.fake(PROBE.siteId()).pitfalls()).isEmpty();
      assertThat(statuses).hasSameSizeAs(sequence);
    }
  }

  private static HttpRequest request(CioFakeServer cio, JsonNode line) {
    boolean track = line.get("role").asText().equals("track");
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cio.baseUrl() + line.get("raw_path").asText()));
    line.get("headers").fields().forEachRemaining(h -> {
      if (!DROPPED_HEADERS.contains(h.getKey())) {
        b.header(h.getKey(), h.getValue().asText());
      }
    });
    b.header("Authorization", track
        ? "Basic " + Base64.getEncoder().encodeToString((PROBE.siteId() + ":" + PROBE.trackApiKey())
            .getBytes(StandardCharsets.UTF_8))
        : "Bearer " + PROBE.appApiKey());
    JsonNode body = line.get("body");
    b.method(line.get("method").asText(), body == null || body.isNull()
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.toString()));
    return b.build();
  }
}
