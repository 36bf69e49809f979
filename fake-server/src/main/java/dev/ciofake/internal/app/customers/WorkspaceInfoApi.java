package dev.ciofake.internal.app.customers;

import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The App API's account reads and the data index: the workspace's counts ({@code GET /v1/workspaces}, computed from
 * its state), the addresses Customer.io sends from ({@code GET /v1/info/ip_addresses}: the workspace file's, else
 * this machine's loopback, where the fake's webhooks come from) and the descriptions of attributes and events
 * ({@code POST /v1/data_index/attributes|events}: stored, shown nowhere else).
 */
public final class WorkspaceInfoApi {
  private static final String V1 = "/v1";

  private WorkspaceInfoApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "list_workspaces").get(V1 + "/workspaces").handle(WorkspaceInfoApi::workspaces));
    e.add(Endpoint.builder(Api.APP, "ip_addresses").get(V1 + "/info/ip_addresses").handle(ex -> {
      JsonNode seeded = ex.workspace().definitions().seedSection("ip_addresses");
      return AppJson.ok("ip_addresses", seeded.isArray() ? seeded : Json.array().add("127.0.0.1"));
    }));
    e.add(Endpoint.builder(Api.APP, "data_index_attributes").post(V1 + "/data_index/attributes").body(OBJECT)
        .schema("schemas/app/data-index-attributes.json")
        .handle(ex -> describe(ex, "attributes", Kinds.DATA_INDEX_ATTRIBUTES)));
    e.add(Endpoint.builder(Api.APP, "data_index_events").post(V1 + "/data_index/events").body(OBJECT)
        .schema("schemas/app/data-index-events.json").handle(ex -> describe(ex, "events", Kinds.DATA_INDEX_EVENTS)));
    return e;
  }

  private static ApiResponse workspaces(Exchange ex) {
    Workspace w = ex.workspace();
    ObjectNode ws = Json.object();
    JsonNode named = w.definitions().seedSection("workspace");
    ws.put("id", named.path("id").canConvertToLong() ? named.get("id").asLong() : w.environmentId());
    ws.put("name", named.path("name").asText(w.siteId()));
    int sent = 0;
    int emails = 0;
    for (ObjectNode d : w.messages().deliveries()) {
      if (d.path("metrics").has("sent")) {
        sent++;
        emails += d.path("channel").asText("email").equals("email") ? 1 : 0;
      }
    }
    ws.put("messages_sent", sent);
    ws.put("billable_messages_sent", emails);
    ws.put("people", w.people().peopleCount());
    Set<String> types = new HashSet<>();
    w.definitions().list(Kinds.OBJECT_TYPES).forEach(t -> types.add(t.path("id").asText()));
    w.objects().list().forEach(o -> {
      String key = o.path("key").asText();
      if (key.indexOf(':') > 0 && !key.startsWith("cio_object:")) {
        types.add(key.substring(0, key.indexOf(':')));
      }
    });
    ws.put("object_types", types.size());
    ws.put("objects", w.objects().size());
    ArrayNode list = Json.array().add(ws);
    return AppJson.ok("workspaces", list);
  }

  /** Stores each description under its name (a later one replaces it); answers {@code {}}. */
  private static ApiResponse describe(Exchange ex, String field, String kind) {
    for (JsonNode item : ex.body().get(field)) {
      ObjectNode d = ((ObjectNode) item).deepCopy();
      d.put("updated_at", AppJson.now(ex));
      ex.workspace().definitions().put(kind, item.get("name").asText(), d);
    }
    return AppJson.empty();
  }
}
