package dev.ciofake.internal.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.state.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns deliveries into reporting-webhook events, as Customer.io reports a message's life: {@code sent}, then
 * {@code delivered}, {@code opened}, {@code clicked}, or {@code bounced}, {@code spammed}, {@code dropped}, and the
 * person's {@code unsubscribed}.
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
  /** The metrics {@code POST /__cio/simulate/{metric}} takes, per object type (docs/customerio-facts.md section 4). */
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
      "customer", Set.of("subscribed", "unsubscribed"));

  private final WebhookEmitter emitter;

  public DeliveryEvents(WebhookEmitter emitter) {
    this.emitter = emitter;
  }

  /** A step of a delivery's life: a metric, after a delay. */
  public record Step(String metric, long afterMillis, Map<String, String> extra) {
    public Step(String metric, long afterMillis) {
      this(metric, afterMillis, Map.of());
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

  /** The steps of a delivery, from its channel and (for email) its magic recipient. */
  static List<Step> lifecycle(JsonNode delivery) {
    if (delivery.hasNonNull("esp_suppression")) {
      // the address is on the ESP's suppression list: the ESP drops the message (docs/app-api-facts.md section 4)
      return List.of(new Step("dropped", 0, Map.of("failure_message", "the address is on the ESP suppression list ("
          + delivery.get("esp_suppression").asText() + ")")));
    }
    String channel = delivery.path("channel").asText();
    if (!channel.equals("email")) {
      return List.of(new Step("sent", 0), new Step("delivered", 200));
    }
    String to = delivery.path("recipient").asText("").toLowerCase(Locale.ROOT).trim();
    String magic = magic(to);
    switch (magic == null ? "" : magic) {
      case "bounce":
        return List.of(new Step("sent", 0), new Step("bounced", 200,
            Map.of("failure_message", "550 5.1.1 The email account that you tried to reach does not exist")));
      case "complaint":
        return List.of(new Step("sent", 0), new Step("delivered", 200), new Step("spammed", 400));
      case "unsubscribe":
        return List.of(new Step("sent", 0), new Step("delivered", 200), new Step("unsubscribed", 400));
      case "delay":
        return List.of(new Step("sent", 0), new Step("delivered", 3_000));
      case "drop":
        return List.of(new Step("dropped", 0, Map.of("failure_message", "recipient is on the ESP suppression list")));
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

  /** Emits one event now and returns it. */
  public ObjectNode emitNow(Workspace w, ObjectNode event) {
    emitter.emit(w.hooks(), event, 0, () -> apply(w, event));
    return event;
  }

  /** The event of one step of a delivery, in the real shape. */
  static ObjectNode forDelivery(JsonNode delivery, Step s, long nowMillis) {
    String channel = delivery.path("channel").asText("email");
    boolean customer = s.metric().equals("unsubscribed") || s.metric().equals("subscribed");
    ObjectNode data = Json.object();
    JsonNode person = delivery.path("person");
    ObjectNode ids = Json.object();
    ids.set("id", person.path("id"));
    ids.set("email", person.path("email"));
    ids.set("cio_id", person.path("cio_id"));
    if (customer) {
      data.set("customer_id", person.path("id"));
      data.set("email_address", person.path("email").isNull() ? delivery.path("recipient") : person.path("email"));
      data.set("identifiers", ids);
      data.put("delivery_id", delivery.path("delivery_id").asText());
    } else {
      data.set("transactional_message_id", delivery.path("transactional_message_id"));
      data.put("delivery_id", delivery.path("delivery_id").asText());
      data.set("identifiers", ids);
      if (channel.equals("push")) {
        data.set("recipients", delivery.path("recipient").isArray() ? delivery.path("recipient")
            : Json.array().add(delivery.path("recipient").asText()));
      } else {
        data.put("recipient", delivery.path("recipient").asText());
      }
      if (delivery.hasNonNull("subject")) {
        data.set("subject", delivery.get("subject"));
      }
    }
    s.extra().forEach(data::put);
    // stamped with the time the step happens (a delayed delivered is later than its sent)
    return event(customer ? "customer" : objectType(channel), s.metric(), data,
        nowMillis + s.afterMillis());
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

  static String objectType(String channel) {
    switch (channel) {
      case "push":
      case "sms":
      case "whatsapp":
      case "in_app":
        return channel;
      case "inbox_message":
        return "in_app";
      default:
        return "email";
    }
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
