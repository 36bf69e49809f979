package dev.ciofake.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.http.Violation;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rejects timestamps sent in milliseconds (or finer) with a 400 that names the field and gives the value in
 * seconds, or, when the workspace is lenient, accepts them as the real service does. Either way the violation
 * (code {@value #CODE}) is kept on the exchange for the {@code millisecond-timestamp} pitfall.
 *
 * <p>It looks at named fields ({@code timestamp}, {@code device.last_used}) and at attribute objects, where
 * every numeric attribute named {@code created_at}, {@code _timestamp}, {@code last_used} or {@code *_at} is a
 * timestamp.
 */
public final class TimestampRule implements Rule {
  /** The violation code the detector looks for. */
  public static final String CODE = "millisecond-timestamp";

  private final List<String> fields;
  private final List<String> attributeObjects;

  private TimestampRule(List<String> fields, List<String> attributeObjects) {
    this.fields = fields;
    this.attributeObjects = attributeObjects;
  }

  /** Checks the fields at these dotted paths. */
  public static TimestampRule fields(String... paths) {
    return new TimestampRule(List.of(paths), List.of());
  }

  /** Checks every timestamp-named attribute of the objects at these dotted paths ({@code ""} is the body). */
  public static TimestampRule attributes(String... objectPaths) {
    return new TimestampRule(List.of(), List.of(objectPaths));
  }

  /** Also checks these named fields. */
  public TimestampRule andFields(String... paths) {
    return new TimestampRule(List.of(paths), attributeObjects);
  }

  @Override
  public void check(RuleInput in) {
    JsonNode body = in.body();
    if (body == null) {
      return;
    }
    boolean lenient = in.settings().lenientTimestamps();
    for (String f : fields) {
      checkValue(in, f, at(body, f), lenient);
    }
    for (String o : attributeObjects) {
      JsonNode obj = o.isEmpty() ? body : at(body, o);
      if (obj == null || !obj.isObject()) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (Timestamps.isTimestampAttribute(e.getKey()) && !fields.contains(e.getKey())) {
          checkValue(in, o.isEmpty() ? e.getKey() : o + "." + e.getKey(), e.getValue(), lenient);
        }
      }
    }
  }

  private static void checkValue(RuleInput in, String field, JsonNode value, boolean lenient) {
    if (value != null && value.isNumber() && !value.canConvertToLong()) {
      // the real service reads timestamps as 64-bit integers; the fake must not store a wrapped or zeroed value
      in.addViolation(Violation.of("timestamp-range", field, value.asText(), "'" + field + "' is "
          + Violation.shorten(value.asText()) + ", which is not a Unix time: timestamps are whole seconds that fit a "
          + "64-bit integer"));
      return;
    }
    String unit = Timestamps.finerUnit(value);
    if (unit == null) {
      return;
    }
    long v = Timestamps.asLong(value);
    long seconds = Timestamps.toSeconds(v, unit);
    Violation violation = Violation.of(CODE, field, v, "'" + field + "' is " + v + ", which is in " + unit
        + "; Customer.io timestamps are Unix seconds: send " + seconds);
    in.addViolation(lenient ? violation.accepted() : violation);
  }

  /** The node at a dotted path, or {@code null}. */
  static JsonNode at(JsonNode root, String dotted) {
    JsonNode n = root;
    for (String part : dotted.split("\\.")) {
      if (n == null || !n.isObject()) {
        return null;
      }
      n = n.get(part);
    }
    return n;
  }
}
