package dev.ciofake.internal.track;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.ErrorShape;
import dev.ciofake.internal.http.Exchange;
import dev.ciofake.internal.http.Json;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.routing.Api;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.validation.AttributeLimitsRule;
import dev.ciofake.internal.validation.NearLimit;
import dev.ciofake.internal.validation.Rule;
import dev.ciofake.internal.validation.TimestampRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Track API v2 (customerio-api.md section 2): {@code POST /api/v2/entity} takes one operation,
 * {@code POST /api/v2/batch} takes {@code {"batch":[...]}}. Operations on people, objects and deliveries change the
 * same workspace state as v1.
 *
 * <p>Errors: a bad whole request is 400 {@code {"errors":[{"reason","field","message"}]}}; in a batch, bad items
 * are answered with 207 and a {@code batch_index} each while the good items are applied. A request over its
 * documented size (32 KB per entity or item, 500 KB per batch) is refused with 413 (the real status is not
 * published). The {@code reason} words are the fake's own: the real ones are not published either.
 */
public final class TrackV2Api {
  /** Documented size limit of {@code /entity} and of each batch item. */
  public static final int MAX_OPERATION_BYTES = 32 * 1024;
  /** Documented size limit of {@code /batch}. */
  public static final int MAX_BATCH_BYTES = 500 * 1024;

  private static final Set<String> PERSON_IDENTIFIERS = Set.of("id", "email", "cio_id", "phone");
  private static final Map<String, Set<String>> ACTIONS = Map.of(
      "person", Set.of("identify", "delete", "event", "screen", "page", "add_relationships",
          "delete_relationships", "add_device", "delete_device", "merge", "suppress", "unsuppress"),
      "object", Set.of("identify", "identify_anonymous", "delete", "add_relationships", "delete_relationships"),
      "delivery", Set.of("event"));
  private static final Set<String> DELIVERY_METRICS = Set.of("opened", "converted", "delivered");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  private static final Pattern OBJECT_TYPE_ID = Pattern.compile("[0-9]+");

  private static final Rule IDENTIFY_RULES = ex -> {
    new AttributeLimitsRule("attributes").check(ex);
    TimestampRule.attributes("attributes").andFields("timestamp").check(ex);
  };
  private static final Rule TIMESTAMP = TimestampRule.fields("timestamp");
  private static final Rule DEVICE_TIMESTAMP = TimestampRule.fields("device.last_used");

  private TrackV2Api() {}

  public static List<Endpoint> endpoints() {
    return List.of(
        Endpoint.builder(Api.TRACK_V2, "v2_entity").post("/api/v2/entity").body(Endpoint.Body.REQUIRED)
            .errors(ErrorShape.TRACK_V2_ERRORS).maxBodyBytes(MAX_OPERATION_BYTES)
            .handle(TrackV2Api::entity),
        Endpoint.builder(Api.TRACK_V2, "v2_batch").post("/api/v2/batch").body(Endpoint.Body.REQUIRED)
            .errors(ErrorShape.TRACK_V2_ERRORS).maxBodyBytes(MAX_BATCH_BYTES)
            .rule(TrackV2Api::batchIsAnArray)
            .handle(TrackV2Api::batch));
  }

  private static void batchIsAnArray(Exchange ex) {
    JsonNode batch = ex.body().get("batch");
    if (batch == null || !batch.isArray()) {
      ex.addViolation(Violation.of("schema", "batch", null, "batch is required and must be an array of operations"));
    } else if (batch.isEmpty()) {
      ex.addViolation(Violation.of("schema", "batch", null, "batch must contain at least one operation"));
    }
  }

  private static ApiResponse entity(Exchange ex) {
    List<Violation> problems = validate(ex, ex.body());
    boolean bad = false;
    for (Violation v : problems) {
      ex.addViolation(v);
      bad |= v.rejects();
    }
    if (bad) {
      List<Violation> rejecting = new ArrayList<>();
      problems.stream().filter(Violation::rejects).forEach(rejecting::add);
      return TrackResponses.error(rejecting.get(0).status(), ErrorShape.TRACK_V2_ERRORS, rejecting);
    }
    apply(ex, ex.body());
    return TrackResponses.ok();
  }

  private static ApiResponse batch(Exchange ex) {
    JsonNode batch = ex.body().get("batch");
    List<Violation> itemErrors = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      JsonNode op = batch.get(i);
      int size = Json.byteSize(op);
      if (size <= MAX_OPERATION_BYTES && size * 10L >= MAX_OPERATION_BYTES * 9L) {
        ex.addViolation(Violation.of(NearLimit.CODE, "batch[" + i + "]", size + " bytes", "batch operation " + i
            + " is " + size + " bytes, within 10% of the limit of " + MAX_OPERATION_BYTES + " bytes").accepted()
            .atIndex(i));
      }
      List<Violation> problems = size > MAX_OPERATION_BYTES
          ? List.of(Violation.of("limit", "", size + " bytes", "operation is " + size
              + " bytes; each batch operation is limited to " + MAX_OPERATION_BYTES + " bytes"))
          : validate(ex, op);
      boolean bad = false;
      for (Violation v : problems) {
        Violation indexed = v.atIndex(i);
        ex.addViolation(indexed);
        if (v.rejects()) {
          bad = true;
          itemErrors.add(indexed);
        }
      }
      if (!bad) {
        try {
          apply(ex, op);
        } catch (StateRejection sr) {
          Violation v = Violation.of("state", sr.field(), null, sr.getMessage()).atIndex(i);
          ex.addViolation(v);
          itemErrors.add(v);
        }
      }
    }
    if (itemErrors.isEmpty()) {
      return TrackResponses.ok();
    }
    return ApiResponse.json(207, ErrorShape.TRACK_V2_ERRORS.render(itemErrors, 207), TrackResponses.HEADERS);
  }

  // ---------------------------------------------------------------- validation

  /** Validates one operation; returns its problems (the item index is added by the caller). */
  static List<Violation> validate(Exchange parent, JsonNode op) {
    List<Violation> out = new ArrayList<>();
    if (op == null || !op.isObject()) {
      out.add(Violation.of("schema", "", null, "each operation must be a JSON object"));
      return out;
    }
    String type = text(op, "type");
    String action = text(op, "action");
    if (type == null || !ACTIONS.containsKey(type)) {
      out.add(Violation.of("schema", "type", type, "type must be one of person, object, delivery"));
      return out;
    }
    if (action == null || !ACTIONS.get(type).contains(action)) {
      out.add(Violation.of("schema", "action", action, "action must be one of " + ACTIONS.get(type).stream()
          .sorted().toList() + " for type " + type));
      return out;
    }
    switch (type) {
      case "person":
        validatePerson(op, action, out);
        break;
      case "object":
        validateObject(op, action, out);
        break;
      default:
        validateDelivery(op, out);
    }
    if (out.isEmpty()) {
      Exchange item = new Exchange(parent.request());
      item.workspace(parent.workspace());
      item.body(op);
      if (action.equals("identify")) {
        IDENTIFY_RULES.check(item);
      } else if (Set.of("event", "screen", "page").contains(action)) {
        TIMESTAMP.check(item);
      } else if (action.equals("add_device")) {
        DEVICE_TIMESTAMP.check(item);
      }
      out.addAll(item.violations());
    }
    return out;
  }

  private static void validatePerson(JsonNode op, String action, List<Violation> out) {
    if (action.equals("merge")) {
      for (String side : List.of("primary", "secondary")) {
        JsonNode n = op.get(side);
        if (n == null || !n.isObject() || n.size() != 1 || !Set.of("id", "email", "cio_id")
            .contains(n.fieldNames().next())) {
          out.add(Violation.of("identifier", side, n, side + " must have exactly one identifier: id, email or cio_id"));
        }
      }
      return;
    }
    JsonNode ids = op.get("identifiers");
    if (ids == null || !ids.isObject() || ids.isEmpty()) {
      out.add(Violation.of("identifier", "identifiers", null,
          "identifiers is required: exactly one of id, email, cio_id or phone"));
      return;
    }
    if (ids.size() != 1) {
      out.add(Violation.of("identifier", "identifiers", ids, "identifiers must have exactly one of id, email, cio_id "
          + "or phone; multiple identifiers are not allowed"));
      return;
    }
    String key = ids.fieldNames().next();
    JsonNode value = ids.get(key);
    if (!PERSON_IDENTIFIERS.contains(key)) {
      out.add(Violation.of("identifier", "identifiers." + key, null,
          "unknown identifier '" + key + "': use id, email, cio_id or phone"));
      return;
    }
    if (value == null || !(value.isTextual() || value.isIntegralNumber()) || value.asText().isBlank()) {
      out.add(Violation.of("identifier", "identifiers." + key, value, "identifiers." + key + " must be a non-empty value"));
      return;
    }
    if (Json.utf8Length(value.asText()) > 150) {
      out.add(Violation.of("limit", "identifiers." + key, value, "identifiers." + key
          + " cannot be longer than 150 bytes"));
    }
    if (key.equals("phone") && !E164.matcher(value.asText()).matches()) {
      out.add(Violation.of("identifier", "identifiers.phone", value,
          "identifiers.phone must be in E.164 form, for example +15551234567"));
    }
    switch (action) {
      case "identify":
        requireObjectIfPresent(op, "attributes", out);
        if (op.has("timestamp") && !op.get("timestamp").isIntegralNumber()) {
          out.add(Violation.of("schema", "timestamp", op.get("timestamp"), "timestamp must be an integer"));
        }
        break;
      case "event":
      case "screen":
      case "page":
        String name = text(op, "name");
        if (name == null || name.isBlank()) {
          out.add(Violation.of("schema", "name", null, "name is required for a " + action + " operation"));
        } else if (Json.utf8Length(name.trim()) > 100) {
          out.add(Violation.of("limit", "name", name, "event name cannot be longer than 100 bytes"));
        }
        requireObjectIfPresent(op, "attributes", out);
        if (op.has("attributes") && op.get("attributes").isObject() && Json.byteSize(op.get("attributes")) > 100_000) {
          out.add(Violation.of("limit", "attributes", null, "event data cannot be larger than 100000 bytes"));
        }
        if (op.has("id") && !op.get("id").isTextual()) {
          out.add(Violation.of("schema", "id", op.get("id"), "id must be a string"));
        }
        if (op.has("timestamp") && !op.get("timestamp").isIntegralNumber()) {
          out.add(Violation.of("schema", "timestamp", op.get("timestamp"), "timestamp must be an integer"));
        }
        break;
      case "add_device":
      case "delete_device":
        JsonNode d = op.get("device");
        if (d == null || !d.isObject() || text(d, "token") == null) {
          out.add(Violation.of("schema", "device.token", null, "device.token is required for " + action));
        } else if (d.has("platform") && !Set.of("ios", "android").contains(d.get("platform").asText())) {
          out.add(Violation.of("schema", "device.platform", d.get("platform"), "device.platform must be ios or android"));
        }
        break;
      case "add_relationships":
      case "delete_relationships":
        validateRelationships(op, true, out);
        break;
      default:
        break;
    }
  }

  private static void validateObject(JsonNode op, String action, List<Violation> out) {
    JsonNode ids = op.get("identifiers");
    if (ids == null || !ids.isObject()) {
      out.add(Violation.of("identifier", "identifiers", null,
          "identifiers is required: {object_type_id, object_id} or {cio_object_id}"));
      return;
    }
    if (ids.has("cio_object_id")) {
      if (ids.size() != 1 || text(ids, "cio_object_id") == null) {
        out.add(Violation.of("identifier", "identifiers", ids, "identifiers with cio_object_id take nothing else"));
      }
    } else {
      String typeId = text(ids, "object_type_id");
      String objectId = text(ids, "object_id");
      if (typeId == null || !OBJECT_TYPE_ID.matcher(typeId).matches()) {
        out.add(Violation.of("identifier", "identifiers.object_type_id", typeId,
            "identifiers.object_type_id is required: the object type's id as a string, for example \"1\""));
      }
      if (objectId == null || objectId.isBlank()) {
        out.add(Violation.of("identifier", "identifiers.object_id", objectId, "identifiers.object_id is required"));
      } else if (Json.utf8Length(objectId) > 150) {
        out.add(Violation.of("limit", "identifiers.object_id", objectId, "object_id cannot be longer than 150 bytes"));
      }
    }
    if (action.equals("identify")) {
      requireObjectIfPresent(op, "attributes", out);
      JsonNode a = op.get("attributes");
      if (a != null && a.isObject() && Json.byteSize(a) > 100 * 1024) {
        out.add(Violation.of("limit", "attributes", null, "object attributes cannot total more than 100 KB"));
      }
    }
    if (action.equals("identify_anonymous") || action.endsWith("_relationships")) {
      validateRelationships(op, false, out);
    }
  }

  private static void validateDelivery(JsonNode op, List<Violation> out) {
    String id = op.path("identifiers").path("id").asText(null);
    if (id == null || id.isBlank()) {
      out.add(Violation.of("identifier", "identifiers.id", null, "identifiers.id (the delivery id) is required"));
    }
    String name = text(op, "name");
    if (name == null || !DELIVERY_METRICS.contains(name)) {
      out.add(Violation.of("schema", "name", name, "name must be one of opened, converted, delivered"));
    }
    if (text(op.path("attributes"), "device_token") == null) {
      out.add(Violation.of("schema", "attributes.device_token", null, "attributes.device_token is required"));
    }
  }

  private static void validateRelationships(JsonNode op, boolean fromPerson, List<Violation> out) {
    JsonNode rels = op.get("cio_relationships");
    if (rels == null || !rels.isArray() || rels.isEmpty()) {
      out.add(Violation.of("schema", "cio_relationships", null, "cio_relationships is required: a non-empty array"));
      return;
    }
    for (int i = 0; i < rels.size(); i++) {
      JsonNode ids = rels.get(i).path("identifiers");
      boolean ok = fromPerson
          ? ids.has("cio_object_id") || (ids.has("object_type_id") && ids.has("object_id"))
          : ids.size() == 1 && (PERSON_IDENTIFIERS.contains(ids.fieldNames().next()) || ids.has("anonymous_id"));
      if (!ok) {
        out.add(Violation.of("identifier", "cio_relationships[" + i + "].identifiers", ids, fromPerson
            ? "each relationship needs identifiers {object_type_id, object_id} or {cio_object_id}"
            : "each relationship needs exactly one person identifier (id, email, cio_id, phone or anonymous_id)"));
      }
    }
  }

  private static void requireObjectIfPresent(JsonNode op, String field, List<Violation> out) {
    JsonNode n = op.get(field);
    if (n != null && !n.isNull() && !n.isObject()) {
      out.add(Violation.of("schema", field, n, field + " must be an object"));
    }
  }

  // ---------------------------------------------------------------- application

  private static void apply(Exchange ex, JsonNode op) {
    Workspace w = ex.workspace();
    long now = ex.request().receivedAtMillis() / 1000;
    String type = text(op, "type");
    String action = text(op, "action");
    if (type.equals("delivery")) {
      ObjectNode rec = Json.object();
      rec.put("kind", "v2_delivery_event");
      rec.put("request_id", ex.request().id());
      rec.put("delivery_id", op.path("identifiers").path("id").asText());
      rec.set("body", op.deepCopy());
      rec.put("received_at", now);
      w.recordDeliveryMetric(rec);
      return;
    }
    if (type.equals("object")) {
      applyObject(w, op, action, now);
      return;
    }
    if (action.equals("merge")) {
      w.merge(ref(op.get("primary")), ref(op.get("secondary")), now, ex::addEffect);
      return;
    }
    PersonRef ref = ref(op.get("identifiers"));
    switch (action) {
      case "identify":
        ObjectNode attrs = op.hasNonNull("attributes") ? ((ObjectNode) op.get("attributes")).deepCopy() : Json.object();
        if (op.hasNonNull("timestamp")) {
          attrs.put("_timestamp", op.get("timestamp").asLong());
        }
        w.identify(ref, attrs, now, ex::addEffect);
        if (op.has("cio_relationships") && op.get("cio_relationships").isArray()) {
          w.relate(ref, objectKeys(op.get("cio_relationships")), true, now, ex::addEffect);
        }
        break;
      case "delete":
        w.delete(ref, ex::addEffect);
        break;
      case "suppress":
      case "unsuppress":
        w.suppress(ref, action.equals("suppress"), now, ex::addEffect);
        break;
      case "event":
      case "screen":
      case "page":
        w.track(ref, null, op.hasNonNull("id") ? op.get("id").asText() : null, text(op, "name").trim(), action,
            op.hasNonNull("timestamp") ? op.get("timestamp").asLong() : null,
            op.hasNonNull("attributes") ? op.get("attributes") : Json.object(), ex.request().id(), now, ex::addEffect);
        break;
      case "add_device":
        ObjectNode device = ((ObjectNode) op.get("device")).deepCopy();
        device.put("id", device.get("token").asText());
        w.addDevice(ref, device, now, ex::addEffect);
        break;
      case "delete_device":
        w.deleteDevice(ref, op.get("device").get("token").asText(), ex::addEffect);
        break;
      default:
        w.relate(ref, objectKeys(op.get("cio_relationships")), action.startsWith("add"), now, ex::addEffect);
    }
  }

  private static void applyObject(Workspace w, JsonNode op, String action, long now) {
    String key = objectKey(op.get("identifiers"));
    switch (action) {
      case "identify":
        w.identifyObject(key, op.hasNonNull("attributes") ? (ObjectNode) op.get("attributes") : Json.object(), now);
        if (op.has("cio_relationships")) {
          w.relateObject(key, personRefs(op.get("cio_relationships")), true, now);
        }
        break;
      case "delete":
        w.deleteObject(key);
        break;
      default:
        w.relateObject(key, personRefs(op.get("cio_relationships")), !action.equals("delete_relationships"), now);
    }
  }

  private static List<String> objectKeys(JsonNode rels) {
    List<String> keys = new ArrayList<>();
    rels.forEach(r -> keys.add(objectKey(r.path("identifiers"))));
    return keys;
  }

  private static List<PersonRef> personRefs(JsonNode rels) {
    List<PersonRef> refs = new ArrayList<>();
    rels.forEach(r -> {
      JsonNode ids = r.path("identifiers");
      if (!ids.has("anonymous_id")) {
        refs.add(ref(ids));
      }
    });
    return refs;
  }

  private static String objectKey(JsonNode ids) {
    if (ids.hasNonNull("cio_object_id")) {
      return "cio_object:" + ids.get("cio_object_id").asText();
    }
    return ids.path("object_type_id").asText() + ":" + ids.path("object_id").asText();
  }

  private static PersonRef ref(JsonNode ids) {
    String key = ids.fieldNames().next();
    return new PersonRef(key, ids.get(key).asText());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }
}
