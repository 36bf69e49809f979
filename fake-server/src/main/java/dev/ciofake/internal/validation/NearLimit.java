package dev.ciofake.internal.validation;

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
  public static void check(RuleInput in, String field, long size, long limit, String unit, String what) {
    Violation v = of(field, size, limit, unit, what);
    if (v != null) {
      in.addViolation(v);
    }
  }

  /** The same note, added to a list (the body reader's, the batch operations'). */
  public static void note(java.util.List<Violation> out, String field, long size, long limit, String unit,
      String what) {
    Violation v = of(field, size, limit, unit, what);
    if (v != null) {
      out.add(v);
    }
  }

  /** The note, or {@code null} when {@code size} is below 90% of {@code limit} or past it. */
  public static Violation of(String field, long size, long limit, String unit, String what) {
    if (size <= limit && size * 10 >= limit * 9) {
      return Violation.of(CODE, field, size + " " + unit, what + " is " + size + " " + unit
          + ", within 10% of the limit of " + limit + " " + unit).accepted();
    }
    return null;
  }
}
