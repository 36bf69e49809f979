package dev.ciofake.internal.app.content;

import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;
import static dev.ciofake.internal.validation.BodyPolicy.OBJECT_OR_ARRAY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.app.common.Kinds;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Snippets (by name: {@code POST} creates, {@code PUT} creates or replaces) and collections (rows of data that
 * messages reference in Liquid; their {@code bytes}, {@code rows} and {@code schema} computed from the rows). A
 * collection made from a {@code url} is stored without rows: the fake does not download it.
 */
public final class LibraryApi {
  private static final Crud COLLECTIONS = new Crud(Kinds.COLLECTIONS, "collection", "collections", "collection_id",
      "collection", false).view(LibraryApi::collection);

  private LibraryApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "list_snippets").get("/v1/snippets").handle(ex -> {
      ArrayNode a = Json.array();
      ex.workspace().definitions().list(Kinds.SNIPPETS).forEach(s -> a.add(snippet(s)));
      return AppJson.ok("snippets", a);
    }));
    e.add(Endpoint.builder(Api.APP, "create_snippet").post("/v1/snippets").body(OBJECT)
        .schema("schemas/app/snippet.json").handle(ex -> putSnippet(ex, false)));
    e.add(Endpoint.builder(Api.APP, "update_snippet").put("/v1/snippets").body(OBJECT)
        .schema("schemas/app/snippet.json").handle(ex -> putSnippet(ex, true)));
    e.add(Endpoint.builder(Api.APP, "delete_snippet").delete("/v1/snippets/{snippet_name}").handle(ex -> {
      if (!ex.workspace().definitions().remove(Kinds.SNIPPETS, ex.pathParam("snippet_name"))) {
        throw new StateRejection("snippet_name", "The snippet does not exist.", 404);
      }
      return AppJson.noContent();
    }));
    e.addAll(COLLECTIONS.endpoints("collection", "/v1/collections", "schemas/app/collection-create.json",
        "schemas/app/collection-update.json", (id, b) -> DesignStudioApi.fields(b, "name", "data", "url"), false));
    e.add(Endpoint.builder(Api.APP, "collection_content").get("/v1/collections/{collection_id}/content")
        .handle(ex -> {
          JsonNode rows = COLLECTIONS.find(ex).path("data");
          return AppJson.ok(rows.isArray() ? rows : Json.array());
        }));
    e.add(Endpoint.builder(Api.APP, "update_collection_content").put("/v1/collections/{collection_id}/content")
        .body(OBJECT_OR_ARRAY).schema("schemas/app/collection-content.json").handle(ex -> {
          COLLECTIONS.find(ex);
          ObjectNode d = ex.workspace().definitions().update(Kinds.COLLECTIONS, ex.pathParam("collection_id"), c -> {
            c.set("data", ex.body());
            c.remove("url");
            return c.put("updated", AppJson.now(ex));
          });
          return AppJson.ok("collection", COLLECTIONS.show(d));
        }));
    return e;
  }

  private static ObjectNode snippet(JsonNode s) {
    ObjectNode n = Json.object();
    n.set("name", s.get("name"));
    n.put("value", s.path("value").asText(""));
    n.put("updated_at", s.path("updated_at").asLong(0));
    return n;
  }

  private static ApiResponse putSnippet(Exchange ex, boolean replace) {
    String name = ex.body().get("name").asText();
    if (!replace && ex.workspace().definitions().get(Kinds.SNIPPETS, name) != null) {
      throw new StateRejection("name", "a snippet named " + name + " exists already: names are unique (PUT "
          + "/v1/snippets replaces it)", 400);
    }
    ObjectNode s = Json.object();
    s.put("name", name);
    s.set("value", ex.body().get("value"));
    s.put("updated_at", AppJson.now(ex));
    return AppJson.ok("snippet", snippet(ex.workspace().definitions().put(Kinds.SNIPPETS, name, s)));
  }

  /** The Track document's {@code collectionResponse}: its size, row count and top-level keys from its rows. */
  private static ObjectNode collection(ObjectNode d) {
    ObjectNode n = Json.object();
    n.put("id", d.path("id").asLong());
    n.put("name", d.path("name").asText(""));
    JsonNode rows = d.path("data");
    n.put("bytes", rows.isArray() ? Json.byteSize(rows) : 0);
    n.put("rows", rows.isArray() ? rows.size() : 0);
    TreeSet<String> keys = new TreeSet<>();
    rows.forEach(r -> r.fieldNames().forEachRemaining(keys::add));
    ArrayNode schema = n.putArray("schema");
    keys.forEach(schema::add);
    n.put("created_at", d.path("created").asLong(0));
    n.put("updated_at", d.path("updated").asLong(0));
    if (d.path("url").isTextual()) {
      n.set("url", d.get("url"));
    }
    return n;
  }
}
