package dev.ciofake.internal.app.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.util.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the App API's endpoints share: success answers, the 404 and 400 of a missing resource or a bad parameter,
 * path ids, limits and the three pagination styles (docs/app-api-facts.md section 1): a cursor ({@code start} = the
 * previous {@code next}), an offset, and 1-based pages with a {@code meta} object.
 */
public final class AppJson {
  private AppJson() {}

  /** 200 with this body and the App API's headers. */
  public static ApiResponse ok(JsonNode body) {
    return ApiResponse.json(200, Json.compact(body), Api.Headers.APP);
  }

  /** 200 with {@code {key: value}}. */
  public static ApiResponse ok(String key, JsonNode value) {
    ObjectNode n = Json.object();
    n.set(key, value);
    return ok(n);
  }

  /** 204 without a body (the client resolves {@code {}}). */
  public static ApiResponse noContent() {
    return ApiResponse.empty(204, Api.Headers.APP);
  }

  /** 200 with {@code {}}: the answer of the writes that document no body. */
  public static ApiResponse empty() {
    return ok(Json.object());
  }

  /** The request's time in Unix seconds of the fake's clock. */
  public static long now(Exchange ex) {
    return ex.request().receivedAtMillis() / 1000;
  }

  /** A 404 in the App API's words ({@code The <what> does not exist.}). */
  public static StateRejection notFound(String field, String what) {
    return new StateRejection(field, "The " + what + " does not exist.", 404);
  }

  /** A 400 about a parameter or field. */
  public static StateRejection badRequest(String field, String message) {
    return new StateRejection(field, message, 400);
  }

  /** The path parameter as a positive integer id, or a 404 saying the {@code what} does not exist. */
  public static long id(Exchange ex, String param, String what) {
    Long id = positive(ex.pathParam(param));
    if (id == null) {
      throw notFound(param, what + " " + ex.pathParam(param));
    }
    return id;
  }

  /** {@code s} as a positive long, or {@code null}. */
  public static Long positive(String s) {
    if (s == null || s.isEmpty() || s.length() > 18) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return null;
      }
    }
    long v = Long.parseLong(s);
    return v > 0 ? v : null;
  }

  /** The {@code limit} query parameter: {@code fallback} when absent, 1 to {@code max} otherwise (else 400). */
  public static int limit(Exchange ex, int fallback, int max) {
    return intParam(ex, "limit", fallback, 1, max);
  }

  /** An integer query parameter between {@code min} and {@code max}, {@code fallback} when absent (else 400). */
  public static int intParam(Exchange ex, String name, int fallback, int min, int max) {
    String v = ex.request().query().get(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw badRequest(name, name + " must be between " + min + " and " + max + ", got " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw badRequest(name, name + " must be a whole number, got '" + v + "'");
    }
  }

  /** A Unix-seconds query parameter, or {@code null} when absent (400 when not a number). */
  public static Long timeParam(Exchange ex, String name) {
    String v = ex.request().query().get(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw badRequest(name, name + " must be a Unix timestamp in seconds, got '" + v + "'");
    }
  }

  /** A page of a list: the items and the cursor of the next page ({@code null} on the last). */
  public record Page<T>(List<T> items, String next) {}

  /**
   * The page of {@code all} that {@code start} (a cursor this API returned as {@code next}, or nothing for the first
   * page) and {@code limit} select. A cursor the fake did not hand out is a 400.
   */
  public static <T> Page<T> page(List<T> all, String start, int limit) {
    int from = start == null || start.isEmpty() ? 0 : offsetOf(start);
    int to = (int) Math.min(all.size(), (long) from + limit);
    List<T> items = from >= all.size() ? List.of() : all.subList(from, to);
    return new Page<>(items, to < all.size() ? cursor(to) : null);
  }

  /** The page of the request's {@code start} and {@code limit} query parameters. */
  public static <T> Page<T> page(Exchange ex, List<T> all, int defaultLimit, int maxLimit) {
    return page(all, ex.request().query().get("start"), limit(ex, defaultLimit, maxLimit));
  }

  /** Puts a page's {@code next} on a body: the cursor, or {@code ""} on the last page. */
  public static void next(ObjectNode body, Page<?> page) {
    body.put("next", page.next() == null ? "" : page.next());
  }

  private static String cursor(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("o" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offsetOf(String start) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(start), StandardCharsets.UTF_8);
      if (s.startsWith("o")) {
        int n = Integer.parseInt(s.substring(1));
        if (n >= 0) {
          return n;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the 400
    }
    throw badRequest("start", "start must be the next value of a previous page, got '" + start + "'");
  }

  /**
   * A 1-based page ({@code page}, {@code limit} 1 to 10000, default 1000) of a Design Studio or assets list, and its
   * {@code meta}: {@code {page, limit, total}}.
   */
  public static <T> List<T> pageOf(Exchange ex, List<T> all, ObjectNode body) {
    int page = intParam(ex, "page", 1, 1, Integer.MAX_VALUE);
    int limit = limit(ex, 1000, 10_000);
    long from = (long) (page - 1) * limit;
    List<T> items = from >= all.size() ? List.of() : all.subList((int) from, (int) Math.min(all.size(), from + limit));
    ObjectNode meta = body.putObject("meta");
    meta.put("page", page);
    meta.put("limit", limit);
    meta.put("total", all.size());
    meta.put("total_pages", (all.size() + limit - 1) / limit);
    return items;
  }

  /** An array of the documents. */
  public static ArrayNode array(List<? extends JsonNode> items) {
    ArrayNode a = Json.array();
    items.forEach(a::add);
    return a;
  }

  /** Copies the fields of {@code from} named in {@code names} onto {@code to} (present ones only). */
  public static void copy(JsonNode from, ObjectNode to, String... names) {
    for (String n : names) {
      if (from.has(n)) {
        to.set(n, from.get(n));
      }
    }
  }

  /** Copies every field of {@code changes} onto {@code doc} but the read-only ones. */
  public static ObjectNode merge(ObjectNode doc, JsonNode changes, String... readOnly) {
    java.util.Set<String> ro = java.util.Set.of(readOnly);
    for (java.util.Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!ro.contains(e.getKey())) {
        doc.set(e.getKey(), e.getValue());
      }
    }
    return doc;
  }
}
