package dev.ciofake.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import dev.ciofake.PitfallIds;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.container.ContainerEngine;
import dev.ciofake.container.ContainerImages;
import dev.ciofake.testcontainers.CustomerIoFakeContainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The official Data Pipelines clients, unmodified and pinned in {@code contract-tests/pipelines-node} (npm ci):
 * {@code @customerio/cdp-analytics-node} pointed at the fake with {@code host}, and customerio-node 5.2's
 * {@code PipelinesClient} with {@code url}, against the fake in this JVM and in its container. Every call type used
 * correctly lands in the workspace state with no pitfall; each classic mistake gives exactly its pitfalls. One Node
 * process runs every phase (each on a workspace of its own), a second one the phase that exits without flushing.
 */
class PipelinesClientsContractTest {
  private static final Path NODE_DIR = Path.of(System.getProperty("user.dir"), "pipelines-node");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> PHASES = List.of("analytics-correct", "client-correct", "analytics-flush",
      "wrong-key", "strict-invalid-batch", "oversized", "millisecond-timestamp", "track-before-identify",
      "email-as-user-id");
  private static final String NO_FLUSH = "analytics-exit-without-flush";

  private static void assumeNode() {
    Assumptions.assumeTrue(Files.isDirectory(NODE_DIR.resolve("node_modules/@customerio/cdp-analytics-node")),
        "the Pipelines clients are not installed (npm ci --prefix contract-tests/pipelines-node): suite not run");
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      Assumptions.assumeTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "node does not run");
    } catch (IOException | InterruptedException e) {
      Assumptions.abort("node is not installed: Pipelines client suite not run");
    }
  }

  /** The assertions, against a fake at {@link #baseUrl()}. */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Suite {
    private final Map<String, CioFake> workspaces = new LinkedHashMap<>();
    private final Map<String, List<JsonNode>> calls = new LinkedHashMap<>();

    abstract String baseUrl();

    /** Starts the fake (or skips the suite saying why). */
    abstract void startFake();

    abstract void stopFake();

    @BeforeAll
    void runTheClients() throws Exception {
      assumeNode();
      startFake();
      for (String phase : PHASES) {
        workspaces.put(phase, newWorkspace());
      }
      workspaces.put(NO_FLUSH, newWorkspace());
      workspaces.get(NO_FLUSH).expectPipelinesCalls(20);
      workspaces.get("analytics-flush").expectPipelinesCalls(20);
      run(PHASES);
      run(List.of(NO_FLUSH));
    }

    private CioFake newWorkspace() throws Exception {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/__cio/workspaces"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(201);
      JsonNode w = MAPPER.readTree(r.body());
      return new CioFake(baseUrl(), new WorkspaceCredentials(w.get("site_id").asText(),
          w.get("track_api_key").asText(), w.get("app_api_key").asText(), w.get("pipelines_api_key").asText()));
    }

    private void run(List<String> phases) throws Exception {
      ObjectNode config = MAPPER.createObjectNode().put("base", baseUrl());
      ObjectNode ps = config.putObject("phases");
      for (String phase : phases) {
        CioFake cio = workspaces.get(phase);
        ps.putObject(phase).put("pipelinesKey", cio.pipelinesApiKey()).put("trackKey", cio.trackApiKey())
            .put("siteId", cio.siteId());
      }
      Path out = Files.createTempFile("pipelines-suite", ".jsonl");
      Process p = new ProcessBuilder("node", "suite.js", config.toString()).directory(NODE_DIR.toFile())
          .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("suite.js %s finished", phases).isTrue();
      assertThat(p.exitValue()).as("suite.js %s exit code", phases).isZero();
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
      Files.deleteIfExists(out);
      assertThat(lines).last().satisfies(l -> assertThat(MAPPER.readTree(l).path("done").asBoolean()).isTrue());
      for (String l : lines) {
        JsonNode n = MAPPER.readTree(l);
        if (n.hasNonNull("phase")) {
          calls.computeIfAbsent(n.get("phase").asText(), k -> new ArrayList<>()).add(n);
        }
      }
    }

    @AfterAll
    void stopTheFake() {
      stopFake();
    }

    private CioFake ws(String phase) {
      return workspaces.get(phase);
    }

    private List<JsonNode> calls(String phase) {
      return calls.getOrDefault(phase, List.of());
    }

    private static TreeSet<String> ids(CioFake cio) {
      TreeSet<String> ids = new TreeSet<>();
      cio.pitfalls().forEach(p -> ids.add(p.id()));
      return ids;
    }

    @Test
    void theBatchingClientDeliversEveryCallTypeIntoTheWorkspaceState() {
      CioFake cio = ws("analytics-correct");
      assertThat(calls("analytics-correct")).hasSize(10).allSatisfy(c -> assertThat(c.get("ok").asBoolean())
          .as("%s", c).isTrue());
      CioFake.Person ada = cio.person("u-1").orElseThrow();
      assertThat(ada.email()).isEqualTo("ada@example.com");
      assertThat(ada.attributes()).containsEntry("plan", "pro");
      assertThat(cio.events()).filteredOn(e -> "u-1".equals(e.personId())).extracting(CioFake.Event::name)
          .containsExactlyInAnyOrder("Pricing Viewed", "Order Completed", "Pricing", "Cart");
      assertThat(cio.events()).filteredOn(e -> e.name().equals("Order Completed")).singleElement()
          .satisfies(e -> {
            assertThat(e.eventId()).isNotBlank();
            assertThat(e.timestamp()).isNotNull();
            assertThat(e.data()).containsEntry("items", 2);
          });
      CioFake.Person grace = cio.person("u-2").orElseThrow();
      assertThat(grace.suppressed()).isTrue();
      assertThat(grace.devices()).as("suppress deletes the profile, devices and all (the Track document)").isEmpty();
      assertThat(cio.pipelinesCalls().applied()).isEqualTo(10);
      assertThat(cio.pitfalls()).as("pitfalls of a correct integration on %s", baseUrl()).isEmpty();
    }

    @Test
    void everyPipelinesClientMethodIsAcceptedInStrictModeWithNoPitfall() {
      CioFake cio = ws("client-correct");
      assertThat(calls("client-correct")).hasSize(8).allSatisfy(c -> assertThat(c.get("ok").asBoolean())
          .as("%s", c).isTrue());
      assertThat(cio.person("c-1").orElseThrow().email()).isEqualTo("lin@example.com");
      assertThat(cio.person("c-2")).as("deleted by User Deleted").isEmpty();
      assertThat(cio.events()).extracting(CioFake.Event::name)
          .containsExactly("Trial Started", "Docs", "Settings", "Trial Started", "Pricing");
      assertThat(cio.pitfalls()).isEmpty();
    }

    @Test
    void aFlushedClientDeliversWhatItQueued() {
      CioFake cio = ws("analytics-flush");
      assertThat(calls("analytics-flush")).hasSize(20).allSatisfy(c -> assertThat(c.get("ok").asBoolean()).isTrue());
      assertThat(cio.pipelinesCalls().received()).isEqualTo(20);
      assertThat(cio.events()).hasSize(19);
      assertThat(cio.pitfalls()).isEmpty();
    }

    @Test
    void aClientThatExitsWithoutFlushingLosesTheRestAndTheFakeSaysSo() {
      CioFake cio = ws(NO_FLUSH);
      assertThat(calls(NO_FLUSH)).filteredOn(c -> c.get("call").asText().equals("http_request")).hasSize(1);
      assertThat(cio.pipelinesCalls().received()).isEqualTo(15);
      assertThat(ids(cio)).containsExactly(PitfallIds.UNFLUSHED_EVENTS);
      Pitfall p = cio.pitfalls().get(0);
      assertThat(p.message()).startsWith("5 of 20 expected Pipelines call(s) never reached the fake");
    }

    @Test
    void theTrackKeyAsWriteKeyIs200ForTheClientAndTwoPitfallsForTheFake() {
      CioFake cio = ws("wrong-key");
      assertThat(calls("wrong-key")).singleElement().satisfies(c -> assertThat(c.get("ok").asBoolean())
          .as("the permissive API answers 200").isTrue());
      assertThat(cio.person("w-1")).isEmpty();
      assertThat(ids(cio)).containsExactly(PitfallIds.SILENTLY_DROPPED, PitfallIds.WRONG_API_KEY);
    }

    @Test
    void aStrictBatchWithABadCallIsAReal400TheClientCanRead() {
      CioFake cio = ws("strict-invalid-batch");
      assertThat(calls("strict-invalid-batch")).singleElement().satisfies(c -> {
        assertThat(c.get("ok").asBoolean()).isFalse();
        assertThat(c.get("status").asInt()).isEqualTo(400);
        assertThat(c.get("message").asText()).contains("batch[0]: event is required");
      });
      assertThat(ids(cio)).containsExactly(PitfallIds.INVALID_REQUEST);
    }

    @Test
    void anOversizedCallIs200ForTheClientAndSilentlyDroppedForTheFake() {
      CioFake cio = ws("oversized");
      assertThat(calls("oversized")).singleElement().satisfies(c -> assertThat(c.get("ok").asBoolean()).isTrue());
      assertThat(cio.events()).isEmpty();
      assertThat(ids(cio)).containsExactly(PitfallIds.SILENTLY_DROPPED);
      assertThat(cio.pitfalls().get(0).message()).contains("POST /v1/track").contains("32 KB per request");
    }

    @Test
    void dateNowAsTheTimestampIsTheMillisecondMistake() {
      CioFake cio = ws("millisecond-timestamp");
      assertThat(ids(cio)).containsExactly(PitfallIds.MILLISECOND_TIMESTAMP);
      assertThat(cio.events()).singleElement().satisfies(e -> assertThat(e.timestamp()).isNull());
    }

    @Test
    void trackBeforeIdentifyAndEmailAsUserIdGiveExactlyTheirPitfalls() {
      assertThat(ids(ws("track-before-identify"))).containsExactly(PitfallIds.TRACK_BEFORE_IDENTIFY);
      assertThat(ids(ws("email-as-user-id"))).containsExactly(PitfallIds.MUTABLE_PERSON_ID);
    }
  }

  @Nested
  class InProcess extends Suite {
    private CioFakeServer server;

    @Override
    String baseUrl() {
      return server.baseUrl();
    }

    @Override
    void startFake() {
      server = CioFakeServer.start();
    }

    @Override
    void stopFake() {
      if (server != null) {
        server.stop();
      }
    }
  }

  @Nested
  @ResourceLock(ContainerEngine.LOCK) // one class on the container engine at a time (see ContainerEngine)
  class InContainer extends Suite {
    private CustomerIoFakeContainer container;

    @Override
    String baseUrl() {
      return container.getBaseUrl();
    }

    @Override
    void startFake() {
      ContainerImages.ensureImage();
      container = new CustomerIoFakeContainer();
      container.start();
    }

    @Override
    void stopFake() {
      if (container != null) {
        container.stop();
      }
    }
  }
}
