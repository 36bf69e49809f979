package dev.ciofake;

/** How bad a {@link Pitfall} is: an {@link #ERROR} breaks an integration, a {@link #WARNING} degrades it. */
public enum Severity {
  /** The integration loses data, sends wrong data, or will be blocked by the real service. */
  ERROR,
  /** The integration works today but is fragile, wasteful or hard to maintain. */
  WARNING;

  /** The lower-case name used in JSON and reports ({@code "error"}, {@code "warning"}). */
  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@code "error"} / {@code "warning"} (any case). */
  public static Severity parse(String value) {
    return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
