package dev.ciofake.internal.track;

import dev.ciofake.internal.validation.BodyPolicy;
import dev.ciofake.internal.validation.PersonIdentifierRule;
import dev.ciofake.internal.validation.RuleInput;
import dev.ciofake.internal.validation.Validator.Check;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.validation.AttributeLimitsRule;
import dev.ciofake.internal.validation.RelationshipAttributesRule;
import dev.ciofake.internal.validation.Rule;
import dev.ciofake.internal.validation.TimestampRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Track API v2 (docs/customerio-facts.md 2): {@code POST /api/v2/entity} takes one operation,
 * {@code POST /api/v2/batch} takes {@code {"batch":[...]}}. Operations on people, objects and deliveries change the
 * same workspace state as v1.
 *
 * <p>Validation is the pipeline's, as for every endpoint: each operation is checked against
 * {@code schemas/track-v2/operation.json} (dispatched on {@code type} and {@code action}, one schema per type and
 * action; its first error is reported, one per operation) and then the shared rules of its action (attribute limits,
 * timestamps, event limits, identifier sizes). A bad whole request is 400 {@code {"errors":[{"reason","field",
 * "message"}]}}; in a batch, bad operations are answered with 207 and a {@code batch_index} each while the good ones
 * are applied. A request over its documented size (32 KB per entity or operation, 500 KB per batch) is refused with
 * 400, the one error status the document gives these operations. The {@code reason} words are the fake's own: the
 * real ones are not published.
 */
public final class TrackV2Api {
  /** Documented size limit of {@code /entity} and of each batch operation. */
  public static final int MAX_OPERATION_BYTES = 32 * 1024;
  /** Documented size limit of {@code /batch}. */
  public static final int MAX_BATCH_BYTES = 500 * 1024;
  private static final String SCHEMAS = "schemas/track-v2/";
  private static final String OPERATION = SCHEMAS + "operation.json";

  private static final Rule RELATIONSHIPS = new RelationshipAttributesRule("cio_relationships");
  private static final List<Rule> IDENTIFY = List.of(new AttributeLimitsRule("attributes"),
      TimestampRule.attributes("attributes").andFields("timestamp"), TrackV2Api::identifierSizes, RELATIONSHIPS);
  private static final List<Rule> EVENT = List.of(new EventRule(false, "attributes"), TimestampRule.fields("timestamp"),
      TrackV2Api::identifierSizes);
  private static final List<Rule> DEVICE = List.of(TimestampRule.fields("device.last_used"), TrackV2Api::identifierSizes);
  private static final List<Rule> PERSON = List.of(TrackV2Api::identifierSizes);
  private static final List<Rule> PERSON_RELATIONSHIPS = List.of(TrackV2Api::identifierSizes, RELATIONSHIPS);
  private static final List<Rule> OBJECT = List.of(TrackV2Api::identifierSizes);
  private static final List<Rule> OBJECT_IDENTIFY = List.of(TrackV2Api::identifierSizes,
      new AttributeLimitsRule("attributes"), TrackV2Api::objectAttributes, RELATIONSHIPS);

  private TrackV2Api() {}

  public static List<Endpoint> endpoints() {
    return List.of(
        Endpoint.builder(Api.TRACK_V2, "v2_entity").post("/api/v2/entity").body(BodyPolicy.OBJECT)
            .maxBodyBytes(MAX_OPERATION_BYTES)
            .operations(new Endpoint.Operations(null, 0, TrackV2Api::check, TrackV2Api::apply))
            .handle(ex -> TrackResponses.ok()),
        Endpoint.builder(Api.TRACK_V2, "v2_batch").post("/api/v2/batch").body(BodyPolicy.OPTIONAL_OBJECT)
            .maxBodyBytes(MAX_BATCH_BYTES)
            .schema(SCHEMAS + "batch.json")
            .operations(new Endpoint.Operations("batch", MAX_OPERATION_BYTES, TrackV2Api::check, TrackV2Api::apply))
            .handle(ex -> TrackResponses.ok()));
  }

  /** The schema of every operation, and the rules of its type and action. */
  static Check check(JsonNode op) {
    String type = text(op, "type");
    String action = text(op, "action");
    List<Rule> rules;
    if ("person".equals(type)) {
      rules = action == null ? PERSON : switch (action) {
        case "identify" -> IDENTIFY;
        case "event", "screen", "page" -> EVENT;
        case "add_device" -> DEVICE;
        case "add_relationships", "delete_relationships" -> PERSON_RELATIONSHIPS;
        default -> PERSON;
      };
    } else if ("object".equals(type)) {
      rules = "delete".equals(action) ? OBJECT : OBJECT_IDENTIFY;
    } else {
      rules = List.of();
    }
    return new Check(OPERATION, rules, true);
  }

  /** The documented byte limits of identifiers (150 bytes: person identifiers, object ids). */
  private static void identifierSizes(RuleInput in) {
    JsonNode ids = in.body().path("identifiers");
    boolean object = "object".equals(text(in.body(), "type"));
    ids.fields().forEachRemaining(e -> {
      if (e.getValue().isValueNode() && Json.utf8Length(e.getValue().asText()) > PersonIdentifierRule.MAX_ID_BYTES) {
        in.addViolation(Violation.of("limit", "identifiers." + e.getKey(), e.getValue(), object
            ? e.getKey() + " cannot be longer than " + PersonIdentifierRule.MAX_ID_BYTES + " bytes"
            : "identifiers." + e.getKey() + " cannot be longer than " + PersonIdentifierRule.MAX_ID_BYTES + " bytes"));
      }
    });
  }

  /** The documented total size of an object's attributes: 100 KB. */
  private static void objectAttributes(RuleInput in) {
    JsonNode a = in.body().get("attributes");
    if (a != null && a.isObject() && Json.byteSize(a) > 100 * 1024) {
      in.addViolation(Violation.of("limit", "attributes", null, "object attributes cannot total more than 100 KB"));
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
      w.messages().recordDeliveryMetric(rec);
      return;
    }
    if (type.equals("object")) {
      applyObject(w, op, action, now);
      return;
    }
    if (action.equals("merge")) {
      w.people().merge(ref(op.get("primary")), ref(op.get("secondary")), now, ex::addEffect);
      return;
    }
    PersonRef ref = ref(op.get("identifiers"));
    switch (action) {
      case "identify":
        ObjectNode attrs = op.hasNonNull("attributes") ? ((ObjectNode) op.get("attributes")).deepCopy() : Json.object();
        if (op.hasNonNull("timestamp")) {
          attrs.put("_timestamp", op.get("timestamp").asLong());
        }
        w.people().identify(ref, attrs, now, ex::addEffect);
        if (op.has("cio_relationships") && op.get("cio_relationships").isArray()) {
          w.people().relate(ref, objectKeys(op.get("cio_relationships")), true, now, ex::addEffect);
        }
        break;
      case "delete":
        w.people().delete(ref, ex::addEffect);
        break;
      case "suppress":
      case "unsuppress":
        w.people().suppress(ref, action.equals("suppress"), now, ex::addEffect);
        break;
      case "event":
      case "screen":
      case "page":
        w.events().track(ref, null, op.hasNonNull("id") ? op.get("id").asText() : null, text(op, "name").trim(), action,
            op.hasNonNull("timestamp") ? op.get("timestamp").asLong() : null,
            op.hasNonNull("attributes") ? op.get("attributes") : Json.object(), ex.request().id(), now, ex::addEffect);
        break;
      case "add_device":
        ObjectNode device = ((ObjectNode) op.get("device")).deepCopy();
        device.put("id", device.get("token").asText());
        w.people().addDevice(ref, device, now, ex::addEffect);
        break;
      case "delete_device":
        w.people().deleteDevice(ref, op.get("device").get("token").asText(), ex::addEffect);
        break;
      default:
        w.people().relate(ref, objectKeys(op.get("cio_relationships")), action.startsWith("add"), now, ex::addEffect);
    }
  }

  private static void applyObject(Workspace w, JsonNode op, String action, long now) {
    String key = objectKey(op.get("identifiers"));
    switch (action) {
      case "identify":
      case "identify_anonymous": // the anonymous person is not modelled: identify_anonymous identifies the object
        w.objects().identifyObject(key, op.hasNonNull("attributes") ? (ObjectNode) op.get("attributes") : Json.object(), now);
        if (op.has("cio_relationships")) {
          w.objects().relateObject(key, personRefs(op.get("cio_relationships")), true, now);
        }
        break;
      case "delete":
        w.objects().deleteObject(key);
        break;
      default:
        w.objects().relateObject(key, personRefs(op.get("cio_relationships")), !action.equals("delete_relationships"), now);
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
    if (ids == null || !ids.isObject() || ids.isEmpty()) {
      // the schemas require identifiers where the operation names a person; a relationship may still send {}
      throw new dev.ciofake.internal.state.StateRejection("identifiers", "identifiers must name the person with "
          + "exactly one of id, email or cio_id");
    }
    String key = ids.fieldNames().next();
    return new PersonRef(key, ids.get(key).asText());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }
}
