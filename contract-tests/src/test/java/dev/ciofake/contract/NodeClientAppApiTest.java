package dev.ciofake.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import dev.ciofake.RateClass;
import dev.ciofake.RateLimit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Node client's whole {@code APIClient} (customerio-node 5.2.0, all 160 public methods) run against the
 * fake by {@code node/app-api.js}: each method with documented arguments, then each method's documented wrong input.
 *
 * <p>What it pins, per method ({@code customerio-node/app-api-methods.json} is the list):
 * <ul>
 *   <li>used correctly, it succeeds, never with the fake's "does not model" answer, and its body validates against
 *       its schema in {@code customerio-node/app-response-schemas/index.json}: the official Track document's schema
 *       where one describes the whole body, otherwise the schema derived from the client's TypeScript types and the
 *       documented envelope (whose elements are the official schemas again: {@code messageObject},
 *       {@code exportObject}, ...);</li>
 *   <li>its wrong input gets what is documented: the client's own synchronous throw for what the client checks
 *       (and no request), the documented 4xx in the App error shape ({@code meta.error} for {@code /v1/send/*}) for
 *       what it sends, and for the methods with neither, the 401 of a wrong App key.</li>
 * </ul>
 * One run of the script, one server; the workspace comes from {@code workspaces/node-app-api.yaml}. The class takes
 * about 4 s: one Node process making some 420 calls through the real client, which is the point of it.
 */
class NodeClientAppApiTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SCHEMAS = "classpath:/customerio-node/app-response-schemas/";
  /**
   * Properties where the published Track schemas contradict their own examples (the examples are what the service
   * sends, and what the fake sends): {@code app-response-schemas/README.md}, "The published schemas contradict their
   * own examples". A schema error on one of these is counted apart, not failed.
   */
  private static final Set<String> EXAMPLE_CONFLICTS = Set.of("parent_action_id", "content_id", "tags",
      "object_type_id");

  private static CioFakeServer server;
  private static JsonNode methods;
  private static JsonNode index;
  private static List<JsonNode> lines;
  /** App requests the script made outside its recorded calls (polling a message until its outcome). */
  private static int unrecorded;
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  @BeforeAll
  static void run() throws Exception {
    Path dir = NodeProject.require();
    methods = resource("/customerio-node/app-api-methods.json").get("methods");
    index = resource("/customerio-node/app-response-schemas/index.json").get("methods");
    server = CioFakeServer.start(CioFakeOptions.builder()
        .workspaceFile(text("/workspaces/node-app-api.yaml"))
        .exportDuration(Duration.ZERO)
        .rateLimit(RateClass.APP, RateLimit.perSecond(10_000))
        .rateLimit(RateClass.BROADCAST, RateLimit.perSecond(10_000))
        .rateLimit(RateClass.TRANSACTIONAL, RateLimit.perSecond(10_000))
        .build());
    CioFake cio = server.fake();

    Set<String> clientChecked = new LinkedHashSet<>();
    Set<String> unchecked = new LinkedHashSet<>();
    for (JsonNode m : methods) {
      (m.get("client_validation").isEmpty() ? unchecked : clientChecked).add(m.get("name").asText());
    }
    unchecked.removeAll(SERVER_WRONG); // those have a documented 4xx of their own in the script
    ProcessBuilder pb = new ProcessBuilder(NodeProject.node(), "app-api.js", String.join(",", clientChecked),
        String.join(",", unchecked)).directory(dir.toFile());
    pb.environment().put("CIO_TRACK_URL", cio.trackUrl());
    pb.environment().put("CIO_APP_URL", cio.appUrl());
    pb.environment().put("CIO_SITE_ID", cio.siteId());
    pb.environment().put("CIO_TRACK_API_KEY", cio.trackApiKey());
    pb.environment().put("CIO_APP_API_KEY", cio.appApiKey());
    Path out = Files.createTempFile("node-app-api", ".jsonl");
    pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("app-api.js finished").isTrue();
    assertThat(p.exitValue()).as("app-api.js exit code").isZero();
    lines = new ArrayList<>();
    for (String l : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (!l.isBlank()) {
        lines.add(MAPPER.readTree(l));
      }
    }
    Files.deleteIfExists(out);
    assertThat(lines).last().satisfies(l -> assertThat(l.path("done").asBoolean()).isTrue());
    assertThat(lines.get(lines.size() - 1).get("methods").asInt()).as("public APIClient methods").isEqualTo(160);
    unrecorded = lines.get(lines.size() - 1).get("unrecorded").asInt();
    lines = lines.subList(0, lines.size() - 1);
  }

  /** The methods whose wrong input the script sends to the server (its serverPhase). */
  private static final Set<String> SERVER_WRONG = Set.of("triggerBroadcast", "getMessages");

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String text(String resource) throws IOException {
    try (InputStream in = NodeClientAppApiTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode resource(String name) throws IOException {
    return MAPPER.readTree(text(name));
  }

  private static List<JsonNode> phase(String phase) {
    return lines.stream().filter(l -> l.get("phase").asText().equals(phase)).toList();
  }

  private static JsonNode method(String name) {
    for (JsonNode m : methods) {
      if (m.get("name").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no method " + name + " in app-api-methods.json");
  }

  private static String describe(JsonNode l) {
    return l.get("label").asText() + " -> " + (l.get("ok").asBoolean() ? l.get("value") : l.get("status") + " "
        + l.path("body").asText(l.path("message").asText()));
  }

  @Test
  void everyMethodUsedCorrectlySucceedsAndItsBodyFitsItsSchema() {
    List<JsonNode> correct = phase("correct");
    Set<String> called = new TreeSet<>();
    correct.forEach(l -> called.add(l.get("method").asText()));
    Set<String> all = new TreeSet<>();
    methods.forEach(m -> all.add(m.get("name").asText()));
    assertThat(called).as("methods the script runs correctly").isEqualTo(all);

    List<String> failed = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, List<String>> conflicts = new TreeMap<>();
    for (JsonNode l : correct) {
      String name = l.get("method").asText();
      if (!l.get("ok").asBoolean()) {
        failed.add(describe(l));
        continue;
      }
      JsonNode entry = index.get(name);
      assertThat(entry).as("index entry of %s", name).isNotNull();
      String kind = entry.get("kind").asText();
      JsonNode body = l.get("value");
      if (entry.get("schema").isNull()) {
        assertThat(body).as("%s answers no body (the client resolves {})", name).isEqualTo(MAPPER.createObjectNode());
        counts.merge("no body", 1, Integer::sum);
        continue;
      }
      counts.merge(kind.startsWith("published") ? "published" : "derived", 1, Integer::sum);
      List<String> errors = new ArrayList<>();
      List<String> known = new ArrayList<>();
      Schema schema = name.equals("getCollectionContent") ? ROWS : schema(entry.get("schema").asText());
      for (Error e : schema.validate(body)) {
        String where = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        String last = where.substring(where.lastIndexOf('/') + 1);
        (EXAMPLE_CONFLICTS.contains(last) && e.getInstanceNode() != null && e.getInstanceNode().isNull()
            ? known : errors).add(where + ": " + e.getMessage());
      }
      if (!known.isEmpty()) {
        conflicts.put(name, known);
      }
      if (!errors.isEmpty()) {
        invalid.add(name + " " + errors + " in " + body);
      }
    }
    System.out.printf("NodeClientAppApiTest: %d methods used correctly; schema validations %s; published-schema "
        + "conflicts let through (null where an example has null) in %s%n", correct.size(), counts, conflicts.keySet());
    assertThat(failed).as("methods used correctly that failed").isEmpty();
    assertThat(invalid).as("bodies that do not fit their schema").isEmpty();
    assertThat(counts).as("validations by kind of schema")
        .containsEntry("published", 7).containsEntry("no body", 3).containsEntry("derived", 150);
    // Only the documented conflicts (null where the published schema says integer or array) are let through.
    conflicts.values().forEach(c -> assertThat(c).allMatch(s -> s.contains("null")));
  }

  @Test
  void theSchemasHaveTeethTheyRefuseWhatTheDocumentsRuleOut() throws IOException {
    // an element checked against the official schema it points to (messageObject), and a published whole body
    assertThat(schema(index.at("/getMessage/schema").asText()).validate(MAPPER.readTree(
        "{\"message\":{\"id\":[1],\"metrics\":\"sent\"}}"))).isNotEmpty();
    assertThat(schema(index.at("/getReportingWebhook/schema").asText()).validate(MAPPER.readTree(
        "{\"id\":\"four\",\"events\":[\"email_read\"]}"))).isNotEmpty();
    assertThat(schema(index.at("/listExports/schema").asText()).validate(MAPPER.readTree("{}"))).isNotEmpty();
  }

  private static final Map<String, Schema> COMPILED = new HashMap<>();
  /**
   * {@code getCollectionContent}: the client's JSDoc says "an array of row objects" (what {@code
   * updateCollectionContent} sends), and TypeScript's {@code Record<string, any>} admits an array; the derived
   * schema (a JSON object) is stricter than the type it derives from here, so the JSDoc's shape is checked instead.
   */
  private static final Schema ROWS = REGISTRY.getSchema("{\"type\":\"array\",\"items\":{\"type\":\"object\"}}");

  private static Schema schema(String file) {
    return COMPILED.computeIfAbsent(file, f -> REGISTRY.getSchema(SchemaLocation.of(SCHEMAS + f)));
  }

  @Test
  void noMethodGetsTheDoesNotModelAnswer() {
    List<String> notModelled = new ArrayList<>();
    for (JsonNode l : lines) {
      if (l.path("body").asText("").contains("does not model")) {
        notModelled.add(l.get("phase").asText() + " " + describe(l));
      }
    }
    assertThat(notModelled).isEmpty();
  }

  @Test
  void inputTheClientChecksIsRefusedByTheClientAndNeverSent() {
    List<JsonNode> client = phase("client");
    Set<String> checked = new TreeSet<>();
    methods.forEach(m -> {
      if (!m.get("client_validation").isEmpty()) {
        checked.add(m.get("name").asText());
      }
    });
    assertThat(client).extracting(l -> l.get("method").asText()).containsExactlyInAnyOrderElementsOf(checked);
    for (JsonNode l : client) {
      Set<String> documented = new LinkedHashSet<>();
      method(l.get("method").asText()).get("client_validation").forEach(c -> documented.add(c.get("message").asText()));
      assertThat(l.get("sync").asBoolean()).as("%s throws synchronously", describe(l)).isTrue();
      assertThat(documented).as(describe(l)).contains(l.get("message").asText());
    }
    // Nothing the client refused reached the fake: every App request in the workspace's journal is a call that was
    // sent (the wrong-key calls of the auth phase belong to no workspace).
    long sent = lines.stream().filter(l -> !l.get("sync").asBoolean() && !l.get("phase").asText().equals("auth"))
        .count();
    long appRequests = server.fake().requests(5000).stream().filter(r -> r.path().startsWith("/v1/")).count();
    assertThat(appRequests).as("App requests the fake received").isEqualTo(sent + unrecorded);
  }

  @Test
  void documentedWrongInputTheClientSendsGetsTheDocumentedError() {
    List<JsonNode> wrong = phase("server");
    assertThat(wrong).hasSize(39);
    Map<Integer, Integer> byStatus = new TreeMap<>();
    for (JsonNode l : wrong) {
      String name = l.get("method").asText();
      assertThat(l.get("ok").asBoolean()).as("%s is refused", describe(l)).isFalse();
      int status = l.get("status").asInt();
      byStatus.merge(status, 1, Integer::sum);
      List<Integer> documented = new ArrayList<>();
      method(name).get("statuses").forEach(s -> documented.add(s.path("status").asInt()));
      assertThat(documented).as("documented statuses of %s (%s)", name, describe(l)).contains(status);
      assertErrorShape(l, method(name).get("path").asText().startsWith("/v1/send/") ? "meta" : "errors", status);
    }
    assertThat(byStatus).containsOnlyKeys(400, 404);
  }

  @Test
  void methodsWithNoOtherWrongInputGetTheDocumented401ForAWrongKey() {
    List<JsonNode> auth = phase("auth");
    assertThat(auth).hasSizeGreaterThanOrEqualTo(20);
    for (JsonNode l : auth) {
      assertThat(l.get("status").asInt()).as(describe(l)).isEqualTo(401);
      assertErrorShape(l, "errors", 401);
      assertThat(l.get("body").asText()).doesNotContain(server.fake().appApiKey());
    }
    // Every method has its wrong input: the client's check, a documented 4xx, or the 401.
    Set<String> covered = new TreeSet<>();
    lines.stream().filter(l -> !l.get("phase").asText().equals("correct"))
        .forEach(l -> covered.add(l.get("method").asText()));
    assertThat(covered).hasSize(160);
  }

  @Test
  void aCorrectRunOfEveryMethodRecordsNoAppPitfall() {
    Set<String> ids = new TreeSet<>();
    for (Pitfall p : server.fake().pitfalls()) {
      ids.add(p.id());
    }
    // The wrong phases are mistakes on purpose: a wrong key and invalid requests. Nothing else may be judged.
    assertThat(ids).isSubsetOf("wrong-api-key", "invalid-request");
  }

  private static void assertErrorShape(JsonNode l, String shape, int status) {
    JsonNode body;
    try {
      body = MAPPER.readTree(l.get("body").asText());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + describe(l), e);
    }
    if (shape.equals("meta")) {
      assertThat(body.at("/meta/error").asText()).as(describe(l)).isNotBlank();
    } else {
      assertThat(body.get("errors")).as(describe(l)).isNotNull();
      assertThat(body.at("/errors/0/detail").asText()).as(describe(l)).isNotBlank();
      assertThat(body.at("/errors/0/status").asText()).as(describe(l)).isEqualTo(String.valueOf(status));
    }
  }
}
