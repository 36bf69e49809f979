package dev.ciofake.internal.app.definitions;

import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;
import static dev.ciofake.internal.validation.BodyPolicy.OPTIONAL_OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.AudienceDeliveries;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.state.Audience;
import dev.ciofake.internal.app.common.Kinds;
import dev.ciofake.internal.app.common.Metrics;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.Person;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.webhook.DeliveryEvents;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The App API's newsletters (one-time sends): the workspace file's and those {@code POST /v1/newsletters} creates,
 * their contents (message variants), language variants and A/B test groups, sending ({@code POST .../send} delivers
 * the default content to the newsletter's recipients: its filter or its segments) and scheduling (stored; the fake
 * does not send at the scheduled time), and metrics computed from the deliveries.
 */
public final class NewslettersApi {
  private static final String BASE = "/v1/newsletters/{newsletter_id}";
  private static final String TEST_GROUP = BASE + "/test_group/{test_group_id}/language";

  private final DeliveryEvents events;

  public NewslettersApi(DeliveryEvents events) {
    this.events = events;
  }

  public List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "list_newsletters").get("/v1/newsletters").handle(NewslettersApi::list));
    e.add(Endpoint.builder(Api.APP, "create_newsletter").post("/v1/newsletters").body(OBJECT)
        .schema("schemas/app/newsletter-create.json").handle(this::create));
    e.add(Endpoint.builder(Api.APP, "get_newsletter").get(BASE).handle(ex -> ok(newsletter(ex))));
    e.add(Endpoint.builder(Api.APP, "delete_newsletter").delete(BASE).handle(ex -> {
      ex.workspace().definitions().remove(Kinds.NEWSLETTERS, newsletter(ex).path("id").asText());
      return AppJson.noContent();
    }));
    e.add(Endpoint.builder(Api.APP, "newsletter_contents").get(BASE + "/contents").handle(ex -> {
      ObjectNode n = newsletter(ex);
      ArrayNode a = Json.array();
      n.path("contents").forEach(c -> a.add(contentView(n, c)));
      return AppJson.ok("contents", a);
    }));
    e.add(Endpoint.builder(Api.APP, "newsletter_content").get(BASE + "/contents/{content_id}").handle(ex -> {
      ObjectNode n = newsletter(ex);
      return AppJson.ok("content", contentView(n, Parts.part(n, "contents", ex.pathParam("content_id"),
          "content_id")));
    }));
    e.add(Endpoint.builder(Api.APP, "update_newsletter_content").put(BASE + "/contents/{content_id}").body(OBJECT)
        .schema("schemas/app/message-content.json").handle(ex -> {
          ObjectNode n = newsletter(ex);
          ObjectNode c = Parts.change(ex.workspace(), Kinds.NEWSLETTERS, n.path("id").asText(), "contents",
              ex.pathParam("content_id"), null, ex.body(), AppJson.now(ex), "content_id");
          return AppJson.ok("content", contentView(n, c));
        }));
    e.add(Endpoint.builder(Api.APP, "newsletter_content_metrics").get(BASE + "/contents/{content_id}/metrics")
        .handle(ex -> AppJson.ok("metric", Metrics.metric(ex, deliveries(ex, content(ex))))));
    e.add(Endpoint.builder(Api.APP, "newsletter_content_metrics_links")
        .get(BASE + "/contents/{content_id}/metrics/links")
        .handle(ex -> AppJson.ok("links", Metrics.links(ex, deliveries(ex, content(ex))))));
    e.add(Endpoint.builder(Api.APP, "newsletter_metrics").get(BASE + "/metrics")
        .handle(ex -> AppJson.ok("metric", Metrics.metric(ex, deliveries(ex, scope(ex))))));
    e.add(Endpoint.builder(Api.APP, "newsletter_metrics_links").get(BASE + "/metrics/links")
        .handle(ex -> AppJson.ok("links", Metrics.links(ex, deliveries(ex, scope(ex))))));
    e.add(Endpoint.builder(Api.APP, "send_newsletter").post(BASE + "/send").body(OPTIONAL_OBJECT).handle(this::send));
    e.add(Endpoint.builder(Api.APP, "schedule_newsletter").post(BASE + "/schedule").body(OBJECT)
        .schema("schemas/app/newsletter-schedule.json").handle(NewslettersApi::schedule));
    e.add(Endpoint.builder(Api.APP, "create_newsletter_language").post(BASE + "/language").body(OBJECT)
        .schema("schemas/app/language.json").handle(ex -> addLanguage(ex, null)));
    e.add(Endpoint.builder(Api.APP, "newsletter_language").get(BASE + "/language/{language}")
        .handle(ex -> AppJson.ok("content", contentView(newsletter(ex), languageContent(ex, null)))));
    e.add(Endpoint.builder(Api.APP, "update_newsletter_language").put(BASE + "/language/{language}").body(OBJECT)
        .schema("schemas/app/message-content.json").handle(ex -> changeLanguage(ex, null)));
    e.add(Endpoint.builder(Api.APP, "delete_newsletter_language").delete(BASE + "/language/{language}")
        .handle(ex -> deleteLanguage(ex, null)));
    e.add(Endpoint.builder(Api.APP, "newsletter_test_groups").get(BASE + "/test_groups").handle(ex -> {
      ArrayNode a = Json.array();
      newsletter(ex).path("test_groups").forEach(g -> a.add(g));
      return AppJson.ok("test_groups", a);
    }));
    e.add(Endpoint.builder(Api.APP, "create_newsletter_test_group").post(BASE + "/test_groups")
        .body(OPTIONAL_OBJECT).handle(NewslettersApi::addTestGroup));
    e.add(Endpoint.builder(Api.APP, "create_newsletter_test_group_language").post(TEST_GROUP).body(OBJECT)
        .schema("schemas/app/language.json").handle(ex -> addLanguage(ex, ex.pathParam("test_group_id"))));
    e.add(Endpoint.builder(Api.APP, "newsletter_test_group_language").get(TEST_GROUP + "/{language}")
        .handle(ex -> AppJson.ok("content", contentView(newsletter(ex),
            languageContent(ex, ex.pathParam("test_group_id"))))));
    e.add(Endpoint.builder(Api.APP, "update_newsletter_test_group_language").put(TEST_GROUP + "/{language}")
        .body(OBJECT).schema("schemas/app/message-content.json")
        .handle(ex -> changeLanguage(ex, ex.pathParam("test_group_id"))));
    e.add(Endpoint.builder(Api.APP, "delete_newsletter_test_group_language").delete(TEST_GROUP + "/{language}")
        .handle(ex -> deleteLanguage(ex, ex.pathParam("test_group_id"))));
    return e;
  }

  private static ObjectNode newsletter(Exchange ex) {
    return Parts.doc(ex, Kinds.NEWSLETTERS, "newsletter_id", "newsletter");
  }

  private static ApiResponse ok(ObjectNode n) {
    return AppJson.ok("newsletter", view(n));
  }

  /** The Track document's {@code newsletterObject}. */
  static ObjectNode view(JsonNode n) {
    ObjectNode v = Json.object();
    long id = n.path("id").asLong();
    long updated = n.path("updated").asLong(n.path("created").asLong(0));
    v.put("id", id);
    v.put("deduplicate_id", id + ":" + updated);
    ArrayNode contents = v.putArray("content_ids");
    n.path("contents").forEach(c -> contents.add(c.path("id").asLong()));
    v.put("name", n.path("name").asText("Newsletter " + id));
    if (n.path("sent_at").asLong(0) > 0) {
      v.put("sent_at", n.get("sent_at").asLong());
    }
    v.put("created", n.path("created").asLong(0));
    v.put("updated", updated);
    v.put("type", type(n.path("type").asText("email")));
    v.set("tags", n.path("tags").isArray() ? n.get("tags") : Json.array());
    ArrayNode segments = v.putArray("recipient_segment_ids");
    n.path("recipient_segment_ids").forEach(segments::add);
    if (n.path("subscription_topic_id").canConvertToLong()) {
      v.put("subscription_topic_id", n.get("subscription_topic_id").asLong());
    }
    if (n.path("scheduled_at").asLong(0) > 0) {
      v.put("scheduled_at", n.get("scheduled_at").asLong());
    }
    return v;
  }

  /** The document's {@code newsletterMessageType} ({@code twilio} for SMS). */
  static String type(String t) {
    return t.equals("sms") ? "twilio" : t;
  }

  /** A content as the Track document's {@code contentObject}. */
  static ObjectNode contentView(JsonNode n, JsonNode c) {
    ObjectNode v = Parts.view(c);
    long id = c.path("id").asLong();
    v.put("id", id);
    v.put("newsletter_id", n.path("id").asLong());
    v.put("deduplicate_id", id + ":" + c.path("updated").asLong(n.path("updated").asLong(0)));
    v.put("name", c.path("name").asText(n.path("name").asText("")));
    v.put("type", type(c.path("type").asText(n.path("type").asText("email"))));
    v.put("language", c.path("language").asText(""));
    v.remove("updated");
    return v;
  }

  private static ApiResponse list(Exchange ex) {
    List<ObjectNode> all = ex.workspace().definitions().list(Kinds.NEWSLETTERS);
    Comparator<ObjectNode> byId = Comparator.comparingLong(n -> n.path("id").asLong());
    all.sort("desc".equals(ex.request().query().get("sort")) ? byId.reversed() : byId);
    List<ObjectNode> views = new ArrayList<>();
    all.forEach(n -> views.add(view(n)));
    AppJson.Page<ObjectNode> page = AppJson.page(ex, views, 50, 1000);
    ObjectNode body = Json.object();
    body.set("newsletters", AppJson.array(page.items()));
    AppJson.next(body, page);
    return AppJson.ok(body);
  }

  private ApiResponse create(Exchange ex) {
    JsonNode b = ex.body();
    long now = AppJson.now(ex);
    Workspace w = ex.workspace();
    ObjectNode stored = w.definitions().create(Kinds.NEWSLETTERS, id -> {
      ObjectNode n = Json.object();
      n.put("id", id);
      AppJson.copy(b, n, "name", "type", "recipients", "subscription_topic_id", "scheduled_at", "tags");
      n.put("created", now);
      n.put("updated", now);
      ObjectNode content = n.putArray("contents").addObject();
      content.put("id", w.definitions().reserveId(Kinds.CONTENT_IDS));
      content.put("language", "");
      AppJson.copy(b, content, "subject", "body", "body_plain", "body_amp", "preheader_text", "from", "from_id",
          "reply_to", "reply_to_id", "layout_id", "message", "title", "url");
      n.putArray("test_groups");
      return n;
    });
    if (b.path("send_now").asBoolean(false)) {
      return deliver(ex, stored);
    }
    return ok(stored);
  }

  /**
   * Sends the newsletter once: a newsletter that was sent already cannot be sent again (400 in the errors list,
   * the Track document's {@code newsletterErrorResponse}; which message the service writes is not published).
   */
  private ApiResponse send(Exchange ex) {
    ObjectNode n = newsletter(ex);
    if (n.path("sent_at").asLong(0) > 0) {
      throw new StateRejection("newsletter_id", "The newsletter " + n.path("id").asLong() + " was already sent at "
          + n.get("sent_at").asLong() + "; a newsletter is sent once (create another one to send again).", 400);
    }
    return deliver(ex, n);
  }

  /** Delivers the newsletter's default content to its recipients, then marks it sent. */
  private ApiResponse deliver(Exchange ex, ObjectNode n) {
    Workspace w = ex.workspace();
    long now = AppJson.now(ex);
    Audience audience = Audience.of(w);
    JsonNode filter = n.get("recipients");
    List<String> segments = new ArrayList<>();
    n.path("recipient_segment_ids").forEach(s -> segments.add(s.asText()));
    if (filter == null && segments.isEmpty()) {
      throw new StateRejection("recipients", "newsletter " + n.path("id").asLong() + " has no recipients: give it "
          + "a recipients filter or recipient_segment_ids in the workspace file", 400);
    }
    Predicate<Person> who = p -> (filter != null && audience.matches(filter, p))
        || segments.stream().anyMatch(s -> audience.inSegment(s, p));
    ObjectNode parent = Json.object();
    parent.put("newsletter_id", n.path("id").asLong());
    JsonNode content = n.path("contents").path(0);
    ObjectNode message = content.isObject() ? ((ObjectNode) content).deepCopy() : Json.object();
    message.put("type", message.path("type").asText(n.path("type").asText("email")));
    AudienceDeliveries.deliver(w, events, who, message, parent, "content_id", now);
    ObjectNode sent = w.definitions().update(Kinds.NEWSLETTERS, n.path("id").asText(), d -> d.put("sent_at", now)
        .put("updated", now));
    return ok(sent);
  }

  private static ApiResponse schedule(Exchange ex) {
    ObjectNode n = newsletter(ex);
    long at = ex.body().get("scheduled_at").asLong();
    ObjectNode changed = ex.workspace().definitions().update(Kinds.NEWSLETTERS, n.path("id").asText(), d -> {
      d.put("scheduled_at", at);
      if (ex.body().hasNonNull("timezone")) {
        d.set("timezone", ex.body().get("timezone"));
      }
      return d.put("updated", AppJson.now(ex));
    });
    return ok(changed);
  }

  /** The list of contents a language variant lives in: the newsletter's, or a test group's. */
  private static ArrayNode contents(ObjectNode n, String testGroup) {
    if (testGroup == null) {
      return n.withArrayProperty("contents");
    }
    return Parts.part(n, "test_groups", testGroup, "test_group_id").withArrayProperty("contents");
  }

  private static ApiResponse addLanguage(Exchange ex, String testGroup) {
    ObjectNode n = newsletter(ex);
    String language = ex.body().get("language").asText();
    long contentId = ex.workspace().definitions().reserveId(Kinds.CONTENT_IDS);
    ObjectNode changed = ex.workspace().definitions().update(Kinds.NEWSLETTERS, n.path("id").asText(), d -> {
      ArrayNode list = contents(d, testGroup);
      for (JsonNode c : list) {
        if (c.path("language").asText().equals(language)) {
          throw new StateRejection("language", "the newsletter already has a " + language + " variant", 400);
        }
      }
      ObjectNode c = list.addObject();
      c.put("id", contentId);
      c.setAll((ObjectNode) ex.body());
      return d.put("updated", AppJson.now(ex));
    });
    return ok(changed);
  }

  private static ObjectNode languageContent(Exchange ex, String testGroup) {
    ObjectNode n = newsletter(ex);
    String language = ex.pathParam("language");
    for (JsonNode c : contents(n, testGroup)) {
      if (c.path("language").asText().equals(language)) {
        return (ObjectNode) c;
      }
    }
    throw new StateRejection("language", "The newsletter has no " + language + " language variant.", 404);
  }

  private static ApiResponse changeLanguage(Exchange ex, String testGroup) {
    ObjectNode n = newsletter(ex);
    String id = languageContent(ex, testGroup).path("id").asText();
    ObjectNode changed = ex.workspace().definitions().update(Kinds.NEWSLETTERS, n.path("id").asText(), d -> {
      for (JsonNode c : contents(d, testGroup)) {
        if (c.path("id").asText().equals(id)) {
          AppJson.merge((ObjectNode) c, ex.body(), Parts.READ_ONLY);
          ((ObjectNode) c).put("language", ex.pathParam("language"));
        }
      }
      return d;
    });
    return AppJson.ok("content", contentView(changed, languageContentOf(changed, testGroup, ex)));
  }

  private static JsonNode languageContentOf(ObjectNode n, String testGroup, Exchange ex) {
    for (JsonNode c : contents(n, testGroup)) {
      if (c.path("language").asText().equals(ex.pathParam("language"))) {
        return c;
      }
    }
    throw new IllegalStateException("the variant just changed is gone");
  }

  private static ApiResponse deleteLanguage(Exchange ex, String testGroup) {
    ObjectNode n = newsletter(ex);
    String id = languageContent(ex, testGroup).path("id").asText();
    ex.workspace().definitions().update(Kinds.NEWSLETTERS, n.path("id").asText(), d -> {
      ArrayNode list = contents(d, testGroup);
      for (int i = list.size() - 1; i >= 0; i--) {
        if (list.get(i).path("id").asText().equals(id)) {
          list.remove(i);
        }
      }
      return d;
    });
    return AppJson.noContent();
  }

  private static ApiResponse addTestGroup(Exchange ex) {
    ObjectNode n = newsletter(ex);
    long id = ex.workspace().definitions().reserveId(Kinds.TEST_GROUP_IDS);
    ObjectNode changed = ex.workspace().definitions().update(Kinds.NEWSLETTERS, n.path("id").asText(), d -> {
      ObjectNode g = d.withArrayProperty("test_groups").addObject();
      g.put("id", String.valueOf(id));
      g.put("name", ex.body().path("name").asText("Test group " + id));
      g.putArray("contents");
      return d.put("updated", AppJson.now(ex));
    });
    return ok(changed);
  }

  private static Predicate<ObjectNode> scope(Exchange ex) {
    long id = newsletter(ex).path("id").asLong();
    return d -> d.path("newsletter_id").asLong() == id;
  }

  private static Predicate<ObjectNode> content(Exchange ex) {
    ObjectNode n = newsletter(ex);
    long contentId = Parts.part(n, "contents", ex.pathParam("content_id"), "content_id").path("id").asLong();
    return d -> d.path("newsletter_id").asLong() == n.path("id").asLong() && d.path("content_id").asLong() == contentId;
  }

  private static List<ObjectNode> deliveries(Exchange ex, Predicate<ObjectNode> scope) {
    return CampaignsApi.deliveries(ex, scope);
  }
}
