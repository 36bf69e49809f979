package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The App API's filter language over the workspace's people (docs/app-api-facts.md section 3), kept with the state
 * it reads so that the App API, the admin API and the handle's segment membership evaluate it alike: {@code and},
 * {@code or}, {@code not}, {@code segment} (manual membership, or a dynamic segment's own filter) and
 * {@code attribute} with {@code eq} (the value compared as text, as the API's string values are) and {@code exists}.
 * The same evaluation serves search, exports, broadcast and newsletter audiences and dynamic segments. Filters are
 * validated before they get here ({@code schemas/app/audience-filter.json}); evaluation runs under the workspace's
 * lock (inside {@code People.readAll}).
 */
public final class Audience {
  /** How deep segments may refer to segments before the chain counts as a loop (and matches nobody). */
  static final int MAX_SEGMENT_DEPTH = 16;

  private final Map<String, JsonNode> dynamic;

  private Audience(Map<String, JsonNode> dynamic) {
    this.dynamic = dynamic;
  }

  /** The segments of a workspace as filters see them: its dynamic segments' filters; manual ones are membership. */
  public static Audience of(Workspace w) {
    Map<String, JsonNode> dynamic = new HashMap<>();
    w.definitions().list(Definitions.SEGMENTS).forEach(s -> {
      if ("dynamic".equals(s.path("type").asText()) && s.has("filter")) {
        dynamic.put(s.path("id").asText(), s.get("filter"));
      }
    });
    return new Audience(dynamic);
  }

  /** Whether {@code p} is in the segment: a dynamic segment's filter matches, or a manual one holds them. */
  public boolean inSegment(String segmentId, Person p) {
    return inSegment(segmentId, p, 0);
  }

  private boolean inSegment(String segmentId, Person p, int depth) {
    JsonNode f = dynamic.get(segmentId);
    if (f == null) {
      return p.segments().contains(segmentId);
    }
    return depth < MAX_SEGMENT_DEPTH && matches(f, p, depth + 1);
  }

  /** Whether the person matches the filter. */
  public boolean matches(JsonNode filter, Person p) {
    return matches(filter, p, 0);
  }

  private boolean matches(JsonNode f, Person p, int depth) {
    if (f.has("and")) {
      for (JsonNode g : f.get("and")) {
        if (!matches(g, p, depth)) {
          return false;
        }
      }
      return true;
    }
    if (f.has("or")) {
      for (JsonNode g : f.get("or")) {
        if (matches(g, p, depth)) {
          return true;
        }
      }
      return false;
    }
    if (f.has("not")) {
      return !matches(f.get("not"), p, depth);
    }
    if (f.has("segment")) {
      return inSegment(f.get("segment").path("id").asText(), p, depth);
    }
    JsonNode a = f.path("attribute");
    return compare(attribute(p, a.path("field").asText()), a);
  }

  /** A person's attribute as filters read it: {@code id}, {@code email} and {@code cio_id} are attributes too. */
  static JsonNode attribute(Person p, String field) {
    switch (field) {
      case "id":
        return p.id() == null ? null : com.fasterxml.jackson.databind.node.TextNode.valueOf(p.id());
      case "email":
        return p.email() == null ? null : com.fasterxml.jackson.databind.node.TextNode.valueOf(p.email());
      case "cio_id":
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(p.cioId());
      default:
        return p.attributes().get(field);
    }
  }

  /** {@code exists}: set and not null; {@code eq}: equal as text (booleans and numbers as the API renders them). */
  static boolean compare(JsonNode actual, JsonNode condition) {
    boolean present = actual != null && !actual.isNull();
    if ("exists".equals(condition.path("operator").asText())) {
      return present;
    }
    return present && text(actual).equals(text(condition.path("value")));
  }

  private static String text(JsonNode v) {
    return v.isValueNode() ? v.asText() : v.toString();
  }

  /** Whether an object's attributes match an object filter ({@code object_attribute} leaves). */
  public static boolean matchesObject(JsonNode f, JsonNode attributes) {
    if (f.has("and")) {
      for (JsonNode g : f.get("and")) {
        if (!matchesObject(g, attributes)) {
          return false;
        }
      }
      return true;
    }
    if (f.has("or")) {
      for (JsonNode g : f.get("or")) {
        if (matchesObject(g, attributes)) {
          return true;
        }
      }
      return false;
    }
    if (f.has("not")) {
      return !matchesObject(f.get("not"), attributes);
    }
    JsonNode a = f.path("object_attribute");
    return compare(attributes.get(a.path("field").asText()), a);
  }

  /**
   * The people in a segment (a dynamic segment's filter evaluated now, a manual segment's members), oldest first, as
   * the App API's {@code customer_identifiers}: {@code {email, id, cio_id}}, nulls where a person has none.
   */
  public static java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> members(Workspace w,
      String segmentId) {
    Audience audience = of(w);
    java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> out = new java.util.ArrayList<>(
        w.people().readAll(p -> audience.inSegment(segmentId, p) ? identifiers(p) : null));
    out.removeIf(java.util.Objects::isNull);
    return out;
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode identifiers(Person p) {
    com.fasterxml.jackson.databind.node.ObjectNode i = dev.ciofake.internal.util.Json.object();
    i.put("email", p.email());
    i.put("id", p.id());
    i.put("cio_id", p.cioId());
    return i;
  }
}
