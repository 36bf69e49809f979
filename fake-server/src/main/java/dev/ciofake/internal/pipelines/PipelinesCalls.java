package dev.ciofake.internal.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.validation.PipelinesTimestamps;
import java.util.List;
import java.util.function.Consumer;

/**
 * What an accepted Pipelines call does to the workspace: the same {@code People}, {@code Events} and
 * {@code CustomObjects} the Track API changes, so a person, an event or an object reads the same whichever API an
 * integration uses (docs/pipelines.md, "One model").
 *
 * <ul>
 *   <li>{@code identify}: the person {@code userId} (by id; with no userId, by {@code traits.email}) gets the traits
 *       as attributes; an {@code anonymousId} joins them, and the anonymous events tracked with it move to them. An
 *       identify with only an {@code anonymousId} (a visitor not known yet) changes no person.
 *   <li>{@code track}: an event {@code event} with {@code properties} as its data, for the person {@code userId}, or
 *       anonymous with {@code anonymousId}; {@code messageId} is its id (a repeated messageId is a duplicate, as a
 *       retried batch is), an ISO-8601 {@code timestamp} its time. The semantic events do what their names say:
 *       {@code User Deleted}, {@code User Suppressed}, {@code User Unsuppressed}, {@code Device Created or Updated},
 *       {@code Device Deleted} (the device is {@code context.device.token}), {@code Relationship Deleted},
 *       {@code Object Deleted} ({@code properties.objectId}, {@code objectTypeId} 1 by default), {@code Report
 *       Delivery Event} and {@code Report Content Event} (recorded as delivery metrics); they are not stored as events.
 *   <li>{@code page} and {@code screen}: an event of that type named {@code name} (else the page URL or path).
 *   <li>{@code group}: the object {@code objectTypeId:groupId} (type 1 unless {@code traits.objectTypeId} or
 *       {@code object_type_id} says otherwise) gets the traits, and the person is related to it.
 *   <li>{@code alias}: {@code previousId} joins {@code userId}: another person with that id is merged into them,
 *       otherwise it is an anonymous id whose events move to them.
 * </ul>
 */
public final class PipelinesCalls {
  /** Semantic event names of Customer.io (the Pipelines document's table). */
  public static final String USER_DELETED = "User Deleted";
  public static final String USER_SUPPRESSED = "User Suppressed";
  public static final String USER_UNSUPPRESSED = "User Unsuppressed";
  public static final String DEVICE_UPDATED = "Device Created or Updated";
  public static final String DEVICE_DELETED = "Device Deleted";
  public static final String RELATIONSHIP_DELETED = "Relationship Deleted";
  public static final String OBJECT_DELETED = "Object Deleted";
  public static final String REPORT_DELIVERY = "Report Delivery Event";
  public static final String REPORT_CONTENT = "Report Content Event";

  private PipelinesCalls() {}

  /** Applies one valid call of type {@code type} (the endpoint's, or the batch call's {@code type}). */
  public static void apply(Exchange ex, String type, JsonNode call) {
    Workspace w = ex.workspace();
    long now = ex.request().receivedAtMillis() / 1000;
    Consumer<Effect> effects = ex::addEffect;
    switch (type) {
      case "identify" -> identify(w, call, now, effects);
      case "track" -> track(ex, w, call, now, effects);
      case "page", "screen" -> view(ex, w, type, call, now, effects);
      case "group" -> group(w, call, now, effects);
      case "alias" -> w.people().alias(person(call), id(call.get("previousId")), now, effects);
      default -> throw new IllegalStateException("unvalidated Pipelines call type " + type);
    }
    w.pipelinesCalls().applied();
  }

  private static void identify(Workspace w, JsonNode call, long now, Consumer<Effect> effects) {
    String userId = id(call.get("userId"));
    String anonymousId = id(call.get("anonymousId"));
    JsonNode traits = call.get("traits");
    ObjectNode attrs = traits != null && traits.isObject() ? ((ObjectNode) traits).deepCopy() : Json.object();
    attrs.remove("id"); // the userId is the id
    String email = attrs.hasNonNull("email") ? attrs.get("email").asText() : null;
    PersonRef ref = userId != null ? new PersonRef(PersonRef.ID, userId)
        : email != null && !email.isBlank() ? new PersonRef(PersonRef.EMAIL, email) : null;
    if (ref == null) {
      return; // an anonymous visitor's traits: no person yet (they join one when an identify names both ids)
    }
    if (anonymousId != null) {
      attrs.put("anonymous_id", anonymousId);
    }
    w.people().identify(ref, attrs, now, effects);
  }

  private static void track(Exchange ex, Workspace w, JsonNode call, long now, Consumer<Effect> effects) {
    String event = call.get("event").asText().trim();
    PersonRef ref = person(call);
    JsonNode props = call.hasNonNull("properties") ? call.get("properties") : Json.object();
    switch (event) {
      case USER_DELETED -> {
        if (ref != null) {
          w.people().delete(ref, effects);
        }
      }
      case USER_SUPPRESSED, USER_UNSUPPRESSED -> {
        if (ref != null) {
          w.people().suppress(ref, event.equals(USER_SUPPRESSED), now, effects);
        }
      }
      case DEVICE_UPDATED -> {
        JsonNode device = call.path("context").path("device");
        String token = id(device.get("token"));
        if (ref != null && token != null) {
          ObjectNode d = Json.object();
          d.put("id", token);
          if (device.hasNonNull("type")) {
            d.put("platform", device.get("type").asText());
          }
          d.put("last_used", seconds(call, now));
          if (props.isObject() && !props.isEmpty()) {
            d.set("attributes", props.deepCopy());
          }
          w.people().addDevice(ref, d, now, effects);
        }
      }
      case DEVICE_DELETED -> {
        String token = id(call.path("context").path("device").get("token"));
        if (ref != null && token != null) {
          w.people().deleteDevice(ref, token, effects);
        }
      }
      case RELATIONSHIP_DELETED -> {
        if (ref != null && id(props.get("objectId")) != null) {
          w.people().relate(ref, List.of(objectKey(props.get("objectTypeId"), props.get("objectId"))), false, now,
              effects);
        }
      }
      case OBJECT_DELETED -> {
        if (id(props.get("objectId")) != null) {
          w.objects().deleteObject(objectKey(props.get("objectTypeId"), props.get("objectId")));
        }
      }
      case REPORT_DELIVERY, REPORT_CONTENT -> {
        ObjectNode rec = Json.object();
        rec.put("kind", event.equals(REPORT_DELIVERY) ? "pipelines_delivery_event" : "pipelines_content_event");
        rec.put("request_id", ex.request().id());
        if (props.hasNonNull("deliveryId")) {
          rec.put("delivery_id", props.get("deliveryId").asText());
        }
        rec.set("body", call.deepCopy());
        rec.put("received_at", now);
        w.messages().recordDeliveryMetric(rec);
      }
      default -> w.events().track(ref, ref == null ? id(call.get("anonymousId")) : null, id(call.get("messageId")),
          event, "event", PipelinesTimestamps.seconds(call.get("timestamp")), props, ex.request().id(), now,
          effects);
    }
  }

  private static void view(Exchange ex, Workspace w, String type, JsonNode call, long now, Consumer<Effect> effects) {
    JsonNode props = call.hasNonNull("properties") ? call.get("properties") : Json.object();
    String name = firstText(call.get("name"), props.get("name"), props.get("url"), props.get("path"));
    PersonRef ref = person(call);
    w.events().track(ref, ref == null ? id(call.get("anonymousId")) : null, id(call.get("messageId")),
        name == null ? type : name, type, PipelinesTimestamps.seconds(call.get("timestamp")), props, ex.request().id(),
        now, effects);
  }

  private static void group(Workspace w, JsonNode call, long now, Consumer<Effect> effects) {
    JsonNode traits = call.hasNonNull("traits") && call.get("traits").isObject() ? call.get("traits") : Json.object();
    JsonNode type = traits.hasNonNull("objectTypeId") ? traits.get("objectTypeId") : traits.get("object_type_id");
    String key = objectKey(type, call.get("groupId"));
    ObjectNode attrs = ((ObjectNode) traits).deepCopy();
    attrs.remove(List.of("objectTypeId", "object_type_id", "relationshipAttributes"));
    w.objects().identifyObject(key, attrs, now);
    PersonRef ref = person(call);
    if (ref != null) {
      w.people().relate(ref, List.of(key), true, now, effects);
      w.objects().relateObject(key, List.of(ref), true, now);
    }
  }

  /** The person a call names by {@code userId}, or {@code null} for an anonymous call. */
  private static PersonRef person(JsonNode call) {
    String userId = id(call.get("userId"));
    return userId == null ? null : new PersonRef(PersonRef.ID, userId);
  }

  /** {@code object_type_id:object_id}, type 1 unless given, as the Track API keys objects. */
  static String objectKey(JsonNode type, JsonNode objectId) {
    String t = id(type);
    return (t == null ? "1" : t) + ":" + id(objectId);
  }

  /** A non-empty identifier (string or number) as text, or {@code null}. */
  static String id(JsonNode n) {
    if (n == null || n.isNull() || !(n.isTextual() || n.isNumber())) {
      return null;
    }
    String s = n.asText();
    return s.isEmpty() ? null : s;
  }

  private static String firstText(JsonNode... candidates) {
    for (JsonNode c : candidates) {
      if (c != null && c.isTextual() && !c.textValue().isBlank()) {
        return c.textValue();
      }
    }
    return null;
  }

  private static long seconds(JsonNode call, long now) {
    Long s = PipelinesTimestamps.seconds(call.get("timestamp"));
    return s == null ? now : s;
  }
}
