package dev.ciofake.internal.validation;

/**
 * One check that a JSON Schema cannot express (byte limits, timestamp units, identifier consistency). A rule reads
 * a narrow {@link RuleInput} (one JSON document: a request body or one operation of a batch; the path and query
 * parameters; the workspace's settings) and adds {@link dev.ciofake.internal.http.Violation}s; it never changes
 * state and never sees the exchange, so the same rule serves a whole request and each item of a batch. Adding a
 * rule is one class plus its test, listed on the endpoints (or batch operations) it applies to.
 */
@FunctionalInterface
public interface Rule {
  void check(RuleInput in);
}
