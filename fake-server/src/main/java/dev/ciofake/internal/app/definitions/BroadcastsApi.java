package dev.ciofake.internal.app.definitions;

import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.app.common.Kinds;
import dev.ciofake.internal.app.common.Metrics;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The App API's broadcasts: the workspace file's API-triggered broadcasts, their actions and language variants, the
 * triggers the API made ({@code POST /v1/campaigns/{id}/triggers}, which delivers the first action to the audience),
 * and metrics computed from those deliveries.
 */
public final class BroadcastsApi {
  private static final String BASE = "/v1/broadcasts/{broadcast_id}";

  private BroadcastsApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "list_broadcasts").get("/v1/broadcasts").handle(ex -> {
      ArrayNode a = Json.array();
      ex.workspace().definitions().list(Kinds.BROADCASTS).forEach(b -> a.add(view(b)));
      return AppJson.ok("broadcasts", a);
    }));
    e.add(Endpoint.builder(Api.APP, "get_broadcast").get(BASE)
        .handle(ex -> AppJson.ok("broadcast", view(broadcast(ex)))));
    e.add(Endpoint.builder(Api.APP, "broadcast_actions").get(BASE + "/actions").handle(ex -> {
      ObjectNode b = broadcast(ex);
      ArrayNode a = Json.array();
      b.path("actions").forEach(x -> a.add(actionView(b, x)));
      return AppJson.ok("actions", a);
    }));
    e.add(Endpoint.builder(Api.APP, "broadcast_action").get(BASE + "/actions/{action_id}").handle(ex -> {
      ObjectNode b = broadcast(ex);
      return AppJson.ok("action", actionView(b, Parts.part(b, "actions", ex.pathParam("action_id"), "action_id")));
    }));
    e.add(Endpoint.builder(Api.APP, "update_broadcast_action").put(BASE + "/actions/{action_id}").body(OBJECT)
        .schema("schemas/app/message-content.json").handle(ex -> change(ex, null)));
    e.add(Endpoint.builder(Api.APP, "broadcast_action_language")
        .get(BASE + "/actions/{action_id}/language/{language}").handle(ex -> {
          ObjectNode b = broadcast(ex);
          ObjectNode a = Parts.part(b, "actions", ex.pathParam("action_id"), "action_id");
          return AppJson.ok("action", actionView(b, Parts.language(a, ex.pathParam("language"), "action")));
        }));
    e.add(Endpoint.builder(Api.APP, "update_broadcast_action_language")
        .put(BASE + "/actions/{action_id}/language/{language}").body(OBJECT)
        .schema("schemas/app/message-content.json").handle(ex -> change(ex, ex.pathParam("language"))));
    e.add(Endpoint.builder(Api.APP, "broadcast_action_metrics").get(BASE + "/actions/{action_id}/metrics")
        .handle(ex -> AppJson.ok("metric", Metrics.metric(ex, CampaignsApi.deliveries(ex, action(ex))))));
    e.add(Endpoint.builder(Api.APP, "broadcast_action_metrics_links")
        .get(BASE + "/actions/{action_id}/metrics/links")
        .handle(ex -> AppJson.ok("links", Metrics.links(ex, CampaignsApi.deliveries(ex, action(ex))))));
    e.add(Endpoint.builder(Api.APP, "broadcast_metrics").get(BASE + "/metrics")
        .handle(ex -> AppJson.ok("metric", Metrics.metric(ex, CampaignsApi.deliveries(ex, scope(ex))))));
    e.add(Endpoint.builder(Api.APP, "broadcast_metrics_links").get(BASE + "/metrics/links")
        .handle(ex -> AppJson.ok("links", Metrics.links(ex, CampaignsApi.deliveries(ex, scope(ex))))));
    e.add(Endpoint.builder(Api.APP, "broadcast_triggers").get(BASE + "/triggers").handle(BroadcastsApi::triggers));
    return e;
  }

  private static ObjectNode broadcast(Exchange ex) {
    return Parts.doc(ex, Kinds.BROADCASTS, "broadcast_id", "broadcast");
  }

  /** The Track document's {@code broadcastObject}. */
  static ObjectNode view(JsonNode b) {
    ObjectNode v = ((ObjectNode) b).deepCopy();
    v.remove("recipients");
    long id = b.path("id").asLong();
    v.put("id", id);
    long updated = b.path("updated").asLong(b.path("created").asLong(0));
    v.put("deduplicate_id", id + ":" + updated);
    v.put("name", b.path("name").asText("Broadcast " + id));
    v.put("type", "triggered_broadcast");
    v.put("created", b.path("created").asLong(0));
    v.put("updated", updated);
    v.put("active", b.path("active").asBoolean(true));
    v.put("state", b.path("state").asText("running"));
    ArrayNode actions = v.putArray("actions");
    b.path("actions").forEach(a -> actions.addObject().put("id", a.path("id").asLong()).put("type",
        refType(a.path("type").asText("email"))));
    if (!b.path("tags").isArray()) {
      v.putArray("tags");
    }
    return v;
  }

  /** The broadcast's list of actions says {@code sms} where actions themselves say {@code twilio}. */
  private static String refType(String type) {
    return type.equals("twilio") ? "sms" : type;
  }

  /** A broadcast's action as the Track document's {@code broadcastActionObject}. */
  static ObjectNode actionView(JsonNode b, JsonNode a) {
    ObjectNode v = CampaignsApi.actionView(b, a);
    v.remove("campaign_id");
    v.put("broadcast_id", b.path("id").asLong());
    return v;
  }

  private static Predicate<ObjectNode> scope(Exchange ex) {
    long id = broadcast(ex).path("id").asLong();
    return d -> d.path("broadcast_id").asLong() == id;
  }

  private static Predicate<ObjectNode> action(Exchange ex) {
    ObjectNode b = broadcast(ex);
    long actionId = Parts.part(b, "actions", ex.pathParam("action_id"), "action_id").path("id").asLong();
    return d -> d.path("broadcast_id").asLong() == b.path("id").asLong() && d.path("action_id").asLong() == actionId;
  }

  private static ApiResponse change(Exchange ex, String language) {
    ObjectNode b = broadcast(ex);
    ObjectNode a = Parts.change(ex.workspace(), Kinds.BROADCASTS, b.path("id").asText(), "actions",
        ex.pathParam("action_id"), language, ex.body(), AppJson.now(ex), "action_id");
    return AppJson.ok("action", actionView(b, a));
  }

  /** {@code {triggers: [broadcastTriggerObject]}}: the triggers of this broadcast, oldest first. */
  private static ApiResponse triggers(Exchange ex) {
    long id = AppJson.id(ex, "broadcast_id", "broadcast");
    if (ex.workspace().definitions().defines(Kinds.BROADCASTS)) {
      broadcast(ex);
    }
    ArrayNode a = Json.array();
    for (ObjectNode t : ex.workspace().messages().triggers()) {
      if (t.path("broadcast_id").asLong() == id) {
        ObjectNode n = a.addObject();
        n.put("id", t.path("id").asLong());
        n.put("broadcast_id", id);
        n.put("created_at", t.path("created_at").asLong());
        n.put("processed_at", t.path("processed_at").asLong());
      }
    }
    return AppJson.ok("triggers", a);
  }
}
