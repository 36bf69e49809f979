package dev.ciofake.internal.app.content;

import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.app.common.Kinds;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports ({@code POST /v1/imports}, the Track document's {@code import_request} and {@code import_object}). The
 * fake does not download {@code data_file_url}: an import is stored and reads back {@code failed}, its {@code error}
 * saying so, rather than pretending rows were imported.
 */
public final class ImportsApi {
  /** What a stored import's error says. */
  static final String NOT_DOWNLOADED = "cio-fake does not download data_file_url; send the rows through the Track "
      + "or Pipelines API instead";
  private static final Crud IMPORTS = new Crud(Kinds.IMPORTS, "import", "imports", "import_id", "import", false)
      .view(ImportsApi::view);

  private ImportsApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "create_import").post("/v1/imports").body(OBJECT).schema("schemas/app/import.json")
        .handle(ex -> {
          JsonNode in = ex.body().get("import");
          return AppJson.ok("import", IMPORTS.show(IMPORTS.create(ex, (id, b) -> {
            ObjectNode d = DesignStudioApi.fields(in, "name", "description", "data_file_url", "type", "identifier",
                "object_type_id", "data_to_process", "people_to_process");
            if (d.has("object_type_id")) {
              d.put("object_type_id", d.get("object_type_id").asText());
            }
            return d;
          })));
        }));
    e.add(Endpoint.builder(Api.APP, "get_import").get("/v1/imports/{import_id}").handle(ex -> {
      ObjectNode i = IMPORTS.show(IMPORTS.find(ex));
      ex.addEffect(new Effect.StatusPolled("import " + i.path("id").asLong(), true));
      return AppJson.ok("import", i);
    }));
    return e;
  }

  private static ObjectNode view(ObjectNode d) {
    ObjectNode n = Json.object();
    n.put("id", d.path("id").asLong());
    n.put("created_at", d.path("created").asLong(0));
    n.put("updated_at", d.path("updated").asLong(0));
    n.put("name", d.path("name").asText(""));
    n.put("rows_to_import", 0);
    n.put("rows_imported", 0);
    n.put("state", "failed");
    n.put("type", d.path("type").asText("people"));
    if (d.path("identifier").isTextual()) {
      n.set("identifier", d.get("identifier"));
    }
    n.put("data_to_process", d.path("data_to_process").asText("all"));
    if (d.path("people_to_process").isTextual()) {
      n.set("people_to_process", d.get("people_to_process"));
    }
    if (d.path("object_type_id").isTextual()) {
      n.set("object_type_id", d.get("object_type_id"));
    }
    n.put("error", NOT_DOWNLOADED);
    return n;
  }
}
