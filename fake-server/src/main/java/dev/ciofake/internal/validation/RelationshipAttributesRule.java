package dev.ciofake.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.util.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * The limits of relationship attributes (the Track document's limits table: "Object/relationship attribute name /
 * value / count: 150 bytes / 1000 bytes / 300" and "Total attribute size of an object or relationship: 100 KB"),
 * for every {@code relationship_attributes} of a list of relationships at a dotted path ({@code cio_relationships} in
 * Track v2, {@code cio_relationships.relationships} in a v1 identify).
 */
public final class RelationshipAttributesRule implements Rule {
  /** The documented total size of one relationship's (or object's) attributes. */
  public static final int MAX_TOTAL_BYTES = 100 * 1024;

  private final String listPath;

  public RelationshipAttributesRule(String listPath) {
    this.listPath = listPath;
  }

  @Override
  public void check(RuleInput in) {
    JsonNode list = in.body() == null ? null : TimestampRule.at(in.body(), listPath);
    if (list == null || !list.isArray()) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode attrs = list.get(i).path("relationship_attributes");
      if (!attrs.isObject()) {
        continue;
      }
      String at = listPath + "[" + i + "].relationship_attributes";
      int count = 0;
      for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        count++;
        String name = e.getKey();
        if (Json.utf8Length(name) > AttributeLimitsRule.MAX_NAME_BYTES) {
          in.addViolation(Violation.of("limit", at, name, "relationship attribute name '" + Violation.shorten(name)
              + "' cannot be longer than " + AttributeLimitsRule.MAX_NAME_BYTES + " bytes"));
        }
        JsonNode v = e.getValue();
        if (v != null && !v.isNull() && Json.byteSize(v) > AttributeLimitsRule.MAX_VALUE_BYTES) {
          in.addViolation(Violation.of("limit", at + "." + name, Json.byteSize(v) + " bytes",
              "value for relationship attribute '" + Violation.shorten(name) + "' cannot be longer than "
                  + AttributeLimitsRule.MAX_VALUE_BYTES + " bytes"));
        }
      }
      if (count > AttributeLimitsRule.MAX_ATTRIBUTES) {
        in.addViolation(Violation.of("limit", at, count, "a relationship cannot have more than "
            + AttributeLimitsRule.MAX_ATTRIBUTES + " attributes (got " + count + ")"));
      }
      if (Json.byteSize(attrs) > MAX_TOTAL_BYTES) {
        in.addViolation(Violation.of("limit", at, Json.byteSize(attrs) + " bytes",
            "relationship attributes cannot total more than 100 KB"));
      }
    }
  }
}
