package dev.ciofake.contract.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every reporting-webhook payload the fake can emit, validated against Customer.io's own reporting-webhook document
 * ({@code customerio-specs/customer-io-reporting-webhooks-openapi.json}: the {@code oneOf} of
 * {@code webhooks.reportingWebhook}'s request body, draft 2020-12, the document's own {@code $ref}s), as it arrives at
 * an endpoint over HTTP: the life of every kind of send (every channel, template and inline email, every magic
 * recipient), {@code POST /__cio/simulate/{metric}} for every object type and metric the document names (for a
 * person and for a stored delivery of each channel), and scripted sequences of every metric of each channel.
 *
 * <p>The document has slips of its own that make correct payloads fail; each is a named in-memory patch in
 * {@link #SLIPS}, and a payload may fail the unpatched document only for those (the test checks which patches each
 * failure needs). Every object type and metric of the document must have been emitted at least once.
 */
class WebhookPayloadContractTest {
  static final String SECRET = "whsec-contract-5e1f";
  static final String BODY = "/webhooks/reportingWebhook/post/requestBody/content/application~1json/schema";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern EVENT_SCHEMA =
      Pattern.compile("(email|push|sms|whatsapp|slack|webhook|in_app)_([a-z_]+)|person_([a-z_]+)");

  /**
   * The document's own slips, each a patch of the in-memory copy. Keys name the slip; nothing else is excused.
   */
  static final Map<String, Consumer<ObjectNode>> SLIPS = new LinkedHashMap<>();

  static {
    SLIPS.put("push_drafted's metric enum is [\"attempted\"] (a copy of push_attempted's), so a push drafted event"
        + " fits no branch and a push attempted event fits two", doc -> ((ObjectNode) doc
            .at("/components/schemas/push_drafted/allOf/1/properties/metric")).set("enum",
            MAPPER.createArrayNode().add("drafted")));
    SLIPS.put("other_event_common_data (the data of sms, whatsapp, in_app, slack and webhook events) lacks the"
        + " \"Transactional message\" branch of event_common_data, although /v1/send/sms, /v1/send/whatsapp,"
        + " /v1/send/in_app and /v1/send/inbox_message send transactional messages on those channels", doc -> {
          JsonNode transactional = null;
          for (JsonNode branch : doc.at("/components/schemas/event_common_data/oneOf")) {
            if (branch.path("title").asText().equals("Transactional message")) {
              transactional = branch;
            }
          }
          ((ArrayNode) doc.at("/components/schemas/other_event_common_data/oneOf")).add(transactional.deepCopy());
        });
  }

  private static final FakeClock CLOCK = FakeClock.frozenAt(Instant.parse("2026-12-01T10:00:00Z"));
  private static CioFakeServer server;
  private static CioFake cio;
  private static Calls calls;
  private static WebhookInbox inbox;
  private static final List<String> refused = new ArrayList<>();
  private static final Map<String, String> deliveries = new LinkedHashMap<>();

  @BeforeAll
  static void emitEverything() {
    inbox = WebhookInbox.start();
    server = CioFakeServer.start(CioFakeOptions.builder().clock(CLOCK).rateLimits(false).build());
    cio = server.fake();
    cio.webhook(inbox.url(), SECRET);
    calls = new Calls(cio);
    long now = CLOCK.epochSecond();

    ok(calls.track("PUT", "/api/v1/customers/42",
        "{\"email\":\"ada@example.com\",\"phone\":\"+15551234567\",\"created_at\":" + now + "}"));
    ok(calls.track("PUT", "/api/v1/customers/42/devices",
        "{\"device\":{\"id\":\"apns-token-1\",\"platform\":\"ios\",\"last_used\":" + now + "}}"));
    ok(calls.track("PUT", "/api/v1/customers/bob%40example.com", "{\"created_at\":" + now + "}"));

    // the life of every kind of send
    send("email", "template", "{\"transactional_message_id\":3,\"to\":\"ada@example.com\","
        + "\"identifiers\":{\"id\":\"42\"}}");
    send("email", "inline", "{\"to\":\"Ada <ada@example.com>\",\"identifiers\":{\"id\":\"42\"},"
        + "\"from\":\"shop@example.com\",\"subject\":\"Your order\",\"body\":\"<p>Shipped</p>\"}");
    send("email", "by-email", "{\"transactional_message_id\":\"welcome\",\"to\":\"bob@example.com\","
        + "\"identifiers\":{\"email\":\"bob@example.com\"}}");
    for (String magic : List.of("bounce", "complaint", "unsubscribe", "delay", "drop")) {
      send("email", magic, "{\"transactional_message_id\":3,\"to\":\"" + magic + "+42@cio-fake.test\","
          + "\"identifiers\":{\"id\":\"42\"},\"subject\":\"Magic " + magic + "\"}");
    }
    send("push", "devices", "{\"transactional_message_id\":4,\"identifiers\":{\"id\":\"42\"}}");
    send("push", "custom-device", "{\"transactional_message_id\":4,\"identifiers\":{\"id\":\"42\"},"
        + "\"custom_device\":{\"token\":\"fcm-token-9\",\"platform\":\"android\"}}");
    send("push", "no-device", "{\"transactional_message_id\":4,\"identifiers\":{\"email\":\"bob@example.com\"}}");
    send("sms", "to", "{\"transactional_message_id\":5,\"identifiers\":{\"id\":\"42\"},\"to\":\"+15551234567\"}");
    send("whatsapp", "to", "{\"transactional_message_id\":6,\"identifiers\":{\"id\":\"42\"},\"to\":\"+15551234567\"}");
    send("in_app", "id", "{\"transactional_message_id\":7,\"identifiers\":{\"id\":\"42\"}}");
    send("inbox_message", "id", "{\"transactional_message_id\":8,\"identifiers\":{\"id\":\"42\"}}");
    cio.advanceClock(Duration.ofSeconds(10));

    // POST /__cio/simulate/{metric}: for a person, for a stored delivery of each channel, and customer events
    Map<String, Set<String>> metrics = documentedMetrics();
    metrics.forEach((type, ms) -> ms.forEach(metric -> {
      if (type.equals("customer")) {
        simulate(metric, "{\"person\":\"42\"}");
        simulate(metric, "{\"person\":\"bob@example.com\"}");
      } else {
        simulate(metric, "{\"person\":\"42\",\"object_type\":\"" + type + "\"}");
      }
    }));
    deliveries.forEach((label, id) -> {
      String type = label.startsWith("inbox_message") ? "in_app" : label.substring(0, label.indexOf('/'));
      if (label.endsWith("/template") || !label.startsWith("email")) {
        metrics.get(type).forEach(metric -> simulate(metric, "{\"delivery_id\":\"" + id + "\"}"));
      }
    });
    // scripted sequences: every metric of the channel, one request per delivery
    deliveries.forEach((label, id) -> {
      String type = label.startsWith("inbox_message") ? "in_app" : label.substring(0, label.indexOf('/'));
      if (label.endsWith("/template") || !label.startsWith("email")) {
        StringBuilder steps = new StringBuilder();
        int i = 0;
        for (String metric : metrics.get(type)) {
          steps.append(steps.length() == 0 ? "" : ",").append("{\"metric\":\"").append(metric)
              .append("\",\"after_ms\":").append(10 * i++).append('}');
        }
        Calls.Reply r = calls.admin("POST", "/workspaces/" + cio.siteId() + "/deliveries/" + id + "/events",
            "{\"events\":[" + steps + "]}");
        if (r.status() != 201) {
          refused.add("script of " + label + " -> " + r);
        }
      }
    });
    cio.advanceClock(Duration.ofSeconds(10));
    // events reach an endpoint in the order they fall due (its backlog), so once an event simulated now has arrived,
    // everything due before it has too
    Calls.Reply marker = calls.admin("POST", "/simulate/opened", "{\"person\":\"42\"}");
    String markerId = marker.json().at("/event/event_id").asText();
    await("every event due before " + markerId + " at the endpoint").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> inbox.received().stream().anyMatch(r -> r.json().path("event_id").asText().equals(markerId)));
    assertThat(inbox.received()).as("every emitted event arrived").hasSameSizeAs(cio.webhookEvents());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (inbox != null) {
      inbox.close();
    }
  }

  private static void ok(Calls.Reply r) {
    assertThat(r.status()).as("setup call -> %s", r).isBetween(200, 299);
  }

  private static void send(String channel, String label, String body) {
    Calls.Reply r = calls.app("POST", "/v1/send/" + channel, body);
    assertThat(r.status()).as("send %s %s -> %s", channel, label, r).isEqualTo(200);
    deliveries.put(channel + "/" + label, r.json().get("delivery_id").asText());
  }

  private static void simulate(String metric, String body) {
    Calls.Reply r = calls.admin("POST", "/simulate/" + metric, body);
    if (r.status() != 201) {
      refused.add("simulate " + metric + " " + body + " -> " + r);
    }
  }

  /**
   * Every object type and its metrics, as the document lists them: the request body's {@code oneOf} names one
   * {@code <type>_event} per object type ({@code customer_event} for people), whose {@code oneOf} names one schema per
   * metric ({@code email_sent}, {@code person_subscribed}).
   */
  static Map<String, Set<String>> documentedMetrics() {
    SpecDocument doc = SpecDocument.load(SpecDocument.WEBHOOKS);
    Map<String, Set<String>> out = new TreeMap<>();
    for (JsonNode type : doc.at(BODY + "/oneOf")) {
      String typeSchema = type.get("$ref").asText();
      String objectType = typeSchema.substring(typeSchema.lastIndexOf('/') + 1).replace("_event", "");
      for (JsonNode metric : doc.at(typeSchema.substring(1) + "/oneOf")) {
        Matcher m = EVENT_SCHEMA.matcher(metric.get("$ref").asText().replace("#/components/schemas/", ""));
        assertThat(m.matches()).as("event schema %s", metric).isTrue();
        out.computeIfAbsent(objectType, k -> new TreeSet<>()).add(m.group(3) != null ? m.group(3) : m.group(2));
      }
    }
    return out;
  }

  private static String key(JsonNode e) {
    return e.path("object_type").asText() + "/" + e.path("metric").asText();
  }

  /** The event schema of one payload, for readable errors ({@code email_sent}, {@code person_subscribed}). */
  private static String specific(JsonNode e) {
    String metric = e.path("metric").asText();
    boolean person = metric.equals("subscribed") || metric.equals("cio_subscription_preferences_changed")
        || (metric.equals("unsubscribed") && e.path("data").has("email_address"));
    return "/components/schemas/" + (person ? "person_" + metric : e.path("object_type").asText() + "_" + metric);
  }

  @Test
  void theFakeEmitsEveryObjectTypeAndMetricOfTheDocument() {
    assertThat(refused).as("simulate and script requests the fake refused").isEmpty();
    Set<String> emitted = new TreeSet<>();
    inbox.received().forEach(r -> {
      JsonNode e = r.json();
      boolean person = e.path("data").has("email_address") && !e.path("data").has("recipient");
      emitted.add((person ? "customer" : e.path("object_type").asText()) + "/" + e.path("metric").asText());
    });
    Set<String> documented = new TreeSet<>();
    documentedMetrics().forEach((type, ms) -> ms.forEach(m -> documented.add(type + "/" + m)));
    assertThat(emitted).as("object type/metric pairs emitted").containsAll(documented);
    assertThat(documented).as("the document's object type/metric pairs").hasSizeGreaterThanOrEqualTo(69);
  }

  @Test
  void everyPayloadIsValidAgainstTheWebhookDocumentBeyondItsNamedSlips() {
    SpecDocument doc = SpecDocument.load(SpecDocument.WEBHOOKS);
    SpecDocument patched = doc.patched(SLIPS);
    List<WebhookInbox.Received> received = inbox.received();
    assertThat(received).hasSizeGreaterThan(150);
    Map<String, List<String>> invalid = new TreeMap<>();
    int invalidUnpatched = 0;
    for (WebhookInbox.Received r : received) {
      JsonNode e = r.json();
      boolean valid = doc.valid(BODY, e);
      if (!valid) {
        invalidUnpatched++;
      }
      if (!patched.valid(BODY, e)) {
        List<String> why = patched.at(specific(e)).isMissingNode() ? List.of("no schema " + specific(e))
            : patched.errors(specific(e), e);
        invalid.computeIfAbsent(key(e), k -> new ArrayList<>()).add(why + " in " + e);
      }
    }
    System.out.printf("webhook payloads: %d received, %d outside the unpatched document, %d outside the document"
        + " with its %d named slips patched%n", received.size(), invalidUnpatched,
        invalid.values().stream().mapToInt(List::size).sum(), SLIPS.size());
    StringBuilder summary = new StringBuilder();
    invalid.forEach((k, v) -> summary.append("\n  ").append(k).append(" x").append(v.size()).append(": ")
        .append(v.get(0)));
    assertThat(invalid.keySet()).as("payloads outside the reporting-webhook document (patched only for its named"
        + " slips):%s", summary).isEmpty();
  }

  @Test
  void eachNamedSlipExcusesSomePayloadAndNoPayloadNeedsAnyOtherExcuse() {
    SpecDocument doc = SpecDocument.load(SpecDocument.WEBHOOKS);
    for (String slip : SLIPS.keySet()) {
      SpecDocument without = doc.patched(without(slip));
      long excused = inbox.received().stream().map(WebhookInbox.Received::json).filter(e -> !without.valid(BODY, e))
          .count();
      assertThat(excused).as("payloads that need the patch '%s'", slip).isPositive();
    }
  }

  private static Map<String, Consumer<ObjectNode>> without(String slip) {
    Map<String, Consumer<ObjectNode>> m = new LinkedHashMap<>(SLIPS);
    m.remove(slip);
    return m;
  }

  @Test
  void everyRequestIsSignedPlainHttp11WithoutUpgradeHeaders() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    for (WebhookInbox.Received r : inbox.received()) {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.headers()).doesNotContainKeys("upgrade", "http2-settings");
      assertThat(r.headers().getOrDefault("connection", "")).doesNotContainIgnoringCase("upgrade");
      assertThat(r.headers().get("content-type")).startsWith("application/json");
      String ts = r.headers().get("x-cio-timestamp");
      byte[] signed = ("v0:" + ts + ":" + new String(r.body(), StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8);
      assertThat(r.headers().get("x-cio-signature")).isEqualTo(HexFormat.of().formatHex(mac.doFinal(signed)));
    }
  }
}
