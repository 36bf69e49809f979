package dev.ciofake.internal.app;

import static dev.ciofake.internal.validation.BodyPolicy.NONE;
import static dev.ciofake.internal.validation.BodyPolicy.OPTIONAL_OBJECT;
import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.ErrorShape;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.RateClass;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.People;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.validation.RuleInput;
import dev.ciofake.internal.validation.TimestampRule;
import dev.ciofake.internal.webhook.DeliveryEvents;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The App API endpoints cio-fake models (docs/customerio-facts.md section 3): transactional sends, API-triggered
 * broadcasts and the person lookups an integration uses. Any other {@code /v1/...} path answers 404 in the App
 * error shape with a message saying the fake does not model it.
 *
 * <p>Where the real behaviour is not published, the choice is documented on the handler: a send to a suppressed
 * person is accepted (200, a delivery id) and stored with state {@code suppressed}, not sent; a send to an
 * unsubscribed person with {@code send_to_unsubscribed: false} is stored as {@code skipped_unsubscribed}.
 */
public final class AppApi {
  private static final String V1 = "/v1";
  private static final List<String> CHANNELS = List.of("email", "push", "sms", "whatsapp", "in_app", "inbox_message");
  private static final List<String> AUDIENCES = List.of("recipients", "ids", "emails", "per_user_data", "data_file_url");
  private static final Set<String> ID_TYPES = Set.of("id", "email", "cio_id");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final java.util.regex.Pattern UNSUBSCRIBE_TAG =
      java.util.regex.Pattern.compile("\\{\\{\\{?\\s*unsubscribe_url|\\{%\\s*unsubscribe_url");
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private AppApi() {}

  /** The endpoints; sends report their life through {@code events} (reporting webhooks). */
  public static List<Endpoint> endpoints(DeliveryEvents events) {
    List<Endpoint> e = new ArrayList<>();
    for (String channel : CHANNELS) {
      e.add(Endpoint.builder(Api.APP, "send_" + channel).post(V1 + "/send/" + channel).body(OBJECT)
          .errors(ErrorShape.META_ERROR).rateClass(RateClass.TRANSACTIONAL)
          .rule(new TransactionalRules(channel))
          .rule(TimestampRule.fields("send_at"))
          .handle(ex -> send(ex, channel, events)));
    }
    for (String prefix : List.of(V1, V1 + "/api")) {
      e.add(Endpoint.builder(Api.APP, "trigger_broadcast").post(prefix + "/campaigns/{broadcast_id}/triggers")
          .body(OPTIONAL_OBJECT).rateClass(RateClass.BROADCAST)
          .rule(AppApi::broadcastRules)
          .handle(ex -> triggerBroadcast(ex, events)));
    }
    e.add(Endpoint.builder(Api.APP, "get_trigger").get(V1 + "/campaigns/{broadcast_id}/triggers/{trigger_id}")
        .body(NONE).handle(AppApi::getTrigger));
    e.add(Endpoint.builder(Api.APP, "get_trigger_errors")
        .get(V1 + "/campaigns/{broadcast_id}/triggers/{trigger_id}/errors")
        .body(NONE).handle(AppApi::getTriggerErrors));
    e.add(Endpoint.builder(Api.APP, "customers_by_email").get(V1 + "/customers").body(NONE)
        .handle(AppApi::customersByEmail));
    e.add(Endpoint.builder(Api.APP, "customer_attributes").get(V1 + "/customers/{identifier}/attributes").body(NONE)
        .rule(AppApi::idTypeIsKnown).handle(AppApi::customerAttributes));
    e.add(Endpoint.builder(Api.APP, "customers_attributes").post(V1 + "/customers/attributes").body(OBJECT)
        .rule(AppApi::idTypeIsKnown).rule(AppApi::idsListRule)
        .handle(AppApi::customersAttributes));
    return e;
  }

  // ---------------------------------------------------------------- transactional

  private static ApiResponse send(Exchange ex, String channel, DeliveryEvents events) {
    JsonNode b = ex.body();
    Workspace w = ex.workspace();
    long now = ex.request().receivedAtMillis() / 1000;
    JsonNode ids = b.get("identifiers");
    String idType = ids.fieldNames().next();
    PersonRef ref = new PersonRef(idType, ids.get(idType).asText());
    People.Recipient r = w.people().recipient(ref, now);
    if (r == null) {
      throw new StateRejection("identifiers.cio_id", "no person has cio_id " + ref.value(), 400);
    }
    boolean sendToUnsubscribed = !b.has("send_to_unsubscribed") || b.get("send_to_unsubscribed").asBoolean(true);
    long sendAt = b.hasNonNull("send_at") ? b.get("send_at").asLong() : 0;
    String state = r.suppressed() ? "suppressed"
        : r.unsubscribed() && !sendToUnsubscribed ? "skipped_unsubscribed"
        : sendAt > now ? "scheduled" : "sent";

    ObjectNode d = Json.object();
    String deliveryId = deliveryId();
    d.put("delivery_id", deliveryId);
    d.put("channel", channel);
    d.set("transactional_message_id", b.get("transactional_message_id"));
    d.set("identifiers", ids.deepCopy());
    ObjectNode person = d.putObject("person");
    person.put("cio_id", r.cioId());
    person.put("id", r.id());
    person.put("email", r.email());
    person.put("created_by_send", r.created());
    d.set("recipient", recipient(channel, b, r));
    if (channel.equals("email")) {
      dev.ciofake.internal.state.EspSuppressions.Entry espSuppressed = w.suppressions().suppression(
          dev.ciofake.internal.state.Messages.addressOf(b.get("to").asText()));
      if (espSuppressed != null) {
        d.put("esp_suppression", espSuppressed.type()); // accepted; the ESP drops it (docs/customerio-facts.md 3.2)
      }
    }
    if (channel.equals("push")) {
      d.set("devices", pushDevices(b, r));
    }
    for (String f : List.of("from", "subject", "body", "body_plain", "reply_to", "title", "message", "language")) {
      if (b.hasNonNull(f)) {
        d.set(f, b.get(f));
      }
    }
    d.set("message_data", b.hasNonNull("message_data") ? b.get("message_data") : Json.object());
    if (b.hasNonNull("attachments")) {
      ArrayNode names = d.putArray("attachments");
      b.get("attachments").fieldNames().forEachRemaining(names::add);
    }
    d.put("send_to_unsubscribed", sendToUnsubscribed);
    if (sendAt > 0) {
      d.put("send_at", sendAt);
    }
    d.put("queued_at", now);
    d.put("state", state);
    d.put("request_id", ex.request().id());
    w.messages().addDelivery(d);
    events.afterSend(w, d);
    boolean marketing = (b.has("send_to_unsubscribed") && !sendToUnsubscribed)
        || (b.hasNonNull("body") && UNSUBSCRIBE_TAG.matcher(b.get("body").asText()).find());
    ex.addEffect(new Effect.MessageSent(channel, r.cioId(), r.email(), marketing, deliveryId));

    ObjectNode res = Json.object();
    res.put("delivery_id", deliveryId);
    res.put("queued_at", now);
    return AppResponses.ok(res);
  }

  /** Who the message goes to once rendered: the address, phone or device tokens. */
  private static JsonNode recipient(String channel, JsonNode b, People.Recipient r) {
    switch (channel) {
      case "email":
        return Json.object().textNode(b.get("to").asText());
      case "push":
        if (b.hasNonNull("to")) {
          return b.get("to");
        }
        ArrayNode tokens = Json.array();
        pushDevices(b, r).forEach(d -> tokens.add(d.get("device_id").asText()));
        return tokens;
      case "sms":
      case "whatsapp":
        return b.hasNonNull("to") ? b.get("to") : Json.object().textNode(r.phone());
      default:
        return Json.object().textNode(r.id() != null ? r.id() : r.email());
    }
  }

  /**
   * The devices a push goes to, as reporting webhooks list them ({@code [{device_id, device_platform}]}): the
   * request's {@code custom_device}, else the device its {@code to} names, else every device of the person.
   */
  private static ArrayNode pushDevices(JsonNode b, People.Recipient r) {
    ArrayNode out = Json.array();
    JsonNode custom = b.get("custom_device");
    if (custom != null && custom.hasNonNull("token")) {
      device(out, custom.get("token").asText(), custom.path("platform").asText(null));
    } else if (b.hasNonNull("to") && b.get("to").isTextual()) {
      String token = b.get("to").asText();
      device(out, token, r.devices().get(token));
    } else {
      r.devices().forEach((token, platform) -> device(out, token, platform));
    }
    return out;
  }

  private static void device(ArrayNode out, String token, String platform) {
    ObjectNode d = out.addObject();
    d.put("device_id", token);
    if ("ios".equals(platform) || "android".equals(platform)) {
      d.put("device_platform", platform);
    }
  }

  private static String deliveryId() {
    char[] c = new char[28];
    for (int i = 0; i < c.length; i++) {
      c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(c);
  }

  // ---------------------------------------------------------------- broadcasts

  private static void broadcastRules(RuleInput in) {
    if (!isPositiveInteger(in.pathParam("broadcast_id"))) {
      in.addViolation(Violation.of("parameter", "broadcast_id", in.pathParam("broadcast_id"),
          "broadcast id must be a positive integer, got '" + in.pathParam("broadcast_id") + "'"));
      return;
    }
    JsonNode b = in.body();
    List<String> given = new ArrayList<>();
    for (String a : AUDIENCES) {
      if (b.has(a) && !b.get(a).isNull()) {
        given.add(a);
      }
    }
    if (given.size() > 1) {
      in.addViolation(Violation.of("schema", given.get(1), null, "only one audience may be given, got "
          + String.join(" and ", given) + " (use one of recipients, ids, emails, per_user_data, data_file_url)"));
      return;
    }
    if (b.has("data") && !b.get("data").isObject()) {
      in.addViolation(Violation.of("schema", "data", null, "data must be an object"));
    }
    if (given.isEmpty()) {
      return;
    }
    String a = given.get(0);
    JsonNode v = b.get(a);
    switch (a) {
      case "recipients":
        if (!v.isObject()) {
          in.addViolation(Violation.of("schema", "recipients", null, "recipients must be a filter object"));
        } else if (v.isEmpty()) {
          in.addViolation(Violation.of("schema", "recipients", null, "empty recipients filter is not valid")
              .withStatus(422));
        }
        break;
      case "ids":
      case "emails":
        if (!v.isArray() || v.isEmpty()) {
          in.addViolation(Violation.of("schema", a, null, a + " must be a non-empty array"));
        }
        break;
      case "per_user_data":
        if (!v.isArray() || v.isEmpty()) {
          in.addViolation(Violation.of("schema", a, null, "per_user_data must be a non-empty array"));
        } else {
          for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isObject() || !(item.hasNonNull("id") || item.hasNonNull("email"))) {
              in.addViolation(Violation.of("schema", "per_user_data[" + i + "]", null,
                  "per_user_data[" + i + "] needs an id or an email"));
            }
          }
        }
        break;
      default:
        if (!v.isTextual() || !(v.asText().startsWith("https://") || v.asText().startsWith("http://"))) {
          in.addViolation(Violation.of("schema", "data_file_url", v, "data_file_url must be an http(s) URL"));
        }
    }
  }

  private static ApiResponse triggerBroadcast(Exchange ex, DeliveryEvents events) {
    JsonNode b = ex.body();
    Workspace w = ex.workspace();
    AudienceDeliveries.requireDefined(w, "broadcasts", ex.pathParam("broadcast_id"), "broadcast_id");
    long now = ex.request().receivedAtMillis() / 1000;
    ObjectNode t = Json.object();
    t.put("broadcast_id", Long.parseLong(ex.pathParam("broadcast_id")));
    t.put("created_at", now);
    t.put("processed", true);
    t.put("processed_at", now);
    t.set("data", b.hasNonNull("data") ? b.get("data") : Json.object());
    String audience = "default";
    ArrayNode errors = Json.array();
    for (String a : AUDIENCES) {
      if (b.hasNonNull(a)) {
        audience = a;
        t.set(a, b.get(a));
      }
    }
    if (audience.equals("ids") && !b.path("id_ignore_missing").asBoolean(false)) {
      b.get("ids").forEach(id -> missing(w, new PersonRef(PersonRef.ID, id.asText()), errors));
    } else if (audience.equals("emails") && !b.path("email_ignore_missing").asBoolean(false)) {
      b.get("emails").forEach(em -> missing(w, new PersonRef(PersonRef.EMAIL, em.asText()), errors));
    }
    List<PersonRef> named = new ArrayList<>();
    if (audience.equals("ids")) {
      b.get("ids").forEach(id -> named.add(new PersonRef(PersonRef.ID, id.asText())));
    } else if (audience.equals("emails")) {
      b.get("emails").forEach(em -> named.add(new PersonRef(PersonRef.EMAIL, em.asText())));
    } else if (audience.equals("per_user_data")) {
      b.get("per_user_data").forEach(u -> named.add(u.hasNonNull("id")
          ? new PersonRef(PersonRef.ID, u.get("id").asText()) : new PersonRef(PersonRef.EMAIL, u.get("email").asText())));
    }
    t.put("audience", audience);
    t.set("errors", errors);
    t.put("request_id", ex.request().id());
    long id = w.messages().addTrigger(t);
    BroadcastAudience.deliver(w, events, t, named, now);
    ex.addEffect(new Effect.BroadcastTriggered(id, w.people().cioIdsOf(named)));
    ObjectNode res = Json.object();
    res.put("id", id);
    return AppResponses.ok(res);
  }

  private static void missing(Workspace w, PersonRef ref, ArrayNode errors) {
    if (!w.people().exists(ref)) {
      ObjectNode e = errors.addObject();
      e.put(ref.type(), ref.value());
      e.put("error", "no person with " + ref.type() + " " + ref.value() + " in this workspace");
    }
  }

  private static ObjectNode findTrigger(Exchange ex) {
    String tid = ex.pathParam("trigger_id");
    ObjectNode t = isPositiveInteger(tid) ? ex.workspace().messages().trigger(Long.parseLong(tid)) : null;
    if (t == null || !String.valueOf(t.path("broadcast_id").asLong()).equals(ex.pathParam("broadcast_id"))) {
      throw new StateRejection("trigger_id", "not found: no trigger " + tid + " for broadcast "
          + ex.pathParam("broadcast_id"), 404);
    }
    return t;
  }

  private static ApiResponse getTrigger(Exchange ex) {
    ObjectNode t = findTrigger(ex);
    ex.addEffect(new Effect.StatusPolled("trigger " + t.get("id").asLong() + " of broadcast "
        + t.get("broadcast_id").asLong(), t.path("processed").asBoolean(true)));
    ObjectNode n = Json.object();
    n.put("id", t.get("id").asLong());
    n.put("broadcast_id", t.get("broadcast_id").asLong());
    n.put("created_at", t.get("created_at").asLong());
    n.put("processed", true);
    n.put("processed_at", t.get("processed_at").asLong());
    n.put("audience", t.get("audience").asText());
    n.put("error_count", t.get("errors").size());
    ObjectNode wrap = Json.object();
    wrap.set("trigger", n);
    return AppResponses.ok(wrap);
  }

  private static ApiResponse getTriggerErrors(Exchange ex) {
    ObjectNode t = findTrigger(ex);
    ObjectNode n = Json.object();
    n.set("errors", t.get("errors"));
    n.put("next", "");
    return AppResponses.ok(n);
  }

  // ---------------------------------------------------------------- lookups

  private static ApiResponse customersByEmail(Exchange ex) {
    String email = ex.request().query().get("email");
    if (email == null || email.isBlank()) {
      throw new StateRejection("email", "bad request: the email query parameter is required", 400);
    }
    ObjectNode n = Json.object();
    ArrayNode results = n.putArray("results");
    ex.workspace().people().peopleByEmail(email).forEach(results::add);
    return AppResponses.ok(n);
  }

  private static PersonRef lookupRef(Exchange ex, String identifier) {
    String idType = ex.request().query().getOrDefault("id_type", "id");
    return new PersonRef(idType, idType.equals("cio_id") && identifier.startsWith("cio_")
        ? identifier.substring(4) : identifier);
  }

  private static ApiResponse customerAttributes(Exchange ex) {
    ObjectNode c = ex.workspace().people().read(lookupRef(ex, ex.pathParam("identifier")), AppViews::customer);
    if (c == null) {
      throw new StateRejection("identifier", "not found: no customer " + ex.pathParam("identifier"), 404);
    }
    ObjectNode n = Json.object();
    n.set("customer", c);
    return AppResponses.ok(n);
  }

  private static ApiResponse customersAttributes(Exchange ex) {
    ObjectNode n = Json.object();
    ArrayNode customers = n.putArray("customers");
    for (JsonNode id : ex.body().get("ids")) {
      ObjectNode c = ex.workspace().people().read(lookupRef(ex, id.asText()), AppViews::customer);
      if (c != null) {
        customers.addObject().set("customer", c);
      }
    }
    return AppResponses.ok(n);
  }

  private static void idTypeIsKnown(RuleInput in) {
    String idType = in.query().get("id_type");
    if (idType != null && !ID_TYPES.contains(idType)) {
      in.addViolation(Violation.of("parameter", "id_type", idType, "bad request: id_type must be one of id, email, "
          + "cio_id" + (idType.equals("phone") ? " (phone identifiers are not enabled in this workspace)" : "")));
    }
  }

  private static void idsListRule(RuleInput in) {
    JsonNode ids = in.body().get("ids");
    if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > 100) {
      in.addViolation(Violation.of("schema", "ids", null, "ids must be an array of 1 to 100 identifiers"));
    }
  }

  private static boolean isPositiveInteger(String s) {
    if (s == null || s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return Long.parseLong(s) > 0;
  }
}
