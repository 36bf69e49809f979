package dev.ciofake.internal.app.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.app.common.Customers;
import dev.ciofake.internal.app.common.Kinds;
import dev.ciofake.internal.app.common.MessageView;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.ErrorShape;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The App API's messages, backed by the workspace's deliveries (transactional sends, and the messages of broadcasts
 * and newsletters): {@code GET /v1/messages}, one message, its archived copy, and the message lists of a person, a
 * campaign, a broadcast, a newsletter and a transactional message (docs/app-api-facts.md section 2, "Messages").
 * Every read says which deliveries it showed, in what state ({@link Effect.MessagesRead}), for the pitfall of a state
 * read too soon.
 */
public final class MessagesApi {
  /** The archived-message quota: reads per day (days of the fake's clock), beside the 10 per second. */
  public static final int ARCHIVED_MESSAGES_PER_DAY = 100;
  private static final String V1 = "/v1";

  private MessagesApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "list_messages").get(V1 + "/messages")
        .rule(MessageView::queryRule).handle(ex -> list(ex, d -> true, 50, 1000)));
    e.add(Endpoint.builder(Api.APP, "get_message").get(V1 + "/messages/{message_id}").handle(MessagesApi::one));
    e.add(Endpoint.builder(Api.APP, "get_archived_message").get(V1 + "/messages/{message_id}/archived_message")
        .handle(MessagesApi::archived));
    e.add(Endpoint.builder(Api.APP, "customer_messages").get(V1 + "/customers/{customer_id}/messages")
        .rule(Customers::idTypeRule).rule(MessageView::queryRule).handle(MessagesApi::ofCustomer));
    e.add(parent("campaign_messages", "/campaigns/{campaign_id}/messages", Kinds.CAMPAIGNS, "campaign_id"));
    e.add(parent("broadcast_messages", "/broadcasts/{broadcast_id}/messages", Kinds.BROADCASTS, "broadcast_id"));
    e.add(parent("newsletter_messages", "/newsletters/{newsletter_id}/messages", Kinds.NEWSLETTERS,
        "newsletter_id"));
    e.add(Endpoint.builder(Api.APP, "transactional_messages").get(V1 + "/transactional/{transactional_id}/messages")
        .rule(MessageView::queryRule).handle(MessagesApi::ofTransactional));
    return e;
  }

  /** The messages of one campaign, broadcast or newsletter (404 when the workspace defines that kind but not it). */
  private static Endpoint parent(String operation, String path, String kind, String field) {
    return Endpoint.builder(Api.APP, operation).get(V1 + path).rule(MessageView::queryRule).handle(ex -> {
      long id = AppJson.id(ex, field, field);
      Workspace w = ex.workspace();
      if (w.definitions().defines(kind) && w.definitions().get(kind, String.valueOf(id)) == null) {
        throw AppJson.notFound(field, field + " " + id);
      }
      String state = ex.request().query().get("state");
      return list(ex, d -> d.path(field).asLong() == id && (state == null || state.isEmpty()
          || d.path("metrics").has(state)), 50, 1000);
    });
  }

  private static ApiResponse ofTransactional(Exchange ex) {
    long id = AppJson.id(ex, "transactional_id", "transactional message");
    Workspace w = ex.workspace();
    ObjectNode t = w.definitions().get(Kinds.TRANSACTIONAL, String.valueOf(id));
    if (t == null && w.definitions().defines(Kinds.TRANSACTIONAL)) {
      throw AppJson.notFound("transactional_id", "transactional message " + id);
    }
    Set<String> names = namesOf(id, t);
    return list(ex, d -> names.contains(d.path("transactional_message_id").asText("").toLowerCase(
        java.util.Locale.ROOT)), 50, 1000);
  }

  /** What a send may name a transactional message by: its id, or its trigger name (case-insensitively). */
  static Set<String> namesOf(long id, JsonNode definition) {
    Set<String> names = new HashSet<>();
    names.add(String.valueOf(id));
    if (definition != null && definition.path("trigger_name").isTextual()) {
      names.add(definition.get("trigger_name").asText().toLowerCase(java.util.Locale.ROOT));
    }
    return names;
  }

  private static ApiResponse ofCustomer(Exchange ex) {
    String cioId = ex.workspace().people().read(Customers.ref(ex, "customer_id"), p -> p.cioId());
    if (cioId == null) {
      throw Customers.notFound(ex, "customer_id");
    }
    return list(ex, d -> cioId.equals(d.path("person").path("cio_id").asText()), 50, 1000);
  }

  /** A page of the deliveries {@code scope} and the query's filters select, newest first. */
  private static ApiResponse list(Exchange ex, Predicate<ObjectNode> scope, int defaultLimit, int maxLimit) {
    Map<String, String> q = ex.request().query();
    Predicate<ObjectNode> filter = scope.and(MessageView.filter(q));
    String transactional = q.get("transactional_id");
    if (transactional != null && !transactional.isEmpty() && AppJson.positive(transactional) != null) {
      Set<String> names = namesOf(AppJson.positive(transactional), ex.workspace().definitions()
          .get(Kinds.TRANSACTIONAL, transactional));
      filter = filter.and(d -> names.contains(d.path("transactional_message_id").asText("").toLowerCase(
          java.util.Locale.ROOT)));
    }
    List<ObjectNode> matching = ex.workspace().messages().deliveries(filter, Integer.MAX_VALUE);
    java.util.Collections.reverse(matching);
    AppJson.Page<ObjectNode> page = AppJson.page(ex, matching, defaultLimit, maxLimit);
    ObjectNode body = Json.object();
    ArrayNode messages = body.putArray("messages");
    page.items().forEach(d -> messages.add(MessageView.message(d)));
    AppJson.next(body, page);
    read(ex, page.items(), false);
    return AppJson.ok(body);
  }

  private static ApiResponse one(Exchange ex) {
    ObjectNode d = ex.workspace().messages().delivery(ex.pathParam("message_id"));
    if (d == null) {
      throw new dev.ciofake.internal.state.StateRejection("message_id", "The message does not exist.", 404);
    }
    read(ex, List.of(d), true);
    return AppJson.ok("message", MessageView.message(d));
  }

  /** Tells the detectors which deliveries the client just saw and in which state. */
  private static void read(Exchange ex, List<ObjectNode> deliveries, boolean single) {
    for (ObjectNode d : deliveries) {
      JsonNode m = d.path("metrics");
      ex.addEffect(new Effect.MessageRead(d.path("delivery_id").asText(), d.path("created").asLong() * 1000,
          MessageView.type(d.path("channel").asText("email")), lastMetric(m), outcome(m), single));
    }
  }

  /** The latest metric a delivery reached, or {@code queued}. */
  static String lastMetric(JsonNode metrics) {
    String last = "queued";
    long at = Long.MIN_VALUE;
    for (var it = metrics.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getKey().startsWith("human_") && !e.getKey().startsWith("prefetch_") && e.getValue().asLong() >= at) {
        at = e.getValue().asLong();
        last = e.getKey();
      }
    }
    return last;
  }

  /** Whether the delivery's outcome is known: delivered, or failed for good. */
  static boolean outcome(JsonNode metrics) {
    return dev.ciofake.internal.state.Messages.outcomeKnown(metrics);
  }

  /**
   * {@code GET /v1/messages/{id}/archived_message}: what was sent, as far as the fake keeps it (the body as the send
   * gave it, or the transactional template's content, not rendered). Each answer carries {@code X-RateLimit-Limit}
   * and {@code X-RateLimit-Remaining} of the daily quota; past it, 429 without {@code Retry-After}.
   */
  private static ApiResponse archived(Exchange ex) {
    Workspace w = ex.workspace();
    int remaining = w.messages().useArchivedMessageQuota(AppJson.now(ex), ARCHIVED_MESSAGES_PER_DAY);
    if (remaining < 0) {
      Violation v = Violation.of("rate-limit", "quota", null, "rate limited to " + ARCHIVED_MESSAGES_PER_DAY
          + " request(s) per day").withStatus(429);
      ex.addViolation(v);
      return Api.APP.error(429, ErrorShape.APP_ERRORS, List.of(v))
          .withHeader("X-RateLimit-Limit", String.valueOf(ARCHIVED_MESSAGES_PER_DAY))
          .withHeader("X-RateLimit-Remaining", "0");
    }
    ObjectNode d = w.messages().delivery(ex.pathParam("message_id"));
    ApiResponse r;
    if (d == null) {
      Violation v = Violation.of("state", "message_id", null, "The message does not exist.").withStatus(404);
      ex.addViolation(v);
      r = Api.APP.error(404, ErrorShape.APP_ERRORS, List.of(v));
    } else {
      r = AppJson.ok("archived_message", archivedMessage(w, d));
    }
    return r.withHeader("X-RateLimit-Limit", String.valueOf(ARCHIVED_MESSAGES_PER_DAY))
        .withHeader("X-RateLimit-Remaining", String.valueOf(remaining));
  }

  static ObjectNode archivedMessage(Workspace w, ObjectNode d) {
    boolean forgotten = d.path("disable_message_retention").asBoolean(false);
    JsonNode template = template(w, d);
    ObjectNode a = Json.object();
    a.put("id", d.path("delivery_id").asText());
    a.put("body", forgotten ? "" : text(d, template, "body"));
    a.put("from", text(d, template, "from"));
    a.put("reply_to", text(d, template, "reply_to"));
    JsonNode recipient = d.path("recipient");
    a.put("recipient", recipient.isArray() ? recipient.path(0).asText("") : recipient.asText(""));
    a.put("subject", text(d, template, "subject"));
    a.put("cc", text(d, template, "cc"));
    a.put("bcc", text(d, template, "bcc"));
    a.put("fake_bcc", d.path("fake_bcc").asBoolean(false));
    a.put("preheader_text", text(d, template, "preheader"));
    a.put("url", "");
    JsonNode headers = d.path("headers");
    a.put("headers", headers.isTextual() ? headers.asText() : headers.isObject() ? headerList(headers) : "[]");
    a.put("forgotten", forgotten);
    return a;
  }

  /** An object of header names and values as the JSON string of {@code [{"name","value"}]} the API keeps. */
  private static String headerList(JsonNode headers) {
    ArrayNode list = Json.array();
    headers.fields().forEachRemaining(h -> list.addObject().put("name", h.getKey()).put("value", h.getValue().asText()));
    return Json.compactString(list);
  }

  private static String text(JsonNode d, JsonNode template, String field) {
    if (d.path(field).isTextual()) {
      return d.get(field).asText();
    }
    return template != null && template.path(field).isTextual() ? template.get(field).asText() : "";
  }

  /** The content of the transactional template a send used (its language, else the first), or {@code null}. */
  private static JsonNode template(Workspace w, JsonNode d) {
    if (!d.hasNonNull("transactional_message_id")) {
      return null;
    }
    String named = d.get("transactional_message_id").asText().toLowerCase(java.util.Locale.ROOT);
    for (ObjectNode t : w.definitions().list(Kinds.TRANSACTIONAL)) {
      if (namesOf(t.path("id").asLong(), t).contains(named)) {
        JsonNode first = null;
        for (JsonNode c : t.path("contents")) {
          if (first == null) {
            first = c;
          }
          if (c.path("language").asText("").equals(d.path("language").asText(""))) {
            return c;
          }
        }
        return first;
      }
    }
    return null;
  }
}
