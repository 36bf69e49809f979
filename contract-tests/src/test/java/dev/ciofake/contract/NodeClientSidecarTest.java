package dev.ciofake.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.container.ContainerEngine;
import dev.ciofake.testcontainers.CustomerIoFakeContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.testcontainers.DockerClientFactory;

/**
 * The official Node client (customerio-node 5.2.0, pinned in contract-tests/node) against cio-fake as a sidecar: in
 * its container where an engine and the image are there, as an in-process server otherwise. Every TrackClient method
 * and the App API methods the fake models, used correctly, must pass with no rejection and no pitfall; the classic
 * wrong usages must give exactly their pitfalls. The calls are in contract-tests/node/suite.js.
 */
@ResourceLock(ContainerEngine.LOCK) // one class on the container engine at a time (see ContainerEngine)
class NodeClientSidecarTest {
  private static final Path NODE_DIR = NodeProject.folder();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static CustomerIoFakeContainer container;
  private static CioFakeServer server;
  private static String baseUrl;
  private static String where;

  @BeforeEach
  void requireNode() {
    NodeProject.require(); // each test skipped with the reason where node cannot run (not a class that runs nothing)
  }

  @BeforeAll
  static void startTheFake() throws Exception {
    try {
      NodeProject.require();
    } catch (org.opentest4j.TestAbortedException e) {
      return; // reported by each test's requireNode
    }
    if (containerPossible()) {
      container = new CustomerIoFakeContainer();
      container.start();
      baseUrl = container.getBaseUrl();
      where = "container " + container.getDockerImageName();
    } else {
      server = CioFakeServer.start();
      baseUrl = server.baseUrl();
      where = "in-process server";
    }
  }

  private static boolean containerPossible() {
    try {
      if (!DockerClientFactory.instance().isDockerAvailable()) {
        return false;
      }
      Path tar = Path.of(System.getProperty("cio-fake.image.tar", "../standalone/target/jib-image.tar"));
      if (Files.isRegularFile(tar)) {
        dev.ciofake.container.ContainerImages.ensureImage();
        return true;
      }
      DockerClientFactory.instance().client().inspectImageCmd("localhost/cio-fake:latest").exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @AfterAll
  static void stop() {
    if (container != null) {
      container.stop();
    }
    if (server != null) {
      server.stop();
    }
  }

  /** A workspace of its own for one phase, made through the admin API (the same for both kinds of fake). */
  private static CioFake newWorkspace() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/__cio/workspaces"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode w = MAPPER.readTree(r.body());
    return new CioFake(baseUrl, new WorkspaceCredentials(w.get("site_id").asText(), w.get("track_api_key").asText(),
        w.get("app_api_key").asText()));
  }

  /** Runs one phase of suite.js; returns its per-call results. */
  private static List<JsonNode> run(CioFake cio, String phase) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(NodeProject.node(), "suite.js", phase).directory(NODE_DIR.toFile());
    pb.environment().put("CIO_TRACK_URL", cio.trackUrl());
    pb.environment().put("CIO_APP_URL", cio.appUrl());
    pb.environment().put("CIO_SITE_ID", cio.siteId());
    pb.environment().put("CIO_TRACK_API_KEY", cio.trackApiKey());
    pb.environment().put("CIO_APP_API_KEY", cio.appApiKey());
    Path out = Files.createTempFile("node-suite", ".jsonl");
    pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("suite.js %s finished", phase).isTrue();
    assertThat(p.exitValue()).as("suite.js %s exit code", phase).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String l : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (!l.isBlank()) {
        lines.add(MAPPER.readTree(l));
      }
    }
    Files.deleteIfExists(out);
    assertThat(lines).last().satisfies(l -> assertThat(l.path("done").asBoolean()).isTrue());
    return lines.subList(0, lines.size() - 1);
  }

  private static Set<String> pitfallIds(CioFake cio) {
    Set<String> ids = new TreeSet<>();
    cio.pitfalls().forEach(p -> ids.add(p.id()));
    return ids;
  }

  @Test
  void everyMethodUsedCorrectlyIsAcceptedWithNoPitfall() throws Exception {
    CioFake cio = newWorkspace();

    List<JsonNode> calls = run(cio, "correct");

    assertThat(calls).as("calls made against the %s", where).hasSizeGreaterThanOrEqualTo(33);
    assertThat(calls).filteredOn(c -> !c.get("ok").asBoolean()).as("rejected calls").isEmpty();
    List<Pitfall> pitfalls = cio.pitfalls();
    assertThat(pitfalls).as("pitfalls of a correct integration against the %s", where).isEmpty();
    // The six transactional sends, and the broadcast triggered for person 42 (a trigger delivers to its audience).
    assertThat(cio.deliveries()).hasSize(7);
    assertThat(cio.deliveries()).filteredOn(d -> d.messageId() == null).singleElement()
        .satisfies(d -> assertThat(d.recipient()).isEqualTo("ada@example.com"));
    assertThat(cio.events()).extracting(CioFake.Event::name).contains("purchase", "viewed_pricing", "upgraded");
  }

  @Test
  void millisecondTimestampsGiveExactlyThatPitfall() throws Exception {
    CioFake cio = newWorkspace();
    List<JsonNode> calls = run(cio, "millisecond-timestamp");
    assertThat(calls).singleElement().satisfies(c -> {
      assertThat(c.get("ok").asBoolean()).isFalse();
      assertThat(c.get("status").asInt()).isEqualTo(400);
      assertThat(c.get("message").asText()).contains("milliseconds");
    });
    assertThat(pitfallIds(cio)).containsExactly("millisecond-timestamp");
  }

  @Test
  void anAppKeyOnTheTrackClientGivesExactlyWrongApiKey() throws Exception {
    CioFake cio = newWorkspace();
    List<JsonNode> calls = run(cio, "wrong-api-key");
    assertThat(calls).singleElement().satisfies(c -> assertThat(c.get("status").asInt()).isEqualTo(401));
    assertThat(pitfallIds(cio)).containsExactly("wrong-api-key");
  }

  @Test
  void trackingBeforeIdentifyingGivesExactlyThatPitfall() throws Exception {
    CioFake cio = newWorkspace();
    List<JsonNode> calls = run(cio, "track-before-identify");
    assertThat(calls).singleElement().satisfies(c -> assertThat(c.get("ok").asBoolean()).isTrue());
    assertThat(pitfallIds(cio)).containsExactly("track-before-identify");
  }

  /**
   * The official client shows the fake's own message for every error status: 401, 404 and 400 on the App API (whose
   * documented list of {@code errors} customerio-node does not read), a send's and a broadcast's 400, a Track v2 400
   * and a Track 401. The message is compared with the body's own words, from a raw request of the same call.
   */
  @Test
  void everyErrorShowsTheFakesOwnMessageInTheNodeClient() throws Exception {
    CioFake cio = newWorkspace();

    List<JsonNode> calls = run(cio, "api-errors");

    assertThat(calls).hasSize(7).allSatisfy(c -> {
      assertThat(c.get("ok").asBoolean()).as("%s", c).isFalse();
      assertThat(c.get("message").asText()).as("%s", c).isNotBlank().isNotEqualTo("Unknown error")
          .doesNotContain("Unknown error");
    });
    Map<String, JsonNode> byCall = new java.util.LinkedHashMap<>();
    calls.forEach(c -> byCall.put(c.get("call").asText(), c));
    assertThat(byCall.get("getAttributes(401: unknown App key)").get("status").asInt()).isEqualTo(401);
    assertThat(byCall.get("getAttributes(404: nobody)").get("status").asInt()).isEqualTo(404);
    assertThat(byCall.get("getCustomersAttributes(400: 101 ids)").get("status").asInt()).isEqualTo(400);
    assertThat(byCall.get("sendEmail(400: no to)").get("status").asInt()).isEqualTo(400);
    assertThat(byCall.get("triggerBroadcast(400: empty ids)").get("status").asInt()).isEqualTo(400);
    assertThat(byCall.get("entity(400: two identifiers)").get("status").asInt()).isEqualTo(400);
    assertThat(byCall.get("identify(401: wrong Track key)").get("status").asInt()).isEqualTo(401);

    // the very words of the App API's documented errors list
    assertThat(byCall.get("getAttributes(401: unknown App key)").get("message").asText())
        .isEqualTo(appDetail(cio, "GET", "/customers/42/attributes?id_type=id", "Bearer not-a-key-of-this-workspace",
            null));
    assertThat(byCall.get("getAttributes(404: nobody)").get("message").asText())
        .isEqualTo(appDetail(cio, "GET", "/customers/nobody-has-this-id/attributes?id_type=id",
            "Bearer " + cio.appApiKey(), null))
        .contains("nobody-has-this-id");
    StringBuilder ids = new StringBuilder("{\"ids\":[");
    for (int i = 0; i < 101; i++) {
      ids.append(i == 0 ? "" : ",").append("\"p").append(i).append('"');
    }
    assertThat(byCall.get("getCustomersAttributes(400: 101 ids)").get("message").asText())
        .isEqualTo(appDetail(cio, "POST", "/customers/attributes", "Bearer " + cio.appApiKey(), ids + "]}"))
        .contains("1 to 100");
    assertThat(byCall.get("entity(400: two identifiers)").get("message").asText()).startsWith("1 error:");
  }

  /** The first {@code errors[].detail} of a raw App API answer. */
  private static String appDetail(CioFake cio, String method, String path, String auth, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cio.appUrl() + path)).header("Authorization", auth)
        .header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isGreaterThanOrEqualTo(400);
    return MAPPER.readTree(r.body()).at("/errors/0/detail").asText();
  }

  @Test
  void aBurstOf500IdentifiesWithoutALimiterGoesOverTheRateLimit() throws Exception {
    CioFake cio = newWorkspace();
    List<JsonNode> calls = run(cio, "burst");
    assertThat(calls).hasSize(500);
    Set<String> ids = pitfallIds(cio);
    assertThat(ids).contains("rate-limit-exceeded");
    // 500 requests at once also open hundreds of connections: a fair no-connection-reuse warning, and nothing else
    assertThat(ids).isSubsetOf("rate-limit-exceeded", "no-connection-reuse");
    Pitfall burst = cio.pitfalls().stream().filter(p -> p.id().equals("rate-limit-exceeded")).findFirst()
        .orElseThrow();
    assertThat(burst.evidence()).containsEntry("limit", "100/s");
  }
}
