package dev.ciofake.internal.track;

import dev.ciofake.Region;
import static dev.ciofake.internal.validation.BodyPolicy.NONE;
import static dev.ciofake.internal.validation.BodyPolicy.OPTIONAL_OBJECT;
import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.ErrorShape;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.validation.RuleInput;
import dev.ciofake.internal.validation.AttributeLimitsRule;
import dev.ciofake.internal.validation.RelationshipAttributesRule;
import dev.ciofake.internal.validation.PersonIdentifierRule;
import dev.ciofake.internal.validation.TimestampRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every Track API v1 endpoint of docs/customerio-facts.md 1.2: where it lives, how it is validated, and what it does
 * to the workspace. Each handler runs only after authentication, the body reader, the schema and the rules
 * accepted the request.
 */
public final class TrackV1Api {
  private static final String V1 = "/api/v1";
  private static final String SCHEMAS = "schemas/track-v1/";
  private static final Set<String> ID_TYPES = Set.of("id", "email", "cio_id");

  private TrackV1Api() {}

  /** The endpoints, in the order of the documentation. */
  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.TRACK_V1, "get_region").get(V1 + "/accounts/region").body(NONE)
        .handle(TrackV1Api::region));
    e.add(Endpoint.builder(Api.TRACK_V1, "identify").put(V1 + "/customers/{identifier}").body(OPTIONAL_OBJECT)
        .schema(SCHEMAS + "identify.json")
        .rule(PersonIdentifierRule.pathAndBody())
        .rule(new AttributeLimitsRule(""))
        .rule(new RelationshipAttributesRule("cio_relationships.relationships"))
        .rule(TimestampRule.attributes(""))
        .handle(TrackV1Api::identify));
    e.add(Endpoint.builder(Api.TRACK_V1, "delete_person").delete(V1 + "/customers/{identifier}").body(NONE)
        .rule(PersonIdentifierRule.path())
        .handle(ex -> {
          ws(ex).people().delete(ref(ex), effects(ex));
          return TrackResponses.ok();
        }));
    e.add(Endpoint.builder(Api.TRACK_V1, "add_device").put(V1 + "/customers/{identifier}/devices")
        .body(OBJECT).schema(SCHEMAS + "device.json")
        .rule(PersonIdentifierRule.path())
        .rule(TimestampRule.fields("device.last_used"))
        .rule(new AttributeLimitsRule("device.attributes"))
        .handle(ex -> {
          ws(ex).people().addDevice(ref(ex), (ObjectNode) ex.body().get("device"), now(ex), effects(ex));
          return TrackResponses.ok();
        }));
    e.add(Endpoint.builder(Api.TRACK_V1, "delete_device")
        .delete(V1 + "/customers/{identifier}/devices/{device_id}").body(NONE)
        .rule(PersonIdentifierRule.path())
        .handle(ex -> {
          ws(ex).people().deleteDevice(ref(ex), ex.pathParam("device_id"), effects(ex));
          return TrackResponses.ok();
        }));
    e.add(Endpoint.builder(Api.TRACK_V1, "suppress").post(V1 + "/customers/{identifier}/suppress").body(OPTIONAL_OBJECT)
        .rule(PersonIdentifierRule.path())
        .handle(ex -> {
          ws(ex).people().suppress(ref(ex), true, now(ex), effects(ex));
          return TrackResponses.ok();
        }));
    e.add(Endpoint.builder(Api.TRACK_V1, "unsuppress").post(V1 + "/customers/{identifier}/unsuppress")
        .body(OPTIONAL_OBJECT)
        .rule(PersonIdentifierRule.path())
        .handle(ex -> {
          ws(ex).people().suppress(ref(ex), false, now(ex), effects(ex));
          return TrackResponses.ok();
        }));
    e.add(Endpoint.builder(Api.TRACK_V1, "track").post(V1 + "/customers/{identifier}/events").body(OBJECT)
        .schema(SCHEMAS + "event.json")
        .rule(PersonIdentifierRule.path())
        .rule(new EventRule(false))
        .rule(TimestampRule.fields("timestamp"))
        .handle(ex -> track(ex, ref(ex))));
    e.add(Endpoint.builder(Api.TRACK_V1, "track_anonymous").post(V1 + "/events").body(OBJECT)
        .schema(SCHEMAS + "event.json")
        .rule(new EventRule(true))
        .rule(TimestampRule.fields("timestamp"))
        .handle(ex -> track(ex, null)));
    e.add(Endpoint.builder(Api.TRACK_V1, "submit_form").post(V1 + "/forms/{form_id}/submit").body(OBJECT)
        .schema(SCHEMAS + "form.json")
        .rule(TrackV1Api::formHasOneIdentifier)
        .handle(ex -> {
          ws(ex).submitForm(ex.pathParam("form_id"), (ObjectNode) ex.body().get("data"), now(ex), effects(ex));
          return TrackResponses.noContent();
        }));
    e.add(Endpoint.builder(Api.TRACK_V1, "merge_customers").post(V1 + "/merge_customers").body(OBJECT)
        .errors(ErrorShape.META_ERROR)
        .schema(SCHEMAS + "merge.json")
        .rule(TrackV1Api::mergeHasOneIdentifierEach)
        .handle(TrackV1Api::merge));
    e.add(Endpoint.builder(Api.TRACK_V1, "report_metric").post(V1 + "/metrics").body(OBJECT).unauthenticated()
        .schema(SCHEMAS + "metric.json")
        .rule(TimestampRule.fields("timestamp"))
        .handle(ex -> metric(ex, "metric")));
    for (String path : List.of(V1 + "/push/events", "/push/events")) {
      e.add(Endpoint.builder(Api.TRACK_V1, "track_push").post(path).body(OPTIONAL_OBJECT).unauthenticated()
          .schema(SCHEMAS + "push-event.json")
          .rule(TimestampRule.fields("timestamp"))
          .handle(ex -> metric(ex, "push_event")));
    }
    for (String action : List.of("add_customers", "remove_customers")) {
      e.add(Endpoint.builder(Api.TRACK_V1, "segment_" + action).post(V1 + "/segments/{segment_id}/" + action)
          .body(OBJECT).schema(SCHEMAS + "segment.json")
          .rule(TrackV1Api::idTypeIsKnown)
          .handle(ex -> segment(ex, action.startsWith("add"))));
    }
    e.add(Endpoint.builder(Api.TRACK_V1, "unsubscribe").post("/unsubscribe/{delivery_id}").body(OPTIONAL_OBJECT)
        .unauthenticated().requireJsonContentType()
        .schema(SCHEMAS + "unsubscribe.json")
        .handle(ex -> metric(ex, "unsubscribe")));
    return e;
  }

  // ---------------------------------------------------------------- handlers

  private static ApiResponse region(Exchange ex) {
    Workspace w = ws(ex);
    ObjectNode n = Json.object();
    Region region = w.settings().region();
    n.put("url", region.trackUrl());
    n.put("region", region.key());
    n.put("environment_id", w.environmentId());
    return TrackResponses.ok(Json.compact(n));
  }

  private static ApiResponse identify(Exchange ex) {
    ws(ex).people().identify(ref(ex), (ObjectNode) ex.body(), now(ex), effects(ex));
    return TrackResponses.ok();
  }

  private static ApiResponse track(Exchange ex, PersonRef ref) {
    JsonNode b = ex.body();
    String name = b.get("name").asText().trim();
    String type = b.hasNonNull("type") ? b.get("type").asText() : "event";
    String eventId = b.hasNonNull("id") ? b.get("id").asText() : null;
    Long timestamp = b.hasNonNull("timestamp") ? b.get("timestamp").asLong() : null;
    JsonNode data = b.hasNonNull("data") ? b.get("data") : Json.object();
    String anonymousId = b.hasNonNull("anonymous_id") && !b.get("anonymous_id").asText().isEmpty()
        ? b.get("anonymous_id").asText() : null;
    ws(ex).events().track(ref, ref == null ? anonymousId : null, eventId, name, type, timestamp, data, ex.request().id(),
        now(ex), effects(ex));
    return TrackResponses.ok();
  }

  private static ApiResponse merge(Exchange ex) {
    ws(ex).people().merge(mergeRef(ex.body().get("primary")), mergeRef(ex.body().get("secondary")), now(ex), effects(ex));
    return TrackResponses.ok();
  }

  private static PersonRef mergeRef(JsonNode n) {
    String type = n.fieldNames().next();
    return new PersonRef(type, n.get(type).asText());
  }

  private static ApiResponse segment(Exchange ex, boolean add) {
    String idType = ex.request().query().getOrDefault("id_type", "id");
    List<String> ids = new ArrayList<>();
    ex.body().get("ids").forEach(n -> ids.add(n.asText()));
    ws(ex).people().segment(ex.pathParam("segment_id"), idType, ids, add);
    return TrackResponses.ok();
  }

  private static ApiResponse metric(Exchange ex, String kind) {
    ObjectNode rec = Json.object();
    rec.put("kind", kind);
    rec.put("request_id", ex.request().id());
    if (ex.pathParam("delivery_id") != null) {
      rec.put("delivery_id", ex.pathParam("delivery_id"));
    }
    rec.set("body", ex.body().deepCopy());
    rec.put("received_at", now(ex));
    ws(ex).messages().recordDeliveryMetric(rec);
    return TrackResponses.ok();
  }

  // ---------------------------------------------------------------- rules specific to one endpoint

  private static void formHasOneIdentifier(RuleInput in) {
    JsonNode data = in.body().get("data");
    if (data == null || !data.isObject()) {
      return;
    }
    // a null email or id identifies nobody (the document types both as string or null)
    int n = (data.hasNonNull("email") ? 1 : 0) + (data.hasNonNull("id") ? 1 : 0);
    if (n != 1) {
      in.addViolation(Violation.of("identifier", "data", null,
          "data must contain exactly one of email or id, got " + n));
    }
  }

  private static void mergeHasOneIdentifierEach(RuleInput in) {
    for (String side : List.of("primary", "secondary")) {
      JsonNode n = in.body().get(side);
      if (n == null || !n.isObject()) {
        continue;
      }
      int count = 0;
      for (String k : List.of("id", "email", "cio_id")) {
        if (n.has(k)) {
          count++;
        }
      }
      if (count != 1 || n.size() != 1) {
        in.addViolation(Violation.of("identifier", side, n.toString(),
            side + " must have exactly one identifier: id, email or cio_id"));
      }
    }
    if (!in.rejected() && in.body().get("primary").equals(in.body().get("secondary"))) {
      in.addViolation(Violation.of("identifier", "secondary", null,
          "primary and secondary must be different people"));
    }
  }

  private static void idTypeIsKnown(RuleInput in) {
    String idType = in.query().get("id_type");
    if (idType != null && !ID_TYPES.contains(idType)) {
      in.addViolation(Violation.of("parameter", "id_type", idType,
          "id_type must be one of id, email, cio_id, got '" + idType + "'"));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static Workspace ws(Exchange ex) {
    return ex.workspace();
  }

  private static PersonRef ref(Exchange ex) {
    return PersonRef.fromPath(ex.pathParam("identifier"), ex.workspace().settings().emailIdentifiers());
  }

  private static long now(Exchange ex) {
    return ex.request().receivedAtMillis() / 1000;
  }

  private static Consumer<Effect> effects(Exchange ex) {
    return ex::addEffect;
  }
}
