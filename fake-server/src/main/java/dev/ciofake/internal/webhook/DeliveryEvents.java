package dev.ciofake.internal.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.state.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns deliveries into reporting-webhook events in the shape of Customer.io's reporting-webhook document
 * ({@code journeys-webhooks.json}, vendored in contract-tests; the fields each metric needs are listed in
 * docs/webhooks.md): {@code sent}, then {@code delivered}, {@code opened}, {@code clicked}, or {@code bounced},
 * {@code spammed}, {@code dropped}, and the person's {@code unsubscribed}.
 *
 * <p>Magic recipients on the reserved domain {@value #DOMAIN} make the life of an email deterministic, like a
 * mailbox simulator: {@code bounce@}, {@code complaint@} (metric {@code spammed}), {@code unsubscribe@},
 * {@code delay@} (delivered after 3 s) and {@code drop@}; a {@code +tag} is allowed ({@code bounce+42@cio-fake.test}).
 * Any other recipient is sent and delivered. Each event is applied to the workspace when it is emitted: a bounce or
 * complaint is remembered for the pitfalls that check the integration reacts; an unsubscribe marks the person.
 */
public final class DeliveryEvents {
  /** The reserved domain of magic recipients. */
  public static final String DOMAIN = "cio-fake.test";
  /** The metric of a person's subscription-preference change (a person event, like subscribed). */
  public static final String PREFERENCES_CHANGED = "cio_subscription_preferences_changed";
  /** The object type of events about a person rather than a message. */
  public static final String CUSTOMER = "customer";
  /**
   * The metrics of each object type, as the reporting-webhook document lists them ({@code customer}: the person
   * events, which carry the channel that caused them, or {@code customer}, as their {@code object_type}).
   */
  public static final Map<String, Set<String>> METRICS = Map.of(
      "email", Set.of("drafted", "attempted", "sent", "delivered", "opened", "clicked", "converted", "unsubscribed",
          "bounced", "dropped", "spammed", "failed", "undeliverable"),
      "push", Set.of("drafted", "attempted", "sent", "delivered", "opened", "clicked", "converted", "bounced",
          "dropped", "failed", "undeliverable"),
      "sms", Set.of("drafted", "attempted", "sent", "delivered", "clicked", "converted", "bounced", "failed",
          "undeliverable", "replied"),
      "whatsapp", Set.of("drafted", "attempted", "sent", "delivered", "opened", "clicked", "converted", "bounced",
          "dropped", "failed", "undeliverable", "replied"),
      "in_app", Set.of("drafted", "attempted", "sent", "opened", "clicked", "converted", "failed", "undeliverable"),
      "slack", Set.of("drafted", "attempted", "sent", "clicked", "failed", "undeliverable"),
      "webhook", Set.of("drafted", "attempted", "sent", "clicked", "failed", "undeliverable"),
      CUSTOMER, Set.of("subscribed", "unsubscribed", PREFERENCES_CHANGED));
  /** The keys of a delivery that say where the message came from (one of the document's four origins). */
  public static final List<String> ORIGIN_FIELDS = List.of("transactional_message_id", "campaign_id", "action_id",
      "journey_id", "parent_action_id", "trigger_event_id", "broadcast_id", "trigger_id", "newsletter_id",
      "content_id");
  /** Metrics whose events carry a {@code failure_message}. */
  private static final Set<String> FAILURES = Set.of("attempted", "failed", "undeliverable", "bounced", "dropped");
  private static final Map<String, String> DEFAULT_FAILURE = Map.of(
      "attempted", "the provider deferred the message; it will be retried",
      "failed", "the message could not be rendered: a Liquid variable is missing",
      "undeliverable", "there is no address or device to send this message to",
      "bounced", "the recipient's provider refused the message",
      "dropped", "the recipient is on the provider's suppression list");
  private static final Map<String, String> EMAIL_FAILURE = Map.of(
      "attempted", "421 4.7.0 Try again later: the provider deferred the message",
      "bounced", "550 5.1.1 The email account that you tried to reach does not exist",
      "dropped", "recipient is on the ESP suppression list");
  private static final Map<String, String> PUSH_FAILURE = Map.of(
      "bounced", "the device token is no longer registered (Unregistered)",
      "dropped", "the device has push notifications disabled");
  /** The number people reply to in a simulated SMS or WhatsApp {@code replied} (the original message's sender). */
  static final String SENDER_NUMBER = "+15550100000";

  private final WebhookEmitter emitter;

  public DeliveryEvents(WebhookEmitter emitter) {
    this.emitter = emitter;
  }

  /**
   * A step of a delivery's life: a metric after a delay, with fields that override the defaults of its data
   * ({@code failure_message}, {@code href}, ...). {@code personType} makes it the person's own event
   * ({@code unsubscribed} caused by the delivery) with that {@code object_type}: the channel that caused it, or
   * {@code customer}; {@code subscribed} and {@code cio_subscription_preferences_changed} are always person events
   * ({@code customer} unless {@code personType} says otherwise).
   */
  public record Step(String metric, long afterMillis, Map<String, JsonNode> extra, String personType) {
    public Step(String metric, long afterMillis) {
      this(metric, afterMillis, Map.of(), null);
    }

    public Step(String metric, long afterMillis, Map<String, JsonNode> extra) {
      this(metric, afterMillis, extra, null);
    }

    /** Whether this step is an event about the person rather than a metric of the message. */
    public boolean person() {
      return personType != null || personMetric(metric);
    }
  }

  /** Schedules the life of a stored delivery (a transactional send). Suppressed or skipped sends report nothing. */
  public void afterSend(Workspace w, ObjectNode delivery) {
    String state = delivery.path("state").asText();
    if (!state.equals("sent") && !state.equals("scheduled")) {
      return;
    }
    script(w, delivery, lifecycle(delivery));
  }

  /**
   * The steps of a delivery, from its channel and (for email) its magic recipient. In-app and inbox messages are
   * only {@code sent}: they have no {@code delivered} metric (they are {@code opened} when the app shows them); a
   * push to a person without a device is {@code undeliverable}.
   */
  static List<Step> lifecycle(JsonNode delivery) {
    if (delivery.hasNonNull("esp_suppression")
        && magic(delivery.path("recipient").asText("").toLowerCase(Locale.ROOT).trim()) == null) {
      // the address is on the ESP's suppression list: the ESP drops the message (docs/app-api-facts.md section 4);
      // a magic recipient plays its script every time, so a test can bounce the same address again
      return List.of(new Step("dropped", 0, Map.of("failure_message", Json.object().textNode(
          "the address is on the ESP suppression list (" + delivery.get("esp_suppression").asText() + ")"))));
    }
    String channel = delivery.path("channel").asText();
    switch (objectType(channel)) {
      case "email":
        break;
      case "in_app":
        return List.of(new Step("sent", 0));
      case "push":
        if (delivery.path("devices").isEmpty()) {
          return List.of(new Step("undeliverable", 0, Map.of("failure_message",
              Json.object().textNode("the person has no device to send a push notification to"))));
        }
        return List.of(new Step("sent", 0), new Step("delivered", 200));
      default:
        return List.of(new Step("sent", 0), new Step("delivered", 200));
    }
    String to = delivery.path("recipient").asText("").toLowerCase(Locale.ROOT).trim();
    String magic = magic(to);
    switch (magic == null ? "" : magic) {
      case "bounce":
        return List.of(new Step("sent", 0), new Step("bounced", 200));
      case "complaint":
        return List.of(new Step("sent", 0), new Step("delivered", 200), new Step("spammed", 400));
      case "unsubscribe":
        return List.of(new Step("sent", 0), new Step("delivered", 200), new Step("unsubscribed", 400),
            new Step("unsubscribed", 400, Map.of(), "email"));
      case "delay":
        return List.of(new Step("sent", 0), new Step("delivered", 3_000));
      case "drop":
        return List.of(new Step("dropped", 0));
      default:
        return List.of(new Step("sent", 0), new Step("delivered", 200));
    }
  }

  /** {@code bounce} for {@code bounce@cio-fake.test} or {@code bounce+x@cio-fake.test}, else {@code null}. */
  static String magic(String address) {
    int lt = address.lastIndexOf('<');
    String a = lt >= 0 ? address.substring(lt + 1).replace(">", "").trim() : address;
    int at = a.indexOf('@');
    if (at < 0 || !a.substring(at + 1).equals(DOMAIN)) {
      return null;
    }
    String local = a.substring(0, at);
    int plus = local.indexOf('+');
    return plus >= 0 ? local.substring(0, plus) : local;
  }

  /** Schedules the given steps for a delivery (a scripted sequence, or the life of a send). */
  public List<ObjectNode> script(Workspace w, ObjectNode delivery, List<Step> steps) {
    List<ObjectNode> events = new ArrayList<>();
    for (Step s : steps) {
      ObjectNode e = forDelivery(delivery, s, emitter.clock().millis());
      events.add(e);
      emitter.emit(w.hooks(), e, s.afterMillis(), () -> apply(w, e));
    }
    return events;
  }

  /** Each endpoint's backlog of the workspace (see {@link WebhookEmitter#backlogs}). */
  public List<ObjectNode> backlogs(Workspace w) {
    return emitter.backlogs(w.hooks());
  }

  /** Whether a metric is a person's event rather than one of a message ({@code unsubscribed} can be either). */
  public static boolean personMetric(String metric) {
    return metric.equals("subscribed") || metric.equals(PREFERENCES_CHANGED);
  }

  /** The event of one step of a delivery, in the shape of the reporting-webhook document. */
  static ObjectNode forDelivery(JsonNode delivery, Step s, long nowMillis) {
    String channel = delivery.path("channel").asText("email");
    String objectType = objectType(channel);
    boolean person = s.person();
    JsonNode p = delivery.path("person");
    ObjectNode ids = Json.object();
    ids.set("id", nullable(p.get("id")));
    ids.set("email", nullable(p.get("email")));
    ids.set("cio_id", nullable(p.get("cio_id")));
    ObjectNode data = Json.object();
    if (person) {
      // customer_id is a string, blank when the person has no id (the document: "Blank if the person ... deleted")
      data.put("customer_id", p.path("id").isTextual() ? p.get("id").asText() : "");
      JsonNode email = p.path("email").isTextual() ? p.get("email")
          : delivery.path("recipient").isTextual() && objectType.equals("email") ? delivery.get("recipient") : null;
      data.set("email_address", nullable(email));
      data.set("identifiers", ids);
      if (s.metric().equals(PREFERENCES_CHANGED)) {
        // the document's data of a preference change names the marketing message it came from
        origin(delivery, data, false);
        data.put("delivery_id", delivery.path("delivery_id").asText());
        data.put("content", "{\"topics\":{\"topic_1\":true}}");
      } else if (!delivery.path("simulated").asBoolean(false)) {
        data.put("delivery_id", delivery.path("delivery_id").asText());
      }
    } else {
      origin(delivery, data, true);
      if (p.path("id").isTextual()) {
        data.put("customer_id", p.get("id").asText());
      }
      data.put("delivery_id", delivery.path("delivery_id").asText());
      data.set("identifiers", ids);
      recipient(delivery, objectType, s.metric(), data);
      if (objectType.equals("email")) {
        data.put("subject", subject(delivery));
      }
      if (FAILURES.contains(s.metric())) {
        data.put("failure_message", failureMessage(objectType, s.metric()));
      }
      if (s.metric().equals("clicked")) {
        data.put("href", "https://example.com/");
        data.put("link_id", 1);
      }
      if (s.metric().equals("replied")) {
        data.put("to", SENDER_NUMBER);
        data.put("inbound_event_id", Ulid.of(nowMillis + s.afterMillis()));
      }
    }
    s.extra().forEach(data::set);
    // stamped with the time the step happens (a delayed delivered is later than its sent)
    String type = !person ? objectType : s.personType() != null ? s.personType() : CUSTOMER;
    return event(type, s.metric(), data, nowMillis + s.afterMillis());
  }

  /**
   * Where the message came from: a transactional message ({@code transactional_message_id}), a campaign, an
   * API-triggered broadcast or a newsletter, from the delivery's fields. A send without a template reports
   * transactional message 1, where Customer.io rolls such sends up; a preference change (which the document only
   * attributes to a campaign, broadcast or newsletter) of a transactional delivery reports campaign 1.
   */
  private static void origin(JsonNode delivery, ObjectNode data, boolean transactionalAllowed) {
    boolean any = false;
    for (String f : ORIGIN_FIELDS) {
      JsonNode v = delivery.get(f);
      if (v != null && !v.isNull() && (transactionalAllowed || !f.equals("transactional_message_id"))) {
        data.set(f, v);
        any = true;
      }
    }
    if (!any) {
      if (transactionalAllowed && delivery.has("transactional_message_id")) {
        data.put("transactional_message_id", 1);
      } else {
        data.put("campaign_id", 1);
        data.put("action_id", 1);
      }
    }
  }

  /** The default {@code failure_message} of a failure metric on a channel (a request may give its own). */
  static String failureMessage(String objectType, String metric) {
    Map<String, String> channel = objectType.equals("email") ? EMAIL_FAILURE
        : objectType.equals("push") ? PUSH_FAILURE : Map.of();
    return channel.getOrDefault(metric, DEFAULT_FAILURE.get(metric));
  }

  /** {@code recipient} (the address, phone, id, channel or URL) or, for push, {@code recipients} (devices). */
  private static void recipient(JsonNode delivery, String objectType, String metric, ObjectNode data) {
    JsonNode to = delivery.get("recipient");
    switch (objectType) {
      case "push":
        // a bounced or dropped push says why for each device
        ArrayNode devices = Json.array();
        delivery.path("devices").forEach(d -> {
          ObjectNode device = d.deepCopy();
          if (metric.equals("bounced") || metric.equals("dropped")) {
            device.put("failure_message", failureMessage("push", metric));
          }
          devices.add(device);
        });
        data.set("recipients", devices);
        return;
      case "slack":
        data.put("recipient", to != null && to.isTextual() && to.asText().startsWith("#") ? to.asText() : "#general");
        return;
      case "webhook":
        data.put("recipient", to != null && to.isTextual() && to.asText().startsWith("http") ? to.asText()
            : "https://example.com/webhook");
        return;
      case "in_app":
        JsonNode p = delivery.path("person");
        data.put("recipient", to != null && to.isTextual() ? to.asText()
            : p.path("id").isTextual() ? p.get("id").asText() : p.path("email").asText(""));
        return;
      default:
        data.put("recipient", to == null || to.isNull() ? "" : to.asText());
    }
  }

  /**
   * The subject of an email event: the send's own {@code subject}, else the template's. The fake has no templates,
   * so a template send reports a stand-in naming its template.
   */
  static String subject(JsonNode delivery) {
    if (delivery.path("subject").isTextual()) {
      return delivery.get("subject").asText();
    }
    JsonNode template = delivery.get("transactional_message_id");
    return template != null && !template.isNull() ? "Transactional message " + template.asText() : "(no subject)";
  }

  private static JsonNode nullable(JsonNode n) {
    return n == null || n.isMissingNode() ? Json.object().nullNode() : n;
  }

  /**
   * A webhook event happening now: {@code event_id} (ULID), {@code object_type}, {@code metric}, {@code timestamp},
   * {@code data}.
   */
  public ObjectNode event(String objectType, String metric, ObjectNode data) {
    return event(objectType, metric, data, emitter.clock().millis());
  }

  static ObjectNode event(String objectType, String metric, ObjectNode data, long atMillis) {
    ObjectNode e = Json.object();
    e.put("event_id", Ulid.of(atMillis));
    e.put("object_type", objectType);
    e.put("metric", metric);
    e.put("timestamp", atMillis / 1000);
    e.set("data", data);
    return e;
  }

  /** The object type of a channel's events ({@code inbox_message} reports as {@code in_app}). */
  public static String objectType(String channel) {
    switch (channel) {
      case "push":
      case "sms":
      case "whatsapp":
      case "in_app":
      case "slack":
      case "webhook":
        return channel;
      case "inbox_message":
        return "in_app";
      default:
        return "email";
    }
  }

  /** Copies the origin fields a simulate or script request may set ({@code campaign_id}, ...) from its body. */
  public static Map<String, JsonNode> originOf(JsonNode body) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String f : ORIGIN_FIELDS) {
      if (body.hasNonNull(f)) {
        out.put(f, body.get(f));
      }
    }
    return out;
  }

  /** Applies an emitted event to the workspace: bounces, complaints and unsubscribes are remembered. */
  void apply(Workspace w, JsonNode e) {
    w.messages().deliveryEvent(e);
    String metric = e.path("metric").asText();
    if (!metric.equals("bounced") && !metric.equals("spammed") && !metric.equals("unsubscribed")) {
      return;
    }
    String cioId = e.path("data").path("identifiers").path("cio_id").asText(null);
    if (cioId == null || cioId.isEmpty()) {
      return;
    }
    String email = e.path("data").path("identifiers").path("email").asText(null);
    w.messages().recordDeliveryProblem(cioId, metric, email, e.path("event_id").asText(), emitter.clock().millis());
  }
}
