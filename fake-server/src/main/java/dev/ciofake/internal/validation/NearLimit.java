package dev.ciofake.internal.validation;

import dev.ciofake.internal.http.Exchange;
import dev.ciofake.internal.http.Violation;

/**
 * Notes a value within 10% of a documented limit: accepted, but kept on the exchange (code {@value #CODE}) for the
 * {@code oversized-payload} pitfall, because the next, slightly larger value will be refused.
 */
public final class NearLimit {
  /** The violation code of a near-limit note. */
  public static final String CODE = "near-limit";

  private NearLimit() {}

  /** Adds a note when {@code size} is at least 90% of {@code limit} (and not past it). */
  public static void check(Exchange ex, String field, long size, long limit, String unit, String what) {
    if (size <= limit && size * 10 >= limit * 9) {
      ex.addViolation(Violation.of(CODE, field, size + " " + unit, what + " is " + size + " " + unit
          + ", within 10% of the limit of " + limit + " " + unit).accepted());
    }
  }
}
