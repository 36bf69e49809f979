package dev.ciofake.internal.app.suppressions;

import static dev.ciofake.internal.validation.BodyPolicy.OPTIONAL_OBJECT;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.EspSuppressions;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.validation.RuleInput;
import java.util.ArrayList;
import java.util.List;

/**
 * The App API's ESP suppression lists (docs/app-api-facts.md section 4), backed by the workspace's lists, which the
 * fake's own hard bounces and spam complaints fill: search an address, list a type (offset pages), list a domain's
 * (cursor pages), add and remove. Each answer tells the detectors which suppressed addresses the client now knows
 * ({@link Effect.SuppressionsSeen}).
 */
public final class SuppressionsApi {
  private static final String ESP = "/v1/esp";
  /** What the ESP records for an address added through the API. */
  static final String MANUAL_REASON = "Uploaded manually via api.customer.io";

  private SuppressionsApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "search_suppression").get(ESP + "/search_suppression/{email_address}")
        .handle(SuppressionsApi::search));
    e.add(Endpoint.builder(Api.APP, "list_suppressions").get(ESP + "/suppression/{suppression_type}")
        .rule(SuppressionsApi::typeRule).handle(SuppressionsApi::list));
    e.add(Endpoint.builder(Api.APP, "domain_suppressions")
        .get(ESP + "/domains/{domain_name}/suppression/{suppression_type}").rule(SuppressionsApi::typeRule)
        .handle(SuppressionsApi::domain));
    e.add(Endpoint.builder(Api.APP, "create_suppression").post(ESP + "/suppression/{suppression_type}/{email_address}")
        .body(OPTIONAL_OBJECT).rule(SuppressionsApi::typeRule).rule(SuppressionsApi::addressRule)
        .handle(SuppressionsApi::create));
    e.add(Endpoint.builder(Api.APP, "delete_suppression")
        .delete(ESP + "/suppression/{suppression_type}/{email_address}").rule(SuppressionsApi::typeRule)
        .handle(ex -> {
          ex.workspace().suppressions().remove(ex.pathParam("suppression_type"), ex.pathParam("email_address"));
          return AppJson.noContent();
        }));
    return e;
  }

  private static void typeRule(RuleInput in) {
    String type = in.pathParam("suppression_type");
    if (!EspSuppressions.isType(type)) {
      in.addViolation(Violation.of("parameter", "suppression_type", type, "suppression_type must be one of "
          + String.join(", ", EspSuppressions.TYPES) + ", got " + type));
    }
  }

  private static void addressRule(RuleInput in) {
    String email = in.pathParam("email_address");
    int at = email == null ? -1 : email.indexOf('@');
    if (at <= 0 || at == email.length() - 1 || email.indexOf(' ') >= 0) {
      in.addViolation(Violation.of("parameter", "email_address", email, "email_address must be an email address, got "
          + email));
    }
  }

  /** {@code category}: the API's two words for the four lists. */
  static String category(String type) {
    return type.equals("spam_reports") ? "spam" : "bounces";
  }

  static ObjectNode entry(EspSuppressions.Entry e) {
    ObjectNode n = Json.object();
    n.put("email", e.email());
    n.put("created", e.created());
    n.put("reason", e.reason());
    n.put("status", e.status());
    return n;
  }

  private static ApiResponse answer(Exchange ex, String category, List<EspSuppressions.Entry> entries, String how,
      String next) {
    ObjectNode body = Json.object();
    if (category != null) {
      body.put("category", category);
    }
    ArrayNode list = body.putArray("suppressions");
    List<String> emails = new ArrayList<>();
    entries.forEach(e -> {
      list.add(entry(e));
      emails.add(e.email());
    });
    if (next != null) {
      body.put("next", next);
    }
    if (!emails.isEmpty()) {
      ex.addEffect(new Effect.SuppressionsSeen(emails, how));
    }
    return AppJson.ok(body);
  }

  private static ApiResponse search(Exchange ex) {
    List<EspSuppressions.Entry> found = ex.workspace().suppressions().find(ex.pathParam("email_address"));
    return answer(ex, found.isEmpty() ? null : category(found.get(0).type()), found, "searched", null);
  }

  /** A page by {@code limit} (default 100, at most 1000) and {@code offset}, optionally of one {@code domain}. */
  private static ApiResponse list(Exchange ex) {
    String type = ex.pathParam("suppression_type");
    String domain = ex.request().query().get("domain");
    List<EspSuppressions.Entry> all = ex.workspace().suppressions().list(type, domain == null || domain.isEmpty()
        ? null : domain);
    int limit = AppJson.limit(ex, 100, 1000);
    int offset = AppJson.intParam(ex, "offset", 0, 0, Integer.MAX_VALUE);
    List<EspSuppressions.Entry> page = offset >= all.size() ? List.of()
        : all.subList(offset, (int) Math.min(all.size(), (long) offset + limit));
    return answer(ex, category(type), page, "listed", null);
  }

  /** A cursor page of one domain's list; {@code email} returns that address at most, without a cursor. */
  private static ApiResponse domain(Exchange ex) {
    String type = ex.pathParam("suppression_type");
    List<EspSuppressions.Entry> all = ex.workspace().suppressions().list(type, ex.pathParam("domain_name"));
    String email = ex.request().query().get("email");
    if (email != null && !email.isEmpty()) {
      List<EspSuppressions.Entry> one = new ArrayList<>();
      all.stream().filter(e -> e.email().equalsIgnoreCase(email)).findFirst().ifPresent(one::add);
      return answer(ex, category(type), one, "searched", null);
    }
    AppJson.Page<EspSuppressions.Entry> page = AppJson.page(ex, all, 100, 1000);
    return answer(ex, category(type), page.items(), "listed", page.next() == null ? "" : page.next());
  }

  /** 200 {@code {}}: the address is on the list (it stays as it was when it already was). */
  private static ApiResponse create(Exchange ex) {
    String email = ex.pathParam("email_address");
    ex.workspace().suppressions().add(ex.pathParam("suppression_type"), email, AppJson.now(ex), MANUAL_REASON,
        "550");
    ex.addEffect(new Effect.SuppressionsSeen(List.of(email), "suppressed"));
    return AppJson.empty();
  }
}
