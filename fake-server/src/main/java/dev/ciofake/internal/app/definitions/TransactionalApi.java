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
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The App API's transactional messages: the workspace file's templates (a send names one by id or by its
 * {@code trigger_name}), their contents and language variants (read, and changed through PUT: the fake renders
 * nothing from them, an archived message shows the content as stored), and metrics computed from the sends.
 */
public final class TransactionalApi {
  private static final String BASE = "/v1/transactional/{transactional_id}";

  private TransactionalApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "list_transactional").get("/v1/transactional").handle(ex -> {
      ArrayNode a = Json.array();
      ex.workspace().definitions().list(Kinds.TRANSACTIONAL).forEach(t -> a.add(view(t)));
      return AppJson.ok("messages", a);
    }));
    e.add(Endpoint.builder(Api.APP, "get_transactional").get(BASE)
        .handle(ex -> AppJson.ok("message", view(message(ex)))));
    e.add(Endpoint.builder(Api.APP, "transactional_contents").get(BASE + "/contents").handle(ex -> {
      ObjectNode t = message(ex);
      ArrayNode a = Json.array();
      t.path("contents").forEach(c -> a.add(contentView(t, c)));
      return AppJson.ok("contents", a);
    }));
    e.add(Endpoint.builder(Api.APP, "transactional_language").get(BASE + "/language/{language}")
        .handle(ex -> AppJson.ok(contentView(message(ex), language(message(ex), ex.pathParam("language"))))));
    e.add(Endpoint.builder(Api.APP, "update_transactional_language").put(BASE + "/language/{language}").body(OBJECT)
        .schema("schemas/app/message-content.json").handle(ex -> {
          ObjectNode t = message(ex);
          String id = language(t, ex.pathParam("language")).path("id").asText();
          ObjectNode c = Parts.change(ex.workspace(), Kinds.TRANSACTIONAL, t.path("id").asText(), "contents", id,
              null, ex.body(), AppJson.now(ex), "content_id");
          return AppJson.ok(contentView(t, c));
        }));
    e.add(Endpoint.builder(Api.APP, "update_transactional_content").put(BASE + "/content/{content_id}").body(OBJECT)
        .schema("schemas/app/message-content.json").handle(ex -> {
          ObjectNode t = message(ex);
          ObjectNode c = Parts.change(ex.workspace(), Kinds.TRANSACTIONAL, t.path("id").asText(), "contents",
              ex.pathParam("content_id"), null, ex.body(), AppJson.now(ex), "content_id");
          return AppJson.ok(contentView(t, c));
        }));
    e.add(Endpoint.builder(Api.APP, "transactional_metrics").get(BASE + "/metrics")
        .handle(ex -> AppJson.ok("metric", Metrics.metric(ex, CampaignsApi.deliveries(ex, sends(ex))))));
    e.add(Endpoint.builder(Api.APP, "transactional_metrics_links").get(BASE + "/metrics/links")
        .handle(ex -> AppJson.ok("links", Metrics.links(ex, CampaignsApi.deliveries(ex, sends(ex))))));
    return e;
  }

  private static ObjectNode message(Exchange ex) {
    return Parts.doc(ex, Kinds.TRANSACTIONAL, "transactional_id", "transactional message");
  }

  /** The Track document's {@code transactionalObject}. */
  static ObjectNode view(JsonNode t) {
    ObjectNode v = Json.object();
    v.put("id", t.path("id").asLong());
    v.put("name", t.path("name").asText("Transactional message " + t.path("id").asText()));
    if (t.path("trigger_name").isTextual()) {
      v.set("trigger_name", t.get("trigger_name"));
    }
    if (t.path("description").isTextual()) {
      v.set("description", t.get("description"));
    }
    for (String f : List.of("send_to_unsubscribed", "link_tracking", "open_tracking")) {
      v.put(f, t.path(f).asBoolean(true));
    }
    v.put("hide_message_body", t.path("hide_message_body").asBoolean(false));
    v.put("queue_drafts", t.path("queue_drafts").asBoolean(false));
    v.put("created_at", t.path("created_at").asLong(0));
    v.put("updated_at", t.path("updated_at").asLong(t.path("created_at").asLong(0)));
    return v;
  }

  private static ObjectNode contentView(JsonNode t, JsonNode c) {
    ObjectNode v = Parts.view(c);
    v.put("id", c.path("id").asLong());
    v.put("transactional_message_id", t.path("id").asLong());
    v.put("type", c.path("type").asText("email"));
    v.put("language", c.path("language").asText(""));
    v.put("name", c.path("name").asText(t.path("name").asText("")));
    return v;
  }

  private static ObjectNode language(ObjectNode t, String language) {
    for (JsonNode c : t.path("contents")) {
      if (c.path("language").asText("").equals(language)) {
        return (ObjectNode) c;
      }
    }
    throw new StateRejection("language", "The transactional message has no " + language + " language variant.", 404);
  }

  /** The sends of this message: by its id or its trigger name (case-insensitively). */
  private static Predicate<ObjectNode> sends(Exchange ex) {
    ObjectNode t = message(ex);
    String id = t.path("id").asText();
    String name = t.path("trigger_name").asText("").toLowerCase(Locale.ROOT);
    return d -> {
      String named = d.path("transactional_message_id").asText("").toLowerCase(Locale.ROOT);
      return named.equals(id) || (!name.isEmpty() && named.equals(name));
    };
  }
}
