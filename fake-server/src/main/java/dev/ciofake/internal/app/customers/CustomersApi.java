package dev.ciofake.internal.app.customers;

import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.state.Audience;
import dev.ciofake.internal.app.common.Customers;
import dev.ciofake.internal.app.common.Kinds;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.Activities;
import dev.ciofake.internal.state.Person;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The App API's reads of people, backed by the workspace's state: search with the filter language
 * ({@code POST /v1/customers}), activities (the workspace's and a person's), a person's relationships, subscription
 * preferences and subscription-center token, and the workspace's subscription topics and channels
 * (docs/app-api-facts.md section 2, "Customers, objects, activities").
 */
public final class CustomersApi {
  private static final String V1 = "/v1";

  private CustomersApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "search_customers").post(V1 + "/customers").body(OBJECT)
        .schema("schemas/app/search-customers.json").handle(CustomersApi::search));
    e.add(Endpoint.builder(Api.APP, "list_activities").get(V1 + "/activities").rule(Customers::idTypeRule)
        .handle(ex -> activities(ex, all(ex))));
    e.add(Endpoint.builder(Api.APP, "customer_activities").get(V1 + "/customers/{customer_id}/activities")
        .rule(Customers::idTypeRule).handle(ex -> activities(ex, person(ex))));
    e.add(Endpoint.builder(Api.APP, "customer_relationships").get(V1 + "/customers/{customer_id}/relationships")
        .rule(Customers::idTypeRule).handle(CustomersApi::relationships));
    e.add(Endpoint.builder(Api.APP, "customer_subscription_preferences")
        .get(V1 + "/customers/{customer_id}/subscription_preferences").rule(Customers::idTypeRule)
        .handle(CustomersApi::preferences));
    e.add(Endpoint.builder(Api.APP, "subscription_center_token").get(V1 + "/subscription_center/{customer_id}/token")
        .handle(CustomersApi::token));
    e.add(Endpoint.builder(Api.APP, "list_subscription_topics").get(V1 + "/subscription_topics")
        .handle(ex -> AppJson.ok("topics", AppJson.array(topics(ex.workspace())))));
    e.add(Endpoint.builder(Api.APP, "list_subscription_channels").get(V1 + "/subscription_channels")
        .handle(ex -> AppJson.ok("channels", AppJson.array(ex.workspace().definitions()
            .list(Kinds.SUBSCRIPTION_CHANNELS)))));
    return e;
  }

  // ---------------------------------------------------------------- search

  /** {@code {identifiers: [{email, id, cio_id}], ids: [...], next}}: the people the filter selects, oldest first. */
  private static ApiResponse search(Exchange ex) {
    Workspace w = ex.workspace();
    JsonNode filter = ex.body().get("filter");
    Audience audience = Audience.of(w);
    List<ObjectNode> matching = new ArrayList<>(w.people().readAll(p -> audience.matches(filter, p)
        ? identifiers(p) : null));
    matching.removeIf(Objects::isNull);
    AppJson.Page<ObjectNode> page = AppJson.page(ex, matching, 50, 1000);
    ObjectNode body = Json.object();
    ArrayNode identifiers = body.putArray("identifiers");
    ArrayNode ids = body.putArray("ids");
    for (ObjectNode i : page.items()) {
      identifiers.add(i);
      if (i.path("id").isTextual()) {
        ids.add(i.get("id").asText());
      }
    }
    AppJson.next(body, page);
    return AppJson.ok(body);
  }

  /** The Track document's {@code customer_identifiers} of a person. */
  public static ObjectNode identifiers(Person p) {
    ObjectNode i = Json.object();
    i.put("email", p.email());
    i.put("id", p.id());
    i.put("cio_id", p.cioId());
    return i;
  }

  // ---------------------------------------------------------------- activities

  private static Predicate<Activities.Activity> all(Exchange ex) {
    Map<String, String> q = ex.request().query();
    String customer = q.get("customer_id");
    if (customer == null || customer.isEmpty()) {
      return a -> true;
    }
    String idType = q.getOrDefault("id_type", "id");
    PersonRef ref = new PersonRef(idType.isEmpty() ? "id" : idType, idType.equals("cio_id")
        && customer.startsWith("cio_") ? customer.substring(4) : customer);
    String cioId = ex.workspace().people().read(ref, Person::cioId);
    if (cioId == null) {
      // a deleted person's activities stay readable by the id they had
      return a -> ref.type().equals("id") ? customer.equals(a.personId()) : ref.type().equals("email")
          ? customer.equalsIgnoreCase(a.email()) : ref.value().equals(a.cioId());
    }
    return a -> cioId.equals(a.cioId());
  }

  private static Predicate<Activities.Activity> person(Exchange ex) {
    String cioId = ex.workspace().people().read(Customers.ref(ex, "customer_id"), Person::cioId);
    if (cioId == null) {
      throw Customers.notFound(ex, "customer_id");
    }
    return a -> cioId.equals(a.cioId());
  }

  /** {@code {activities: [activityObject], next}}, newest first, filtered by {@code type} and {@code name}. */
  private static ApiResponse activities(Exchange ex, Predicate<Activities.Activity> scope) {
    Map<String, String> q = ex.request().query();
    String type = q.get("type");
    String name = q.get("name");
    boolean deleted = Boolean.parseBoolean(q.getOrDefault("deleted", "false"));
    Workspace w = ex.workspace();
    Predicate<Activities.Activity> f = scope.and(a -> (type == null || type.isEmpty() || type.equals(a.type()))
        && (name == null || name.isEmpty() || name.equals(a.name())));
    if (!deleted) {
      f = f.and(a -> a.cioId() == null || w.people().read(new PersonRef(PersonRef.CIO_ID, a.cioId()), p -> p) != null
          || "profile_delete".equals(a.type()));
    }
    List<Activities.Activity> found = new ArrayList<>(w.activities().find(f, Integer.MAX_VALUE));
    java.util.Collections.reverse(found);
    AppJson.Page<Activities.Activity> page = AppJson.page(ex, found, 50, 1000);
    ObjectNode body = Json.object();
    ArrayNode out = body.putArray("activities");
    page.items().forEach(a -> out.add(activity(a)));
    AppJson.next(body, page);
    return AppJson.ok(body);
  }

  /** An activity as the Track document's {@code activityObject}. */
  static ObjectNode activity(Activities.Activity a) {
    ObjectNode n = Json.object();
    n.put("id", a.id());
    n.put("type", a.type());
    n.put("timestamp", a.timestamp());
    n.put("customer_id", a.personId());
    ObjectNode ids = n.putObject("customer_identifiers");
    ids.put("email", a.email());
    ids.put("id", a.personId());
    ids.put("cio_id", a.cioId() == null ? "" : a.cioId());
    if (a.name() != null) {
      n.put("name", a.name());
    }
    if (a.url() != null) {
      n.put("url", a.url());
    }
    if (a.deliveryId() != null) {
      n.put("delivery_id", a.deliveryId());
      if (a.deliveryType() != null) {
        n.put("delivery_type", a.deliveryType());
      }
      ObjectNode data = n.putObject("data");
      data.put("delivery_id", a.deliveryId());
    } else if (a.type().equals("attribute_change") && a.data() != null) {
      ObjectNode data = n.putObject("data");
      a.data().fields().forEachRemaining(c -> {
        ObjectNode change = data.putObject(c.getKey());
        change.put("from", text(c.getValue().get("from")));
        change.put("to", text(c.getValue().get("to")));
      });
    } else if (a.data() != null && a.data().isObject()) {
      n.set("data", a.data());
    }
    return n;
  }

  /** An attribute value as the activity log shows it: text, {@code ""} when there was none. */
  private static String text(JsonNode v) {
    return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
  }

  // ---------------------------------------------------------------- relationships, subscriptions

  /** {@code {relationships: [{identifiers: {object_type_id, object_id}}], next}}, as the client's JSDoc names it. */
  private static ApiResponse relationships(Exchange ex) {
    List<String> keys = ex.workspace().people().read(Customers.ref(ex, "customer_id"),
        p -> new ArrayList<>(p.relationships()));
    if (keys == null) {
      throw Customers.notFound(ex, "customer_id");
    }
    AppJson.Page<String> page = AppJson.page(ex, keys, 50, 1000);
    ObjectNode body = Json.object();
    ArrayNode rel = body.putArray("relationships");
    for (String k : page.items()) {
      int colon = k.indexOf(':');
      ObjectNode ids = rel.addObject().putObject("identifiers");
      ids.put("object_type_id", colon < 0 ? "" : k.substring(0, colon));
      ids.put("object_id", colon < 0 ? k : k.substring(colon + 1));
    }
    AppJson.next(body, page);
    return AppJson.ok(body);
  }

  /** The workspace's subscription topics, each with {@code subscribed_by_default} (true unless the file says). */
  static List<ObjectNode> topics(Workspace w) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode t : w.definitions().list(Kinds.SUBSCRIPTION_TOPICS)) {
      if (!t.has("identifier")) {
        t.put("identifier", "topic_" + t.path("id").asText());
      }
      if (!t.has("subscribed_by_default")) {
        t.put("subscribed_by_default", true);
      }
      out.add(t);
    }
    return out;
  }

  /**
   * {@code {customer: {header, id, identifiers, topics: [{id, name, description, subscribed}], unsubscribed}}}: each
   * topic as the person chose it (their {@code cio_subscription_preferences} attribute, as an object or a JSON
   * string) or its default.
   */
  private static ApiResponse preferences(Exchange ex) {
    Workspace w = ex.workspace();
    List<ObjectNode> topics = topics(w);
    ObjectNode customer = w.people().read(Customers.ref(ex, "customer_id"), p -> {
      ObjectNode c = Json.object();
      ObjectNode header = c.putObject("header");
      header.put("title", "Subscription preferences");
      header.put("subtitle", "Choose the messages you want to receive");
      c.put("id", p.id());
      c.set("identifiers", identifiers(p));
      JsonNode chosen = chosen(p);
      ArrayNode out = c.putArray("topics");
      for (ObjectNode t : topics) {
        ObjectNode n = out.addObject();
        n.set("id", t.get("id"));
        n.put("name", t.path("name").asText(""));
        n.put("description", t.path("description").asText(""));
        JsonNode mine = chosen.path(t.path("identifier").asText());
        n.put("subscribed", mine.isBoolean() ? mine.asBoolean() : t.path("subscribed_by_default").asBoolean(true));
      }
      c.put("unsubscribed", p.unsubscribed());
      return c;
    });
    if (customer == null) {
      throw Customers.notFound(ex, "customer_id");
    }
    return AppJson.ok("customer", customer);
  }

  /** The person's topic choices: {@code cio_subscription_preferences.topics}. */
  private static JsonNode chosen(Person p) {
    JsonNode prefs = p.attributes().get("cio_subscription_preferences");
    if (prefs != null && prefs.isTextual()) {
      try {
        prefs = Json.MAPPER.readTree(prefs.asText());
      } catch (java.io.IOException | RuntimeException e) {
        prefs = null;
      }
    }
    return prefs == null ? Json.object() : prefs.path("topics");
  }

  /**
   * {@code {token}}: a token for the person's hosted subscription center. The real token is signed by Customer.io;
   * the fake's names the workspace and the person, so a test can tell which person it was made for.
   */
  private static ApiResponse token(Exchange ex) {
    String id = ex.pathParam("customer_id");
    PersonRef ref = PersonRef.fromPath(id, ex.workspace().settings().emailIdentifiers());
    String cioId = ex.workspace().people().read(ref, Person::cioId);
    if (cioId == null) {
      throw Customers.notFound(ex, "customer_id");
    }
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString((ex.workspace().siteId() + ":" + cioId)
        .getBytes(StandardCharsets.UTF_8));
    ObjectNode body = Json.object();
    body.put("token", token);
    return AppJson.ok(body);
  }
}
