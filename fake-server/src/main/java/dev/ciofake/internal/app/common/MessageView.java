package dev.ciofake.internal.app.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.Json;
import java.util.function.Predicate;

/**
 * A stored delivery as the App API shows a message: the Track document's {@code messageObject} (every parent's key,
 * the unrelated ones {@code null}; the metrics reached so far, each its Unix time) and its filters.
 */
public final class MessageView {
  private MessageView() {}

  /** The Track document's {@code messageType} of a channel ({@code twilio} for SMS). */
  public static String type(String channel) {
    return dev.ciofake.internal.state.Messages.documentChannel(channel);
  }

  /** The delivery as a {@code messageObject}. */
  public static ObjectNode message(JsonNode d) {
    ObjectNode m = Json.object();
    String id = d.path("delivery_id").asText();
    long created = d.path("created").asLong(d.path("queued_at").asLong());
    m.put("id", id);
    m.put("deduplicate_id", id + ":" + created);
    JsonNode person = d.path("person");
    m.set("customer_id", person.path("id").isTextual() ? person.get("id") : Json.object().nullNode());
    ObjectNode ids = m.putObject("customer_identifiers");
    ids.set("email", person.path("email").isTextual() ? person.get("email") : Json.object().nullNode());
    ids.set("id", person.path("id").isTextual() ? person.get("id") : Json.object().nullNode());
    ids.put("cio_id", person.path("cio_id").asText(""));
    JsonNode recipient = d.path("recipient");
    m.put("recipient", recipient.isArray() ? recipient.path(0).asText("") : recipient.asText(""));
    if (d.path("subject").isTextual()) {
      m.set("subject", d.get("subject"));
    }
    m.set("metrics", d.path("metrics").isObject() ? d.get("metrics").deepCopy() : Json.object());
    m.put("created", created);
    m.set("failure_message", d.path("failure_message").isTextual() ? d.get("failure_message")
        : Json.object().nullNode());
    idOrNull(m, "campaign_id", d);
    if (d.path("action_id").canConvertToLong()) {
      m.put("action_id", d.get("action_id").asLong());
    }
    idOrNull(m, "newsletter_id", d);
    if (d.path("content_id").canConvertToLong()) {
      m.put("content_id", d.get("content_id").asLong());
    }
    idOrNull(m, "broadcast_id", d);
    m.putNull("trigger_event_id");
    if (d.hasNonNull("transactional_message_id")) {
      m.set("transactional_message_id", d.get("transactional_message_id"));
    }
    m.put("type", type(d.path("channel").asText("email")));
    m.put("forgotten", d.path("disable_message_retention").asBoolean(false));
    return m;
  }

  private static void idOrNull(ObjectNode m, String field, JsonNode d) {
    if (d.path(field).canConvertToLong() && d.path(field).asLong() > 0) {
      m.put(field, d.get(field).asLong());
    } else {
      m.putNull(field);
    }
  }

  /** The metric a delivery reached last of those the {@code metric} filter names ({@code sent}, ...). */
  public static boolean reached(JsonNode d, String metric) {
    return d.path("metrics").has(metric) || (metric.equals("created"));
  }

  /**
   * The filter of a message list's query: {@code type} (a messageType), {@code metric} (reached),
   * {@code start_ts}/{@code end_ts} (created between), and {@code campaign_id}, {@code newsletter_id},
   * {@code action_id}, {@code broadcast_id}, {@code transactional_id} when the list is not already one parent's.
   */
  public static Predicate<ObjectNode> filter(java.util.Map<String, String> q) {
    String type = q.get("type");
    String metric = q.get("metric");
    Long from = number(q.get("start_ts") != null ? q.get("start_ts") : q.get("start_t"));
    Long to = number(q.get("end_ts") != null ? q.get("end_ts") : q.get("end_t"));
    return d -> (type == null || type.isEmpty() || type.equals(type(d.path("channel").asText("email"))))
        && (metric == null || metric.isEmpty() || reached(d, metric))
        && (from == null || d.path("created").asLong() >= from)
        && (to == null || d.path("created").asLong() <= to)
        && parent(q, d, "campaign_id") && parent(q, d, "newsletter_id") && parent(q, d, "action_id")
        && parent(q, d, "broadcast_id") && parent(q, "transactional_id", d, "transactional_id");
  }

  /** The documented {@code type} values of a message list (docs/app-api-facts.md, Messages). */
  public static final java.util.List<String> TYPES = java.util.List.of("email", "webhook", "twilio", "whatsapp",
      "slack", "push", "in_app", "live_notification");
  /** The documented {@code metric} values of a message list. */
  public static final java.util.List<String> METRICS = java.util.List.of("attempted", "sent", "delivered", "opened",
      "clicked", "converted", "bounced", "spammed", "unsubscribed", "dropped", "failed", "undeliverable");

  /**
   * The rule of a message list's query: {@code type}, {@code metric} and the Unix-second bounds take only what the
   * official operation lists; anything else is the documented 400 "The request was malformed." (unknown query
   * parameters are ignored, as the service does).
   */
  public static void queryRule(dev.ciofake.internal.validation.RuleInput in) {
    java.util.Map<String, String> q = in.query();
    oneOf(in, q.get("type"), "type", TYPES);
    oneOf(in, q.get("metric"), "metric", METRICS);
    for (String t : java.util.List.of("start_ts", "end_ts")) {
      String v = q.get(t);
      if (v != null && !v.isEmpty() && number(v) == null) {
        in.addViolation(dev.ciofake.internal.http.Violation.of("parameter", t, v,
            "The request was malformed: " + t + " must be a Unix timestamp in seconds, got '" + v + "'"));
      }
    }
  }

  private static void oneOf(dev.ciofake.internal.validation.RuleInput in, String v, String name,
      java.util.List<String> allowed) {
    if (v != null && !v.isEmpty() && !allowed.contains(v)) {
      in.addViolation(dev.ciofake.internal.http.Violation.of("parameter", name, v,
          "The request was malformed: " + name + " must be one of " + String.join(", ", allowed) + ", got '" + v
          + "'"));
    }
  }

  private static boolean parent(java.util.Map<String, String> q, JsonNode d, String field) {
    return parent(q, field, d, field);
  }

  private static boolean parent(java.util.Map<String, String> q, String param, JsonNode d, String field) {
    String want = q.get(param);
    return want == null || want.isEmpty() || want.equals(d.path(field).asText());
  }

  private static Long number(String s) {
    try {
      return s == null || s.isEmpty() ? null : Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
