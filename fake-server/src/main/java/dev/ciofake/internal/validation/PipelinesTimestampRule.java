package dev.ciofake.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.http.Violation;
import java.time.Duration;
import java.time.Instant;

/**
 * A Pipelines {@code timestamp} (and {@code originalTimestamp}) is an ISO-8601 date-time string. A number in
 * milliseconds is the Pipelines version of the classic mistake (code {@value TimestampRule#CODE}); any other value
 * that is not ISO-8601 (Unix seconds, a digit string, a typo), and a date-time more than {@link #CLOCK_SKEW} in the
 * future, is an invalid timestamp (code {@value #CODE}). None of them refuses the call, in either mode: the real
 * service replaces a timestamp it cannot use with the time it received the call, so the event is kept at the wrong
 * time; the fake does the same and records why.
 */
public final class PipelinesTimestampRule implements Rule {
  /** The violation code of a timestamp that is not ISO-8601 or lies in the future. */
  public static final String CODE = "invalid-timestamp";
  /** How far ahead of the fake's clock a timestamp may be before it counts as in the future. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final String[] FIELDS = {"timestamp", "originalTimestamp"};

  @Override
  public void check(RuleInput in) {
    JsonNode body = in.body();
    if (body == null || !body.isObject()) {
      return;
    }
    for (String f : FIELDS) {
      JsonNode v = body.get(f);
      if (v == null || v.isNull()) {
        continue;
      }
      if (v.isTextual() && v.textValue().isEmpty()) {
        continue; // "leave this field empty and we'll use the current time"
      }
      Instant at = PipelinesTimestamps.parse(v);
      if (at == null) {
        String unit = v.isNumber() ? Timestamps.finerUnit(v) : null;
        if (unit != null) {
          in.addViolation(Violation.of(TimestampRule.CODE, f, v.asText(), "'" + f + "' is the number " + v.asText()
              + ", Unix " + unit + "; Pipelines timestamps are ISO-8601 strings such as "
              + Instant.ofEpochMilli(Timestamps.toSeconds(v.asLong(), unit) * 1000) + " (new Date().toISOString())")
              .accepted());
        } else {
          in.addViolation(Violation.of(CODE, f, v.isTextual() ? v.textValue() : v.toString(), "'" + f + "' is "
              + (v.isTextual() ? "'" + Violation.shorten(v.textValue()) + "'" : "the " + jsonType(v) + " "
                  + Violation.shorten(v.toString()))
              + ", not an ISO-8601 date-time; the service uses the time it received the call instead").accepted());
        }
        continue;
      }
      Instant now = Instant.ofEpochMilli(in.receivedAtMillis());
      if (at.isAfter(now.plus(CLOCK_SKEW))) {
        in.addViolation(Violation.of(CODE, f, v.asText(), "'" + f + "' is " + v.asText() + ", "
            + Duration.between(now, at).toMinutes() + " minutes in the future (more than the " + CLOCK_SKEW.toMinutes()
            + "-minute clock skew the fake allows)").accepted());
      }
    }
  }

  private static String jsonType(JsonNode v) {
    return v.isNumber() ? "number" : v.isBoolean() ? "boolean" : v.isObject() ? "object" : v.isArray() ? "array"
        : "value";
  }
}
