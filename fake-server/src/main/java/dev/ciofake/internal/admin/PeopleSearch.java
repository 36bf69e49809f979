package dev.ciofake.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The people search of {@code GET .../people?q=}: a person matches when the text (case-insensitive) is part of their
 * id, email or {@code cio_id}, of an attribute's name or text value, or, for {@code name=value}, when an attribute of
 * that name has that value exactly.
 */
final class PeopleSearch {
  private PeopleSearch() {}

  static List<ObjectNode> find(List<ObjectNode> people, String q, int limit) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode p : people) {
      if (out.size() >= limit) {
        break;
      }
      if (q == null || q.isBlank() || matches(p, q.trim())) {
        out.add(p);
      }
    }
    return out;
  }

  static boolean matches(ObjectNode person, String q) {
    JsonNode attrs = person.path("attributes");
    int eq = q.indexOf('=');
    if (eq > 0) {
      JsonNode v = attrs.get(q.substring(0, eq).trim());
      return v != null && !v.isContainerNode() && v.asText().equals(q.substring(eq + 1).trim());
    }
    String needle = q.toLowerCase(Locale.ROOT);
    for (String f : new String[] {"id", "email", "cio_id"}) {
      if (contains(person.path(f), needle)) {
        return true;
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> a = it.next();
      if (a.getKey().toLowerCase(Locale.ROOT).contains(needle) || contains(a.getValue(), needle)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(JsonNode v, String needle) {
    return v != null && v.isValueNode() && !v.isNull() && v.asText().toLowerCase(Locale.ROOT).contains(needle);
  }
}
