package dev.ciofake.internal.validation;

import dev.ciofake.internal.http.Exchange;

/**
 * One check that a JSON Schema cannot express (byte limits, timestamp units, identifier consistency).
 * A rule reads the exchange's parsed body and adds {@link dev.ciofake.internal.http.Violation}s; it never
 * changes state. Adding a rule is one class plus its test, listed on the endpoints it applies to.
 */
@FunctionalInterface
public interface Rule {
  void check(Exchange exchange);
}
