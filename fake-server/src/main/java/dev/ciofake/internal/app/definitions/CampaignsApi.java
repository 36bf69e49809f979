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
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.validation.RuleInput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The App API's campaigns (docs/app-api-facts.md section 2, "Definitions"): the workspace file's campaigns, their
 * actions and the actions' language variants (read, and changed through PUT), and metrics computed from the
 * deliveries that carry the campaign's id. The fake runs no journeys: a campaign sends nothing by itself, so its
 * metrics count only what a test delivered for it.
 */
public final class CampaignsApi {
  private static final String BASE = "/v1/campaigns/{campaign_id}";

  private CampaignsApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "list_campaigns").get("/v1/campaigns").handle(ex -> {
      ArrayNode a = Json.array();
      ex.workspace().definitions().list(Kinds.CAMPAIGNS).forEach(c -> a.add(view(c)));
      return AppJson.ok("campaigns", a);
    }));
    e.add(Endpoint.builder(Api.APP, "get_campaign").get(BASE).handle(ex -> AppJson.ok("campaign", view(campaign(ex)))));
    e.add(Endpoint.builder(Api.APP, "campaign_actions").get(BASE + "/actions").handle(ex -> {
      ObjectNode c = campaign(ex);
      AppJson.Page<ObjectNode> page = AppJson.page(ex, actions(c), 50, 1000);
      ObjectNode body = Json.object();
      body.set("actions", AppJson.array(page.items()));
      AppJson.next(body, page);
      return AppJson.ok(body);
    }));
    e.add(Endpoint.builder(Api.APP, "campaign_action").get(BASE + "/actions/{action_id}")
        .handle(ex -> AppJson.ok("action", action(campaign(ex), ex.pathParam("action_id")))));
    e.add(Endpoint.builder(Api.APP, "update_campaign_action").put(BASE + "/actions/{action_id}").body(OBJECT)
        .schema("schemas/app/message-content.json").handle(ex -> change(ex, null)));
    e.add(Endpoint.builder(Api.APP, "campaign_action_language").get(BASE + "/actions/{action_id}/language/{language}")
        .handle(ex -> {
          ObjectNode c = campaign(ex);
          ObjectNode a = Parts.part(c, "actions", ex.pathParam("action_id"), "action_id");
          return AppJson.ok("action", actionView(c, Parts.language(a, ex.pathParam("language"), "action")));
        }));
    e.add(Endpoint.builder(Api.APP, "update_campaign_action_language")
        .put(BASE + "/actions/{action_id}/language/{language}").body(OBJECT)
        .schema("schemas/app/message-content.json").handle(ex -> change(ex, ex.pathParam("language"))));
    e.add(Endpoint.builder(Api.APP, "campaign_action_metrics").get(BASE + "/actions/{action_id}/metrics")
        .handle(ex -> AppJson.ok("metric", Metrics.metric(ex, deliveries(ex, action(ex))))));
    e.add(Endpoint.builder(Api.APP, "campaign_action_metrics_links").get(BASE + "/actions/{action_id}/metrics/links")
        .handle(ex -> AppJson.ok("links", Metrics.links(ex, deliveries(ex, action(ex))))));
    e.add(Endpoint.builder(Api.APP, "campaign_metrics").get(BASE + "/metrics")
        .handle(ex -> AppJson.ok("metric", Metrics.metric(ex, deliveries(ex, campaignScope(ex))))));
    e.add(Endpoint.builder(Api.APP, "campaign_metrics_links").get(BASE + "/metrics/links")
        .handle(ex -> AppJson.ok("links", Metrics.links(ex, deliveries(ex, campaignScope(ex))))));
    e.add(Endpoint.builder(Api.APP, "campaign_journey_metrics").get(BASE + "/journey_metrics")
        .rule(CampaignsApi::journeyRule)
        .handle(ex -> AppJson.ok("journey_metric", Metrics.journey(ex, deliveries(ex, campaignScope(ex))))));
    return e;
  }

  /** {@code start}, {@code end} and {@code resolution} are required by the official operation. */
  private static void journeyRule(RuleInput in) {
    for (String p : List.of("start", "end", "resolution")) {
      String v = in.query().get(p);
      if (v == null || v.isEmpty()) {
        in.addViolation(Violation.of("parameter", p, null, p + " is required (start, end: Unix seconds; "
            + "resolution: hours, days, weeks or months)"));
      }
    }
  }

  private static ObjectNode campaign(Exchange ex) {
    return Parts.doc(ex, Kinds.CAMPAIGNS, "campaign_id", "campaign");
  }

  /** The Track document's {@code campaignObject}: the stored campaign, its trigger type, its actions as refs. */
  static ObjectNode view(JsonNode c) {
    ObjectNode v = ((ObjectNode) c).deepCopy();
    long id = c.path("id").asLong();
    v.put("id", id);
    long updated = c.path("updated").asLong(c.path("created").asLong(0));
    v.put("deduplicate_id", id + ":" + updated);
    v.put("name", c.path("name").asText("Campaign " + id));
    v.put("type", c.path("type").asText(c.has("event_name") ? "event" : "segment"));
    v.put("created", c.path("created").asLong(0));
    v.put("updated", updated);
    v.put("active", c.path("active").asBoolean(true));
    v.put("state", c.path("state").asText("running"));
    v.set("actions", Parts.actionRefs(c));
    if (!c.path("tags").isArray()) {
      v.putArray("tags");
    }
    return v;
  }

  private static List<ObjectNode> actions(ObjectNode c) {
    List<ObjectNode> out = new ArrayList<>();
    c.path("actions").forEach(a -> out.add(actionView(c, a)));
    return out;
  }

  /** A campaign's action as the Track document's {@code actionObject}. */
  static ObjectNode actionView(JsonNode c, JsonNode a) {
    ObjectNode v = Parts.view(a);
    long id = a.path("id").asLong();
    v.put("id", id);
    v.put("campaign_id", c.path("id").asLong());
    v.put("type", a.path("type").asText("email"));
    long updated = a.path("updated").asLong(c.path("updated").asLong(0));
    v.put("deduplicate_id", id + ":" + updated);
    v.put("name", a.path("name").asText("Action " + id));
    v.put("created", a.path("created").asLong(c.path("created").asLong(0)));
    v.put("updated", updated);
    v.put("sending_state", a.path("sending_state").asText("automatic"));
    v.put("language", a.path("language").asText(""));
    return v;
  }

  private static ObjectNode action(ObjectNode c, String actionId) {
    return actionView(c, Parts.part(c, "actions", actionId, "action_id"));
  }

  private static Predicate<ObjectNode> action(Exchange ex) {
    ObjectNode c = campaign(ex);
    long actionId = Parts.part(c, "actions", ex.pathParam("action_id"), "action_id").path("id").asLong();
    return d -> d.path("campaign_id").asLong() == c.path("id").asLong() && d.path("action_id").asLong() == actionId;
  }

  private static Predicate<ObjectNode> campaignScope(Exchange ex) {
    long id = campaign(ex).path("id").asLong();
    return d -> d.path("campaign_id").asLong() == id;
  }

  static List<ObjectNode> deliveries(Exchange ex, Predicate<ObjectNode> scope) {
    return ex.workspace().messages().deliveries(scope, Integer.MAX_VALUE);
  }

  private static ApiResponse change(Exchange ex, String language) {
    ObjectNode c = campaign(ex);
    ObjectNode a = Parts.change(ex.workspace(), Kinds.CAMPAIGNS, c.path("id").asText(), "actions",
        ex.pathParam("action_id"), language, ex.body(), AppJson.now(ex), "action_id");
    return AppJson.ok("action", actionView(c, a));
  }
}
