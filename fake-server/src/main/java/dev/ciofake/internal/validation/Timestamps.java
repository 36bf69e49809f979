package dev.ciofake.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** How the fake tells Unix seconds from milliseconds (and finer units). */
public final class Timestamps {
  /**
   * 10^11 seconds is the year 5138: no real seconds timestamp is that large, while every millisecond timestamp
   * since 1973 is. The Ruby client uses the same bound to refuse non-10-digit timestamps.
   */
  public static final long SECONDS_UPPER_BOUND = 100_000_000_000L;

  private Timestamps() {}

  /** The unit a too-large timestamp is in, or {@code null} when the value looks like seconds (or is not a number). */
  public static String finerUnit(JsonNode value) {
    Long v = asLong(value);
    if (v == null || v < SECONDS_UPPER_BOUND) {
      return null;
    }
    if (v < 100_000_000_000_000L) {
      return "milliseconds";
    }
    if (v < 100_000_000_000_000_000L) {
      return "microseconds";
    }
    return "nanoseconds";
  }

  /** The value converted to seconds, given the unit {@link #finerUnit} found. */
  public static long toSeconds(long value, String unit) {
    switch (unit) {
      case "milliseconds":
        return value / 1_000L;
      case "microseconds":
        return value / 1_000_000L;
      default:
        return value / 1_000_000_000L;
    }
  }

  /** An integral number, or a string of digits (the Go client sends {@code last_used} as a string). */
  public static Long asLong(JsonNode n) {
    if (n == null) {
      return null;
    }
    if (n.isNumber()) {
      return n.canConvertToLong() ? n.asLong() : null;
    }
    if (n.isTextual()) {
      String s = n.textValue().trim();
      if (s.isEmpty() || s.length() > 19) {
        return null;
      }
      for (int i = 0; i < s.length(); i++) {
        if (!Character.isDigit(s.charAt(i))) {
          return null;
        }
      }
      return Long.parseLong(s);
    }
    return null;
  }

  /** Whether an attribute name is a timestamp by Customer.io's conventions. */
  public static boolean isTimestampAttribute(String name) {
    return name.equals("created_at") || name.equals("_timestamp") || name.equals("last_used")
        || name.endsWith("_at");
  }
}
