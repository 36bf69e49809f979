package dev.ciofake.internal.app.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.app.common.Kinds;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The App API's sender identities: the workspace file's senders, listed (sorted, without hidden ones unless asked,
 * cursor pages), one by id, and what uses one (the campaigns, newsletters and transactional messages whose contents
 * send {@code from_id} it).
 */
public final class SenderIdentitiesApi {
  private SenderIdentitiesApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "list_sender_identities").get("/v1/sender_identities")
        .handle(SenderIdentitiesApi::list));
    e.add(Endpoint.builder(Api.APP, "get_sender_identity").get("/v1/sender_identities/{sender_id}")
        .handle(ex -> AppJson.ok("sender_identity", view(sender(ex)))));
    e.add(Endpoint.builder(Api.APP, "sender_identity_used_by").get("/v1/sender_identities/{sender_id}/used_by")
        .handle(SenderIdentitiesApi::usedBy));
    return e;
  }

  private static ObjectNode sender(Exchange ex) {
    return Parts.doc(ex, Kinds.SENDER_IDENTITIES, "sender_id", "sender identity");
  }

  /** The Track document's {@code senderIdentityObject}. */
  static ObjectNode view(JsonNode s) {
    ObjectNode v = Json.object();
    long id = s.path("id").asLong();
    v.put("id", id);
    v.put("deduplicate_id", id + ":" + s.path("updated").asLong(0));
    v.put("name", s.path("name").asText(""));
    v.put("email", s.path("email").asText(""));
    v.put("address", s.path("address").asText(s.path("name").asText("") + " <" + s.path("email").asText("") + ">"));
    v.put("template_type", s.path("template_type").asText("email"));
    v.put("auto_generated", s.path("auto_generated").asBoolean(false));
    if (s.path("phone").isTextual()) {
      v.set("phone", s.get("phone"));
    }
    v.put("hidden", s.path("hidden").asBoolean(false));
    return v;
  }

  private static ApiResponse list(Exchange ex) {
    boolean hidden = Boolean.parseBoolean(ex.request().query().getOrDefault("hidden", "false"));
    List<ObjectNode> all = new ArrayList<>();
    ex.workspace().definitions().list(Kinds.SENDER_IDENTITIES).forEach(s -> {
      if (hidden || !s.path("hidden").asBoolean(false)) {
        all.add(view(s));
      }
    });
    Comparator<ObjectNode> byId = Comparator.comparingLong(s -> s.path("id").asLong());
    all.sort("desc".equals(ex.request().query().get("sort")) ? byId.reversed() : byId);
    AppJson.Page<ObjectNode> page = AppJson.page(ex, all, 50, 1000);
    ObjectNode body = Json.object();
    body.set("sender_identities", AppJson.array(page.items()));
    AppJson.next(body, page);
    return AppJson.ok(body);
  }

  private static ApiResponse usedBy(Exchange ex) {
    long id = sender(ex).path("id").asLong();
    Workspace w = ex.workspace();
    ObjectNode body = Json.object();
    ArrayNode campaigns = body.putArray("campaigns");
    ArrayNode sent = body.putArray("sent_newsletters");
    ArrayNode drafts = body.putArray("draft_newsletters");
    ArrayNode transactional = body.putArray("transactional");
    w.definitions().list(Kinds.CAMPAIGNS).forEach(c -> {
      if (uses(c.path("actions"), id)) {
        campaigns.add(c.path("id").asLong());
      }
    });
    w.definitions().list(Kinds.BROADCASTS).forEach(b -> {
      if (uses(b.path("actions"), id)) {
        campaigns.add(b.path("id").asLong());
      }
    });
    w.definitions().list(Kinds.NEWSLETTERS).forEach(n -> {
      if (uses(n.path("contents"), id)) {
        (n.path("sent_at").asLong(0) > 0 ? sent : drafts).add(n.path("id").asLong());
      }
    });
    w.definitions().list(Kinds.TRANSACTIONAL).forEach(t -> {
      if (uses(t.path("contents"), id)) {
        transactional.add(t.path("id").asLong());
      }
    });
    return AppJson.ok(body);
  }

  private static boolean uses(JsonNode parts, long senderId) {
    for (JsonNode p : parts) {
      if (p.path("from_id").asLong(-1) == senderId) {
        return true;
      }
    }
    return false;
  }
}
