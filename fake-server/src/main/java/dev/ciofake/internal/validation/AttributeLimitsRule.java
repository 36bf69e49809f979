package dev.ciofake.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.http.Violation;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The attribute limits of docs/customerio-facts.md 1.5: names up to 150 bytes, values up to 1000 bytes, at most 300
 * attributes in one call. The value message is the real one: {@code value for attribute 'x' cannot be longer
 * than 1000 bytes}.
 */
public final class AttributeLimitsRule implements Rule {
  public static final int MAX_NAME_BYTES = 150;
  public static final int MAX_VALUE_BYTES = 1000;
  public static final int MAX_ATTRIBUTES = 300;
  private static final Set<String> NOT_ATTRIBUTES = Set.of("cio_relationships", "_update", "_timestamp",
      "anonymous_id");

  private final String objectPath;

  /** Checks the attributes of the object at a dotted path ({@code ""} for the body itself). */
  public AttributeLimitsRule(String objectPath) {
    this.objectPath = objectPath;
  }

  @Override
  public void check(RuleInput in) {
    JsonNode body = in.body();
    JsonNode obj = body == null ? null : objectPath.isEmpty() ? body : TimestampRule.at(body, objectPath);
    if (obj == null || !obj.isObject()) {
      return;
    }
    int count = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (NOT_ATTRIBUTES.contains(name)) {
        continue;
      }
      count++;
      NearLimit.check(in, name, Json.utf8Length(name), MAX_NAME_BYTES, "bytes", "attribute name '" + name + "'");
      if (Json.utf8Length(name) > MAX_NAME_BYTES) {
        in.addViolation(Violation.of("limit", name, name, "attribute name '" + Violation.shorten(name)
            + "' cannot be longer than " + MAX_NAME_BYTES + " bytes"));
      }
      JsonNode v = e.getValue();
      if (v != null && !v.isNull()) {
        NearLimit.check(in, name, Json.byteSize(v), MAX_VALUE_BYTES, "bytes", "value for attribute '" + name + "'");
      }
      if (v != null && !v.isNull() && Json.byteSize(v) > MAX_VALUE_BYTES) {
        in.addViolation(Violation.of("limit", name, Json.byteSize(v) + " bytes", "value for attribute '" + name
            + "' cannot be longer than " + MAX_VALUE_BYTES + " bytes"));
      }
    }
    NearLimit.check(in, objectPath.isEmpty() ? "attributes" : objectPath, count, MAX_ATTRIBUTES, "attributes",
        "the request");
    if (count > MAX_ATTRIBUTES) {
      in.addViolation(Violation.of("limit", objectPath.isEmpty() ? "attributes" : objectPath, count,
          "cannot set more than " + MAX_ATTRIBUTES + " attributes in one request (got " + count + ")"));
    }
  }
}
