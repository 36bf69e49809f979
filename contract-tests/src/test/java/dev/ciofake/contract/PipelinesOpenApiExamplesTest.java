package dev.ciofake.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import dev.ciofake.PitfallIds;
import java.io.InputStream;
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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every request example of Customer.io's Pipelines OpenAPI document (vendored in {@code customerio-specs/}) is
 * accepted by the fake, permissive and strict: the JSON and curl samples of each operation ({@code x-codeSamples})
 * and the {@code example} of each request schema. Each example runs on a workspace of its own, is applied to the
 * state, and gives exactly the pitfalls its content earns (listed below with the reason), nothing else.
 */
class PipelinesOpenApiExamplesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern CURL_BODY = Pattern.compile("(?:--data-raw|-d) '(.*?)'", Pattern.DOTALL);
  private static final Map<String, String> SCHEMA_OF_PATH = Map.of("/identify", "identify", "/track", "track",
      "/page", "page", "/screen", "screen", "/group", "group", "/alias", "alias", "/batch", "batch");
  private static CioFakeServer server;

  @BeforeAll
  static void start() {
    server = CioFakeServer.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  /** An example: where it comes from, the path it is posted to, its body. */
  record Example(String label, String path, JsonNode body) {}

  static List<Example> examples() throws Exception {
    JsonNode doc;
    try (InputStream in = PipelinesOpenApiExamplesTest.class.getResourceAsStream(
        "/customerio-specs/customer-io-pipelines-api-openapi.json")) {
      doc = MAPPER.readTree(in);
    }
    List<Example> out = new ArrayList<>();
    doc.get("paths").fields().forEachRemaining(p -> {
      for (JsonNode sample : p.getValue().path("post").path("x-codeSamples")) {
        String lang = sample.path("lang").asText();
        String source = sample.path("source").asText();
        try {
          if (lang.equals("json")) {
            out.add(new Example(p.getKey() + " JSON sample", p.getKey(), MAPPER.readTree(source)));
          } else if (lang.equals("shell")) {
            Matcher m = CURL_BODY.matcher(source);
            if (m.find()) {
              out.add(new Example(p.getKey() + " curl sample", p.getKey(), MAPPER.readTree(m.group(1))));
            }
          }
        } catch (java.io.IOException e) {
          throw new AssertionError("an example of " + p.getKey() + " is not JSON: " + source, e);
        }
      }
    });
    SCHEMA_OF_PATH.forEach((path, schema) -> {
      JsonNode example = doc.at("/components/schemas/" + schema + "/example");
      if (!example.isMissingNode()) {
        out.add(new Example(path + " schema example", path, example));
      }
    });
    return out;
  }

  /**
   * The pitfalls each example earns, and why: the document's own examples track for people they never identify (a
   * fresh workspace each), and its group example's timestamp ends in a comma ({@code "...111Z,"}).
   */
  private static final Map<String, List<String>> EXPECTED = Map.ofEntries(
      Map.entry("/track JSON sample", List.of(PitfallIds.TRACK_BEFORE_IDENTIFY)),
      Map.entry("/track schema example", List.of(PitfallIds.TRACK_BEFORE_IDENTIFY)),
      Map.entry("/track curl sample", List.of(PitfallIds.TRACK_BEFORE_IDENTIFY)),
      Map.entry("/page JSON sample", List.of(PitfallIds.TRACK_BEFORE_IDENTIFY)),
      Map.entry("/page schema example", List.of(PitfallIds.TRACK_BEFORE_IDENTIFY)),
      Map.entry("/page curl sample", List.of(PitfallIds.TRACK_BEFORE_IDENTIFY)),
      Map.entry("/screen JSON sample", List.of(PitfallIds.TRACK_BEFORE_IDENTIFY)),
      Map.entry("/screen schema example", List.of(PitfallIds.TRACK_BEFORE_IDENTIFY)),
      Map.entry("/screen curl sample", List.of(PitfallIds.TRACK_BEFORE_IDENTIFY)),
      Map.entry("/group JSON sample", List.of(PitfallIds.INVALID_TIMESTAMP)),
      Map.entry("/group schema example", List.of(PitfallIds.INVALID_TIMESTAMP)));

  @Test
  void everyRequestExampleOfTheDocumentIsAcceptedPermissiveAndStrict() throws Exception {
    List<Example> examples = examples();
    assertThat(examples).as("the document's request examples").hasSizeGreaterThanOrEqualTo(19);
    assertThat(examples).extracting(Example::path).containsAll(SCHEMA_OF_PATH.keySet());
    Map<String, String> problems = new LinkedHashMap<>();
    for (Example e : examples) {
      for (boolean strict : new boolean[] {false, true}) {
        CioFake cio = server.newFake();
        HttpResponse<String> r = post(cio, e, strict);
        String label = e.label() + (strict ? " (strict)" : "");
        if (r.statusCode() != 200 || !r.body().equals("{}")) {
          problems.put(label, r.statusCode() + " " + r.body());
          continue;
        }
        TreeSet<String> ids = new TreeSet<>();
        cio.pitfalls().stream().map(Pitfall::id).forEach(ids::add);
        TreeSet<String> expected = new TreeSet<>(EXPECTED.getOrDefault(e.label(), List.of()));
        if (!ids.equals(expected)) {
          problems.put(label, "pitfalls " + ids + ", expected " + expected + ": " + cio.pitfalls());
        }
        CioFake.PipelinesCalls calls = cio.pipelinesCalls();
        int n = e.body().has("batch") ? e.body().get("batch").size() : e.path().equals("/batch") ? 0 : 1;
        if (calls.applied() != n || calls.dropped() != 0) {
          problems.put(label, "applied " + calls.applied() + " and dropped " + calls.dropped() + " of " + n);
        }
      }
    }
    assertThat(problems).as("examples the fake does not take as the real service does").isEmpty();
  }

  @Test
  void theExamplesLandInTheWorkspaceState() throws Exception {
    CioFake cio = server.newFake();
    for (Example e : examples()) {
      assertThat(post(cio, e, true).statusCode()).as(e.label()).isEqualTo(200);
    }
    assertThat(cio.person("97980cfea0067")).hasValueSatisfying(p ->
        assertThat(p.email()).isEqualTo("cool.person@example.com"));
    assertThat(cio.events()).extracting(CioFake.Event::name).contains("Course Started", "Home", "feed");
    assertThat(cio.person("97980cfea0067").orElseThrow().attributes()).containsEntry("likes_baseball", true);
  }

  private static HttpResponse<String> post(CioFake cio, Example e, boolean strict) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cio.pipelinesUrl() + e.path()))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((cio.pipelinesApiKey() + ":")
            .getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(e.body().toString()));
    if (strict) {
      b.header("X-Strict-Mode", "1");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
