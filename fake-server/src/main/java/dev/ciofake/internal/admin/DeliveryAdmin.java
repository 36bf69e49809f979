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
    return ok(n);
  }

  /**
   * {@code POST /__cio/simulate/{metric}}: emits one event now, for a delivery ({@code delivery_id}) or a person
   * ({@code person}: id, email or cio_ id), in a workspace ({@code site_id}, default the default workspace).
   */
  ApiResponse simulate(Exchange ex) {
    JsonNode b = ex.body();
    String metric = ex.pathParam("metric");
    Workspace w = text(b, "site_id") == null ? registry.defaultWorkspace() : workspace(registry, text(b, "site_id"));
    ObjectNode delivery;
    if (text(b, "delivery_id") != null) {
      delivery = w.messages().delivery(text(b, "delivery_id"));
      if (delivery == null) {
        throw new StateRejection("delivery_id", "no delivery " + text(b, "delivery_id") + " in workspace "
            + w.siteId(), 404);
      }
    } else if (text(b, "person") != null) {
      ObjectNode p = w.people().read(PersonRef.fromPath(text(b, "person"), true), AdminViews::person);
      if (p == null) {
        throw new StateRejection("person", "no person " + text(b, "person") + " in workspace " + w.siteId(), 404);
      }
      delivery = Json.object();
      delivery.put("delivery_id", "simulated-" + Ulid.of(clock.millis()));
      delivery.put("channel", text(b, "object_type") == null ? "email" : text(b, "object_type"));
      ObjectNode person = delivery.putObject("person");
      person.set("cio_id", p.get("cio_id"));
      person.set("id", p.get("id"));
      person.set("email", p.get("email"));
      delivery.set("recipient", b.hasNonNull("recipient") ? b.get("recipient") : p.get("email"));
    } else {
      throw new StateRejection("body", "give delivery_id or person");
    }
    String objectType = metric.equals("unsubscribed") || metric.equals("subscribed") ? "customer"
        : text(b, "object_type") == null ? "email" : text(b, "object_type");
    if (!DeliveryEvents.METRICS.getOrDefault(objectType, java.util.Set.of()).contains(metric)) {
      throw new StateRejection("metric", "metric " + metric + " does not exist for object_type " + objectType
          + "; use one of " + new java.util.TreeSet<>(DeliveryEvents.METRICS.getOrDefault(objectType,
              java.util.Set.of())));
    }
    List<DeliveryEvents.Step> steps = List.of(new DeliveryEvents.Step(metric, 0, extra(b)));
    ObjectNode n = Json.object();
    n.set("event", deliveryEvents.script(w, delivery, steps).get(0));
    return json(201, n);
  }

  static Map<String, String> extra(JsonNode b) {
    Map<String, String> extra = new java.util.LinkedHashMap<>();
    for (String f : List.of("failure_message", "href", "link_id", "subject")) {
      if (text(b, f) != null) {
        extra.put(f, text(b, f));
      }
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
    String objectType = delivery.path("channel").asText("email").equals("inbox_message") ? "in_app"
        : delivery.path("channel").asText("email");
    List<DeliveryEvents.Step> steps = new ArrayList<>();
    for (JsonNode s : list) {
      String metric = text(s, "metric");
      boolean ok = metric != null && (DeliveryEvents.METRICS.getOrDefault(objectType, java.util.Set.of())
          .contains(metric) || metric.equals("unsubscribed"));
      if (!ok) {
        throw new StateRejection("events", "metric " + metric + " does not exist for " + objectType + " deliveries");
      }
      steps.add(new DeliveryEvents.Step(metric, Math.max(0, s.path("after_ms").asLong(0)), extra(s)));
    }
    ObjectNode n = Json.object();
    ArrayNode arr = n.putArray("events");
    deliveryEvents.script(w, delivery, steps).forEach(arr::add);
    return json(201, n);
  }
}
