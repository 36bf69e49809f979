package dev.ciofake.internal.app.customers;

import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.state.Audience;
import dev.ciofake.internal.app.common.Kinds;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.validation.RuleInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The App API's reads of custom objects, backed by the objects the Track and Pipelines APIs stored: an object's
 * attributes and related people, {@code POST /v1/objects} with the object filter, and the object types (the
 * workspace file's, and any type an object was stored with).
 */
public final class ObjectsApi {
  private static final String V1 = "/v1";

  private ObjectsApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "object_attributes").get(V1 + "/objects/{object_type_id}/{object_id}/attributes")
        .rule(ObjectsApi::idTypeRule).handle(ObjectsApi::attributes));
    e.add(Endpoint.builder(Api.APP, "object_relationships")
        .get(V1 + "/objects/{object_type_id}/{object_id}/relationships").rule(ObjectsApi::idTypeRule)
        .handle(ObjectsApi::relationships));
    e.add(Endpoint.builder(Api.APP, "find_objects").post(V1 + "/objects").body(OBJECT)
        .schema("schemas/app/find-objects.json").handle(ObjectsApi::find));
    e.add(Endpoint.builder(Api.APP, "list_object_types").get(V1 + "/object_types").handle(ObjectsApi::types));
    return e;
  }

  private static void idTypeRule(RuleInput in) {
    String t = in.query().get("id_type");
    if (t != null && !t.isEmpty() && !t.equals("object_id") && !t.equals("cio_object_id")) {
      in.addViolation(Violation.of("parameter", "id_type", t, "id_type must be object_id or cio_object_id, got " + t));
    }
  }

  /** The stored object the path names, or a 404. */
  private static ObjectNode object(Exchange ex) {
    String type = ex.pathParam("object_type_id");
    String id = ex.pathParam("object_id");
    String key = "cio_object_id".equals(ex.request().query().get("id_type")) ? "cio_object:" + id : type + ":" + id;
    for (ObjectNode o : ex.workspace().objects().list()) {
      if (o.path("key").asText().equals(key)) {
        return o;
      }
    }
    throw AppJson.notFound("object_id", "object " + id + " of object type " + type);
  }

  private static ObjectNode identifiers(String key) {
    ObjectNode ids = Json.object();
    if (key.startsWith("cio_object:")) {
      ids.put("cio_object_id", key.substring("cio_object:".length()));
    } else {
      int colon = key.indexOf(':');
      ids.put("object_type_id", key.substring(0, colon));
      ids.put("object_id", key.substring(colon + 1));
    }
    return ids;
  }

  /** {@code {object: {identifiers, attributes (as strings), timestamps}}}. */
  private static ApiResponse attributes(Exchange ex) {
    ObjectNode o = object(ex);
    ObjectNode out = Json.object();
    out.set("identifiers", identifiers(o.path("key").asText()));
    ObjectNode attrs = out.putObject("attributes");
    ObjectNode ts = out.putObject("timestamps");
    o.path("attributes").fields().forEachRemaining(a -> {
      attrs.put(a.getKey(), a.getValue().isValueNode() ? a.getValue().asText() : a.getValue().toString());
      ts.put(a.getKey(), o.path("updated_at").asLong());
    });
    return AppJson.ok("object", out);
  }

  /** {@code {cio_relationships: [{identifiers: {email, id, cio_id}}], next}}: the people related to the object. */
  private static ApiResponse relationships(Exchange ex) {
    ObjectNode o = object(ex);
    Workspace w = ex.workspace();
    List<ObjectNode> people = new ArrayList<>();
    for (JsonNode cioId : o.path("relationships")) {
      ObjectNode ids = w.people().read(new PersonRef(PersonRef.CIO_ID, cioId.asText()), CustomersApi::identifiers);
      if (ids != null) {
        people.add(ids);
      }
    }
    AppJson.Page<ObjectNode> page = AppJson.page(ex, people, 50, 1000);
    ObjectNode body = Json.object();
    ArrayNode rel = body.putArray("cio_relationships");
    page.items().forEach(ids -> rel.addObject().set("identifiers", ids));
    AppJson.next(body, page);
    return AppJson.ok(body);
  }

  /** {@code {identifiers: [{object_type_id, object_id}], ids: [...], next}}: the objects of the type the filter takes. */
  private static ApiResponse find(Exchange ex) {
    String type = ex.body().get("object_type_id").asText();
    JsonNode filter = ex.body().get("filter");
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode o : ex.workspace().objects().list()) {
      String key = o.path("key").asText();
      if (key.startsWith(type + ":") && Audience.matchesObject(filter, o.path("attributes"))) {
        matching.add(identifiers(key));
      }
    }
    AppJson.Page<ObjectNode> page = AppJson.page(ex, matching, 50, 1000);
    ObjectNode body = Json.object();
    ArrayNode identifiers = body.putArray("identifiers");
    ArrayNode ids = body.putArray("ids");
    page.items().forEach(i -> {
      identifiers.add(i);
      ids.add(i.path("object_id").asText());
    });
    AppJson.next(body, page);
    return AppJson.ok(body);
  }

  /** {@code {types: [...]}}: the workspace file's object types, then any other type an object was stored with. */
  private static ApiResponse types(Exchange ex) {
    Workspace w = ex.workspace();
    Map<String, ObjectNode> types = new LinkedHashMap<>();
    w.definitions().list(Kinds.OBJECT_TYPES).forEach(t -> types.put(t.path("id").asText(), t));
    for (ObjectNode o : w.objects().list()) {
      String key = o.path("key").asText();
      int colon = key.indexOf(':');
      if (colon > 0 && !key.startsWith("cio_object:")) {
        String id = key.substring(0, colon);
        types.computeIfAbsent(id, k -> {
          ObjectNode t = Json.object();
          t.put("id", k);
          t.put("name", "Object type " + k);
          t.put("enabled", true);
          return t;
        });
      }
    }
    ArrayNode out = Json.array();
    types.values().forEach(t -> {
      ObjectNode n = t.deepCopy();
      n.put("id", t.path("id").asText());
      out.add(n);
    });
    return AppJson.ok("types", out);
  }
}
