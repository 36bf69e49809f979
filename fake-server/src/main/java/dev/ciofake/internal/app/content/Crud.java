package dev.ciofake.internal.app.content;

import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Create, read, update, delete and list of one kind of content resource: stored as documents of the workspace's
 * definitions (so a workspace file can seed them), validated by a schema on create and update, and answered under the
 * envelope keys the client documents ({@code {folder}}, {@code {folders, meta}}, ...). Ids are integers, or UUIDs
 * where Customer.io uses them (Design Studio).
 */
final class Crud {
  private final String kind;
  private final String one;
  private final String many;
  private final String param;
  private final String what;
  private final boolean uuids;
  private UnaryOperator<ObjectNode> view = v -> v;

  /**
   * @param one the envelope key of one resource ({@code folder})
   * @param many the envelope key of a list ({@code folders})
   * @param param the path parameter of the id
   * @param what the words of a 404 ({@code The folder does not exist.})
   */
  Crud(String kind, String one, String many, String param, String what, boolean uuids) {
    this.kind = kind;
    this.one = one;
    this.many = many;
    this.param = param;
    this.what = what;
    this.uuids = uuids;
  }

  /** How a stored document is shown (defaults, computed fields). */
  Crud view(UnaryOperator<ObjectNode> value) {
    this.view = value;
    return this;
  }

  ObjectNode show(ObjectNode stored) {
    return view.apply(stored.deepCopy());
  }

  /** The stored document the path names, or a 404. */
  ObjectNode find(Exchange ex) {
    ObjectNode d = ex.workspace().definitions().get(kind, ex.pathParam(param));
    if (d == null) {
      throw new StateRejection(param, "The " + what + " does not exist.", 404);
    }
    return d;
  }

  /** Every stored document, shown, oldest first. */
  List<ObjectNode> all(Exchange ex) {
    List<ObjectNode> out = new ArrayList<>();
    ex.workspace().definitions().list(kind).forEach(d -> out.add(show(d)));
    return out;
  }

  /** Stores a new document built by {@code make} from its id and the request's body; returns it as stored. */
  ObjectNode create(Exchange ex, BiFunction<String, JsonNode, ObjectNode> make) {
    long now = AppJson.now(ex);
    if (uuids) {
      String id = UUID.randomUUID().toString();
      ObjectNode d = make.apply(id, ex.body());
      stamp(d, id, now, true);
      return ex.workspace().definitions().put(kind, id, d);
    }
    return ex.workspace().definitions().create(kind, id -> {
      ObjectNode d = make.apply(String.valueOf(id), ex.body());
      stamp(d, id, now, true);
      return d;
    });
  }

  private static void stamp(ObjectNode d, Object id, long now, boolean created) {
    if (id instanceof Long l) {
      d.put("id", l);
    } else {
      d.put("id", String.valueOf(id));
    }
    if (created) {
      d.put("created", now);
    }
    d.put("updated", now);
  }

  /** Changes the stored document the path names with the body's fields; returns it as stored. */
  ObjectNode update(Exchange ex, String... readOnly) {
    find(ex);
    long now = AppJson.now(ex);
    return ex.workspace().definitions().update(kind, ex.pathParam(param), d -> {
      AppJson.merge(d, ex.body(), readOnly);
      d.put("updated", now);
      return d;
    });
  }

  /** The usual five endpoints under {@code base} ({@code base/{param}} for one). */
  List<Endpoint> endpoints(String operation, String base, String createSchema, String updateSchema,
      BiFunction<String, JsonNode, ObjectNode> make, boolean pagedList) {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "list_" + operation + "s").get(base).handle(ex -> list(ex, pagedList)));
    e.add(Endpoint.builder(Api.APP, "create_" + operation).post(base).body(OBJECT).schema(createSchema)
        .handle(ex -> AppJson.ok(one, show(create(ex, make)))));
    e.add(Endpoint.builder(Api.APP, "get_" + operation).get(base + "/{" + param + "}")
        .handle(ex -> AppJson.ok(one, show(find(ex)))));
    e.add(Endpoint.builder(Api.APP, "update_" + operation).put(base + "/{" + param + "}").body(OBJECT)
        .schema(updateSchema).handle(ex -> AppJson.ok(one, show(update(ex, "id", "created", "updated")))));
    e.add(Endpoint.builder(Api.APP, "delete_" + operation).delete(base + "/{" + param + "}").handle(this::delete));
    return e;
  }

  ApiResponse delete(Exchange ex) {
    find(ex);
    ex.workspace().definitions().remove(kind, ex.pathParam(param));
    return AppJson.noContent();
  }

  /**
   * {@code {<many>: [...]}}; a paged list ({@code page}, {@code limit}) adds {@code meta}, filtered by
   * {@code parent_folder_id} (with {@code direct_descendants_only}) when asked.
   */
  ApiResponse list(Exchange ex, boolean paged) {
    List<ObjectNode> all = all(ex);
    String parent = ex.request().query().get("parent_folder_id");
    if (parent != null && !parent.isEmpty()) {
      all.removeIf(d -> !parent.equals(d.path("parent_folder_id").asText()));
    }
    ObjectNode body = Json.object();
    List<ObjectNode> items = paged ? AppJson.pageOf(ex, all, body) : all;
    body.set(many, AppJson.array(items));
    return AppJson.ok(body);
  }

  String kind() {
    return kind;
  }
}
