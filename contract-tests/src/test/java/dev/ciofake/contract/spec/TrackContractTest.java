package dev.ciofake.contract.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Track document ({@code customerio-specs/customer-io-track-api-openapi.json}) as the fake's contract: every
 * request example it gives (see {@link RequestExamples}) is sent to the fake and accepted; a few bad requests per
 * operation (no credentials, a body that breaks its schema) are refused; and every answer of this suite has a status
 * the operation documents (or one of {@link #UNDOCUMENTED_STATUSES}, each with its reason) and a body valid against
 * the operation's documented response schema for that status.
 *
 * <p>Where an example contradicts its own schema, {@link #CONTRADICTIONS} says which one the fake follows and why;
 * the list must be exact (each entry is seen, and no other example fails its schema).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrackContractTest {
  /** Example label (operation and where in the document) → which wins, the example or the schema, and why. */
  static final Map<String, String> CONTRADICTIONS = new LinkedHashMap<>();
  /** {@code METHOD path status} → why the fake answers a status the operation does not list. */
  static final Map<String, String> UNDOCUMENTED_STATUSES = new LinkedHashMap<>();

  static {
    CONTRADICTIONS.put("POST /api/v1/customers/{identifier}/events schema:eventsRequest/Mobile screen view",
        "example wins: the branch requires anonymous_id, copied from the anonymous request, but this event names"
            + " its person in the path; the example (and the Node client's screen events) send none, and the fake"
            + " accepts it");
    CONTRADICTIONS.put("POST /api/v1/events schema:anonymousEventsRequest/Page view", "example wins: it fits both"
        + " \"Standard anonymous event\" (whose type enum includes page) and \"Page view\", so the oneOf, meant as"
        + " alternatives, fails; the fake accepts it");
    CONTRADICTIONS.put("POST /api/v1/events schema:anonymousEventsRequest/Mobile screen view", "example wins: as the"
        + " page view, it fits both the standard and the screen branch");
    CONTRADICTIONS.put("POST /api/v1/merge_customers requestBody.example", "example wins: the ID, email and cio_id"
        + " branches of primary and secondary lack required, so {\"email\": ...} fits both the ID and the email"
        + " branch and the oneOf fails; the fake takes exactly one identifier each");
    for (String channel : List.of("Email", "In-app", "Push")) {
      CONTRADICTIONS.put("POST /api/v1/metrics schema/" + channel, "example wins: the channels' oneOf has no"
          + " discriminator and every metric name is in two or more channels' enums (bounced: Email, SMS, Webhook;"
          + " opened: all), so no body can fit exactly one branch; the fake takes any body that fits one channel");
    }
    CONTRADICTIONS.put("POST /api/v2/entity schema/oneOf[0]:person_operations/oneOf[9]:person_merge", "schema wins:"
        + " the example has only primary and secondary, without the type and action every v2 operation is"
        + " dispatched by (the schema requires both); the fake answers 400 naming the missing type");
    CONTRADICTIONS.put("POST /api/v2/entity schema/oneOf[1]:object_operations/oneOf[3]:object_add_relationships",
        "example wins: an object's cio_relationships are people ({\"identifiers\":{\"id\":\"42\"}}), but the schema"
        + " refers to v2_cio_relationships, the person operation's list of objects; the fake relates the object to"
        + " person 42");
    CONTRADICTIONS.put("POST /api/v2/entity schema/oneOf[1]:object_operations/oneOf[4]:object_delete_relationships",
        "example wins: as add_relationships");
    CONTRADICTIONS.put("POST /api/v2/batch schema", "example wins: its third operation is the object"
        + " add_relationships example above");
    UNDOCUMENTED_STATUSES.put("PUT /api/v1/customers/{identifier} 400", "identify documents only 200 and 401, yet the"
        + " live service answers 400 {\"meta\":{\"errors\":[...]}} for a value over the attribute limits"
        + " (customerio-node issue #29, a live body dump); the fake answers that documented shape");
    UNDOCUMENTED_STATUSES.put("PUT /api/v1/customers/{identifier} 415", "a body that is not JSON (text/plain): no"
        + " document gives a status for it; the fake names the problem with 415 in the 400's shape (docs/edge.md)");
    UNDOCUMENTED_STATUSES.put("PUT /api/v1/customers/{identifier} 413", "a body past the fake's own server-wide"
        + " limit (--max-body-bytes, 4 MiB), which protects the fake and which no document names (docs/edge.md)");
    UNDOCUMENTED_STATUSES.put("POST /api/v1/metrics 400", "the document lists only 200 for this unauthenticated"
        + " endpoint; a body that breaks its schema (no delivery_id) gets the shared 400 of the document");
    UNDOCUMENTED_STATUSES.put("POST /api/v1/push/events 400", "as /api/v1/metrics");
    UNDOCUMENTED_STATUSES.put("POST /api/v1/forms/{form_id}/submit 401", "the form endpoint is authenticated"
        + " (Tracking-API-Key) but lists no 401; every authenticated Track operation answers 401 without credentials");
  }

  private static final SpecDocument DOC = SpecDocument.load(SpecDocument.TRACK);
  private static CioFakeServer server;
  private static CioFake cio;
  private static Calls calls;
  private static String deliveryId;
  /** Every answer of this suite: operation, status, body. */
  private static final List<Answer> ANSWERS = new CopyOnWriteArrayList<>();
  private static final Set<String> CONTRADICTIONS_SEEN = new TreeSet<>();

  record Operation(String path, String method, boolean authenticated) {
    String key() {
      return method.toUpperCase() + " " + path;
    }

    String pointer() {
      return "/paths/" + SpecDocument.segment(path) + "/" + method;
    }
  }

  record Answer(Operation op, String what, int status, String body) {}

  @BeforeAll
  static void start() {
    server = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false).build());
    cio = server.fake();
    calls = new Calls(cio);
    long now = server.clock().epochSecond();
    assertThat(calls.track("PUT", "/api/v1/customers/42", "{\"email\":\"ada@example.com\",\"created_at\":" + now + "}")
        .status()).isEqualTo(200);
    Calls.Reply sent = calls.app("POST", "/v1/send/email",
        "{\"transactional_message_id\":3,\"to\":\"ada@example.com\",\"identifiers\":{\"id\":\"42\"}}");
    assertThat(sent.status()).as("%s", sent).isEqualTo(200);
    deliveryId = sent.json().get("delivery_id").asText();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static List<Operation> operations() {
    List<Operation> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = DOC.at("/paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      for (String m : List.of("get", "put", "post", "delete")) {
        JsonNode op = p.getValue().get(m);
        if (op != null) {
          JsonNode security = op.has("security") ? op.get("security") : DOC.at("/security");
          out.add(new Operation(p.getKey(), m, security.isArray() && !security.isEmpty()));
        }
      }
    }
    return out;
  }

  /** The path with its parameters filled: a person, a device, the suite's delivery, a form and a segment. */
  private static String path(Operation op) {
    return op.path().replace("{identifier}", "42").replace("{device_id}", "apns-token-1")
        .replace("{delivery_id}", deliveryId).replace("{form_id}", "contact_form").replace("{segment_id}", "7");
  }

  private static Calls.Reply send(Operation op, String body, boolean withCredentials) {
    String method = op.method().toUpperCase();
    return calls.call(method, path(op), withCredentials && op.authenticated() ? calls.trackAuth() : null, body,
        "application/json");
  }

  @Order(1)
  @TestFactory
  Stream<DynamicTest> everyRequestExampleOfTheDocumentIsAccepted() {
    RequestExamples examples = new RequestExamples(DOC);
    List<DynamicTest> tests = new ArrayList<>();
    for (Operation op : operations()) {
      List<RequestExamples.Example> bodies = examples.of(op.path(), op.method());
      if (bodies.isEmpty()) {
        tests.add(DynamicTest.dynamicTest(op.key() + " (no body)", () -> {
          Calls.Reply r = send(op, null, true);
          ANSWERS.add(new Answer(op, "no body", r.status(), r.body()));
          assertThat(r.status()).as("%s -> %s", op.key(), r).isBetween(200, 299);
        }));
      }
      for (RequestExamples.Example e : bodies) {
        String label = op.key() + " " + e.label();
        tests.add(DynamicTest.dynamicTest(label + (e.composed() ? " (composed)" : ""), () -> {
          boolean fitsSchema = DOC.valid(RequestExamples.bodySchema(op.path(), op.method()), e.body());
          Calls.Reply r = send(op, e.body().toString(), true);
          ANSWERS.add(new Answer(op, e.toString(), r.status(), r.body()));
          if (fitsSchema) {
            assertThat(r.status()).as("%s %s -> %s", label, e.body(), r).isBetween(200, 299);
            return;
          }
          CONTRADICTIONS_SEEN.add(label);
          String verdict = CONTRADICTIONS.get(label);
          List<String> why = DOC.errors(RequestExamples.bodySchema(op.path(), op.method()), e.body());
          assertThat(verdict).as("%s contradicts its own schema (%s) and is not listed in CONTRADICTIONS", label,
              why.subList(0, Math.min(4, why.size()))).isNotNull();
          if (verdict.startsWith("example")) {
            assertThat(r.status()).as("%s (the example wins) -> %s", label, r).isBetween(200, 299);
          } else {
            assertThat(r.status()).as("%s (the schema wins) -> %s", label, r).isEqualTo(400);
          }
        }));
      }
    }
    return tests.stream();
  }

  @Order(2)
  @TestFactory
  Stream<DynamicTest> badRequestsAreRefusedInTheDocumentedWay() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Operation op : operations()) {
      if (op.authenticated()) {
        tests.add(DynamicTest.dynamicTest(op.key() + " without credentials", () -> {
          Calls.Reply r = send(op, op.method().equals("get") || op.method().equals("delete") ? null : "{}", false);
          ANSWERS.add(new Answer(op, "no credentials", r.status(), r.body()));
          assertThat(r.status()).as("%s -> %s", op.key(), r).isEqualTo(401);
        }));
      }
      if (!DOC.at(RequestExamples.bodySchema(op.path(), op.method())).isMissingNode()) {
        tests.add(DynamicTest.dynamicTest(op.key() + " with a JSON array for a body", () -> {
          Calls.Reply r = send(op, "[1]", true);
          ANSWERS.add(new Answer(op, "array body", r.status(), r.body()));
          assertThat(r.status()).as("%s -> %s", op.key(), r).isEqualTo(400);
        }));
      }
    }
    return tests.stream();
  }

  @Order(2)
  @TestFactory
  Stream<DynamicTest> aBodyTheDocumentDoesNotRequireMayBeLeftOut() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Operation op : operations()) {
      String schema = RequestExamples.bodySchema(op.path(), op.method());
      if (!DOC.at(schema).isMissingNode() && DOC.valid(schema, com.fasterxml.jackson.databind.node.JsonNodeFactory
          .instance.objectNode())) {
        tests.add(DynamicTest.dynamicTest(op.key() + " with an empty body", () -> {
          Calls.Reply r = send(op, "", true);
          ANSWERS.add(new Answer(op, "empty body", r.status(), r.body()));
          assertThat(r.status()).as("%s -> %s", op.key(), r).isBetween(200, 299);
        }));
      }
    }
    assertThat(tests).as("operations whose body requires nothing").isNotEmpty();
    return tests.stream();
  }

  @Order(2)
  @TestFactory
  Stream<DynamicTest> limitsAndFramingAreRefusedWithTheirStatus() {
    Operation identify = operation("put", "/api/v1/customers/{identifier}");
    Operation entity = operation("post", "/api/v2/entity");
    Operation batch = operation("post", "/api/v2/batch");
    Operation unsubscribe = operation("post", "/unsubscribe/{delivery_id}");
    String pad = "x".repeat(33 * 1024);
    return Stream.of(
        DynamicTest.dynamicTest("v2 entity past 32 KB: the document's 400", () -> expect(entity, "over 32 KB",
            calls.track("POST", "/api/v2/entity", "{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},"
                + "\"action\":\"event\",\"name\":\"big\",\"attributes\":{\"pad\":\"" + pad + "\"}}"), 400)),
        DynamicTest.dynamicTest("v2 batch past 500 KB: the document's 400", () -> {
          StringBuilder b = new StringBuilder("{\"batch\":[");
          for (int i = 0; i < 17; i++) {
            b.append(i == 0 ? "" : ",").append("{\"type\":\"person\",\"identifiers\":{\"id\":\"42\"},")
                .append("\"action\":\"event\",\"name\":\"big\",\"attributes\":{\"pad\":\"")
                .append("y".repeat(31 * 1024)).append("\"}}");
          }
          expect(batch, "over 500 KB", calls.track("POST", "/api/v2/batch", b.append("]}").toString()), 400);
        }),
        DynamicTest.dynamicTest("/unsubscribe without Content-Type: the document's 400", () -> expect(unsubscribe,
            "no content type", calls.call("POST", path(unsubscribe), null, "{\"unsubscribe\":true}", null), 400)),
        DynamicTest.dynamicTest("identify with a text/plain body: 415, listed", () -> expect(identify, "text/plain",
            calls.call("PUT", path(identify), calls.trackAuth(), "email=ada@example.com", "text/plain"), 415)),
        DynamicTest.dynamicTest("identify past the server-wide body limit: 413, listed", () -> expect(identify,
            "over 4 MiB", calls.track("PUT", path(identify), "{\"pad\":\"" + "z".repeat(4 * 1024 * 1024) + "\"}"),
            413)));
  }

  private static Operation operation(String method, String path) {
    return operations().stream().filter(o -> o.method().equals(method) && o.path().equals(path)).findFirst()
        .orElseThrow();
  }

  private static void expect(Operation op, String what, Calls.Reply r, int status) {
    ANSWERS.add(new Answer(op, what, r.status(), r.body()));
    assertThat(r.status()).as("%s %s -> %s", op.key(), what, r).isEqualTo(status);
  }

  @Order(3)
  @Test
  void theListOfContradictionsIsExact() {
    assertThat(CONTRADICTIONS_SEEN).as("examples that contradict their schema").isEqualTo(CONTRADICTIONS.keySet());
  }

  @Order(4)
  @Test
  void everyAnswerHasADocumentedStatusAndBody() {
    assertThat(ANSWERS).hasSizeGreaterThan(40);
    Map<String, List<String>> problems = new TreeMap<>();
    Set<String> reasonsUsed = new TreeSet<>();
    for (Answer a : ANSWERS) {
      JsonNode responses = DOC.at(a.op().pointer() + "/responses");
      String key = a.op().key() + " " + a.status();
      if (!responses.has(String.valueOf(a.status()))) {
        if (UNDOCUMENTED_STATUSES.containsKey(key)) {
          reasonsUsed.add(key);
        } else {
          problems.computeIfAbsent(key, k -> new ArrayList<>()).add("status not documented (" + a.what() + ")");
          continue;
        }
      }
      JsonNode response = responses.has(String.valueOf(a.status())) ? responses.get(String.valueOf(a.status()))
          : DOC.at("/components/responses/" + a.status());
      String pointer = responsePointer(a, response);
      if (pointer == null) {
        continue;
      }
      JsonNode body = new Calls.Reply(a.status(), Map.of(), a.body()).json();
      List<String> errors = DOC.errors(pointer, body);
      if (!errors.isEmpty()) {
        problems.computeIfAbsent(key, k -> new ArrayList<>()).add(errors + " in " + a.body() + " (" + a.what() + ")");
      }
    }
    assertThat(problems).as("answers outside the documented responses").isEmpty();
    assertThat(reasonsUsed).as("undocumented statuses listed but never given").isEqualTo(
        UNDOCUMENTED_STATUSES.keySet());
  }

  /** The pointer of the documented JSON schema of an answer's status, or {@code null} when none is documented. */
  private static String responsePointer(Answer a, JsonNode response) {
    String base;
    if (response.has("$ref")) {
      base = response.get("$ref").asText().substring(1);
    } else if (response.isMissingNode()) {
      return null;
    } else {
      base = a.op().pointer() + "/responses/" + a.status();
    }
    JsonNode schema = DOC.at(base + "/content/application~1json/schema");
    return schema.isMissingNode() ? null : base + "/content/application~1json/schema";
  }
}
