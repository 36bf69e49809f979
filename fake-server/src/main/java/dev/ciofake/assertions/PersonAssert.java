package dev.ciofake.assertions;

import dev.ciofake.CioFake;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one person of the fake. */
public final class PersonAssert extends AbstractAssert<PersonAssert, CioFake.Person> {
  private final String identifier;

  PersonAssert(CioFake.Person actual, String identifier) {
    super(actual, PersonAssert.class);
    this.identifier = identifier;
  }

  /**
   * The attribute has this value. Numbers compare by value ({@code 5} equals {@code 5.0}); a value of another JSON
   * type fails and says which type it has.
   */
  public PersonAssert hasAttribute(String name, Object expected) {
    isNotNull();
    if (!actual.attributes().containsKey(name)) {
      failWithMessage("Expected person \"%s\" to have attribute %s=%s, but it has no such attribute; attributes: %s",
          identifier, name, expected, actual.attributes());
    }
    Object value = actual.attributes().get(name);
    if (!same(value, expected)) {
      failWithMessage("Expected person \"%s\" to have attribute %s=%s (%s), but it is %s (%s)", identifier, name,
          expected, type(expected), value, type(value));
    }
    return this;
  }

  /** The attribute is not set. */
  public PersonAssert doesNotHaveAttribute(String name) {
    isNotNull();
    if (actual.attributes().containsKey(name)) {
      failWithMessage("Expected person \"%s\" not to have attribute %s, but it is %s", identifier, name,
          actual.attributes().get(name));
    }
    return this;
  }

  /** The email attribute is this (case-insensitively, as Customer.io compares emails). */
  public PersonAssert hasEmail(String email) {
    isNotNull();
    if (actual.email() == null || !actual.email().equalsIgnoreCase(email)) {
      failWithMessage("Expected person \"%s\" to have email %s, but it is %s", identifier, email, actual.email());
    }
    return this;
  }

  /** The identifier is suppressed (suppress deleted the profile and blocks the identifier). */
  public PersonAssert isSuppressed() {
    isNotNull();
    if (!actual.suppressed()) {
      failWithMessage("Expected person \"%s\" to be suppressed, but it is not", identifier);
    }
    return this;
  }

  /** The identifier is not suppressed. */
  public PersonAssert isNotSuppressed() {
    isNotNull();
    if (actual.suppressed()) {
      failWithMessage("Expected person \"%s\" not to be suppressed, but it is", identifier);
    }
    return this;
  }

  public PersonAssert isUnsubscribed() {
    isNotNull();
    if (!actual.unsubscribed()) {
      failWithMessage("Expected person \"%s\" to be unsubscribed, but it is not (unsubscribed=%s)", identifier,
          actual.attributes().get("unsubscribed"));
    }
    return this;
  }

  /** The person is in this manual segment. */
  public PersonAssert isInSegment(Object segmentId) {
    isNotNull();
    if (!actual.segments().contains(String.valueOf(segmentId))) {
      failWithMessage("Expected person \"%s\" to be in segment %s, but its segments are %s", identifier, segmentId,
          actual.segments());
    }
    return this;
  }

  /** The person has a device with this token. */
  public PersonAssert hasDevice(String token) {
    isNotNull();
    if (!actual.devices().contains(token)) {
      failWithMessage("Expected person \"%s\" to have device %s, but its devices are %s", identifier, token,
          actual.devices());
    }
    return this;
  }

  static boolean same(Object value, Object expected) {
    if (value instanceof Number a && expected instanceof Number b) {
      return new java.math.BigDecimal(a.toString()).compareTo(new java.math.BigDecimal(b.toString())) == 0;
    }
    return Objects.equals(value, expected);
  }

  static String type(Object v) {
    return v == null ? "null" : v instanceof Number ? "number" : v instanceof Boolean ? "boolean"
        : v instanceof String ? "string" : v instanceof java.util.List ? "array" : "object";
  }
}
