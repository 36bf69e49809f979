package dev.ciofake.internal.admin;

import static dev.ciofake.internal.admin.AdminSupport.json;
import static dev.ciofake.internal.admin.AdminSupport.ok;
import static dev.ciofake.internal.admin.AdminSupport.text;
import static dev.ciofake.internal.admin.AdminSupport.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.FakeClock;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.WebhookHooks;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.state.WorkspaceRegistry;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.util.Secrets;
import dev.ciofake.internal.webhook.DeliveryEvents;
import dev.ciofake.internal.webhook.Ulid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin handlers about reporting webhooks and delivery events: a workspace's webhook targets, the attempts and
 * events sent, and simulated or scripted delivery events.
 */
final class DeliveryAdmin {
  private final WorkspaceRegistry registry;
  private final DeliveryEvents deliveryEvents;
  private final FakeClock clock;
  private final AdminGuard guard;

  DeliveryAdmin(WorkspaceRegistry registry, DeliveryEvents deliveryEvents, FakeClock clock, AdminGuard guard) {
    this.registry = registry;
    this.deliveryEvents = deliveryEvents;
    this.clock = clock;
    this.guard = guard;
  }

  ApiResponse webhooks(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    ObjectNode n = Json.object();
    ArrayNode arr = n.putArray("webhooks");
    w.hooks().targets().forEach(h -> arr.add(webhookJson(h)));
    return ok(n);
  }

  /** {@code POST .../webhooks {"url": ..., "secret": ...}}; the secret defaults to the fake's default secret. */
  ApiResponse addWebhook(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    String url = text(ex.body(), "url");
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new StateRejection("url", "url is required: the http(s) URL to post events to");
    }
    String refused = guard.webhookTargetProblem(url);
    if (refused != null) {
      throw new StateRejection("url", refused, 403);
    }
    String secret = text(ex.body(), "secret");
    w.hooks().add(new WebhookHooks.Target(url, secret == null || secret.isEmpty()
        ? dev.ciofake.CioFakeOptions.DEFAULT_WEBHOOK_SECRET : secret));
    ObjectNode n = Json.object();
    ArrayNode arr = n.putArray("webhooks");
    w.hooks().targets().forEach(h -> arr.add(webhookJson(h)));
    return json(201, n);
  }

  static ObjectNode webhookJson(WebhookHooks.Target t) {
    ObjectNode n = Json.object();
    n.put("url", t.url());
    n.put("secret", Secrets.mask(t.secret()));
    return n;
  }

  ApiResponse webhookDeliveries(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    ObjectNode n = Json.object();
    ArrayNode attempts = n.putArray("attempts");
    w.hooks().attempts().forEach(attempts::add);
    ArrayNode events = n.putArray("events");
    w.hooks().emitted().forEach(events::add);
    ArrayNode backlogs = n.putArray("backlogs");
    deliveryEvents.backlogs(w).forEach(backlogs::add);
    return ok(n);
  }

  /**
   * {@code POST /__cio/simulate/{metric}}: emits one event now, for a delivery ({@code delivery_id}) or a person
   * ({@code person}: id, email or cio_ id), in a workspace ({@code site_id}, default the default workspace). A
   * person's event is for a simulated message on {@code object_type} (default {@code email}) from campaign 1 unless
   * the body names its origin ({@code campaign_id} and {@code action_id}, {@code broadcast_id} and
   * {@code trigger_id}, {@code newsletter_id}, or {@code transactional_message_id}); {@code subscribed},
   * {@code cio_subscription_preferences_changed} and a person's {@code unsubscribed} are the person's own events
   * ({@code object_type} {@code customer} unless the body names the channel that caused it).
   */
  ApiResponse simulate(Exchange ex) {
    JsonNode b = ex.body();
    String metric = ex.pathParam("metric");
    Workspace w = text(b, "site_id") == null ? registry.defaultWorkspace() : workspace(registry, text(b, "site_id"));
    String objectType = text(b, "object_type");
    ObjectNode delivery;
    boolean forPerson;
    if (text(b, "delivery_id") != null) {
      delivery = w.messages().delivery(text(b, "delivery_id"));
      if (delivery == null) {
        throw new StateRejection("delivery_id", "no delivery " + text(b, "delivery_id") + " in workspace "
            + w.siteId(), 404);
      }
      forPerson = false;
      String channel = DeliveryEvents.objectType(delivery.path("channel").asText("email"));
      if (objectType != null && !objectType.equals(channel) && !objectType.equals(DeliveryEvents.CUSTOMER)) {
        throw new StateRejection("object_type", "delivery " + text(b, "delivery_id") + " is a " + channel
            + " message, not " + objectType);
      }
    } else if (text(b, "person") != null) {
      ObjectNode p = w.people().read(PersonRef.fromPath(text(b, "person"), true), AdminViews::person);
      if (p == null) {
        throw new StateRejection("person", "no person " + text(b, "person") + " in workspace " + w.siteId(), 404);
      }
      forPerson = true;
      delivery = Json.object();
      delivery.put("delivery_id", "simulated-" + Ulid.of(clock.millis()));
      delivery.put("simulated", true);
      String channel = objectType == null || objectType.equals(DeliveryEvents.CUSTOMER) ? "email" : objectType;
      delivery.put("channel", channel);
      ObjectNode person = delivery.putObject("person");
      person.set("cio_id", p.get("cio_id"));
      person.set("id", p.get("id"));
      person.set("email", p.get("email"));
      JsonNode phone = p.path("attributes").get("phone");
      delivery.set("recipient", b.hasNonNull("recipient") ? b.get("recipient")
          : (channel.equals("sms") || channel.equals("whatsapp")) && phone != null ? phone : p.get("email"));
      ArrayNode devices = delivery.putArray("devices");
      p.path("devices").forEach(d -> {
        ObjectNode device = devices.addObject();
        device.put("device_id", d.path("id").asText());
        if (d.path("platform").asText().equals("ios") || d.path("platform").asText().equals("android")) {
          device.put("device_platform", d.path("platform").asText());
        }
      });
      DeliveryEvents.originOf(b).forEach(delivery::set);
    } else {
      throw new StateRejection("body", "give delivery_id or person");
    }
    String channel = DeliveryEvents.objectType(delivery.path("channel").asText("email"));
    boolean personEvent = DeliveryEvents.personMetric(metric)
        || (metric.equals("unsubscribed") && (DeliveryEvents.CUSTOMER.equals(objectType)
            || (forPerson && objectType == null)));
    String type = personEvent ? DeliveryEvents.CUSTOMER : channel;
    if (!DeliveryEvents.METRICS.getOrDefault(type, java.util.Set.of()).contains(metric)) {
      throw new StateRejection("metric", "metric " + metric + " does not exist for object_type " + type
          + "; use one of " + new java.util.TreeSet<>(DeliveryEvents.METRICS.getOrDefault(type,
              java.util.Set.of())));
    }
    if (metric.equals(DeliveryEvents.PREFERENCES_CHANGED) && !forPerson) {
      throw new StateRejection("delivery_id", "a subscription preference change comes from a campaign, broadcast"
          + " or newsletter message, which the fake does not store; simulate it for a person");
    }
    String personType = !personEvent ? null : objectType != null ? objectType
        : DeliveryEvents.CUSTOMER;
    List<DeliveryEvents.Step> steps = List.of(new DeliveryEvents.Step(metric, 0, extra(b), personType));
    ObjectNode n = Json.object();
    n.set("event", deliveryEvents.script(w, delivery, steps).get(0));
    return json(201, n);
  }

  /** The fields of a simulated or scripted event's data that a request may set. */
  static Map<String, JsonNode> extra(JsonNode b) {
    Map<String, JsonNode> extra = new java.util.LinkedHashMap<>();
    for (String f : List.of("failure_message", "href", "subject", "content", "to", "inbound_event_id")) {
      if (text(b, f) != null) {
        extra.put(f, b.get(f).isTextual() ? b.get(f) : Json.object().textNode(text(b, f)));
      }
    }
    JsonNode linkId = b.get("link_id");
    if (linkId != null && !linkId.isNull()) {
      String v = linkId.asText();
      if (!(linkId.canConvertToLong() || v.matches("[0-9]{1,18}"))) {
        throw new StateRejection("link_id", "link_id must be an integer (the tracked link's id), got " + linkId);
      }
      extra.put("link_id", Json.object().numberNode(Long.parseLong(v)));
    }
    return extra;
  }

  /** {@code POST .../deliveries/{id}/events {"events":[{"metric":"opened","after_ms":500}]}}: a scripted sequence. */
  ApiResponse scriptDelivery(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    ObjectNode delivery = w.messages().delivery(ex.pathParam("delivery_id"));
    if (delivery == null) {
      throw new StateRejection("delivery_id", "no delivery " + ex.pathParam("delivery_id"), 404);
    }
    JsonNode list = ex.body().get("events");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new StateRejection("events", "events must be a non-empty array of {metric, after_ms}");
    }
    String objectType = DeliveryEvents.objectType(delivery.path("channel").asText("email"));
    List<DeliveryEvents.Step> steps = new ArrayList<>();
    for (JsonNode s : list) {
      String metric = text(s, "metric");
      boolean message = metric != null && DeliveryEvents.METRICS.getOrDefault(objectType, java.util.Set.of())
          .contains(metric);
      boolean person = metric != null && !message && (metric.equals("unsubscribed") || metric.equals("subscribed"));
      if (!message && !person) {
        throw new StateRejection("events", "metric " + metric + " does not exist for " + objectType + " deliveries"
            + "; use one of " + new java.util.TreeSet<>(DeliveryEvents.METRICS.getOrDefault(objectType,
                java.util.Set.of())));
      }
      steps.add(new DeliveryEvents.Step(metric, Math.max(0, s.path("after_ms").asLong(0)), extra(s),
          person ? objectType : null));
    }
    ObjectNode n = Json.object();
    ArrayNode arr = n.putArray("events");
    deliveryEvents.script(w, delivery, steps).forEach(arr::add);
    return json(201, n);
  }
}
