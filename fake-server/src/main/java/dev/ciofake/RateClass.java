package dev.ciofake;

import java.util.Locale;

/**
 * The rate-limit buckets of the real service; each workspace has one limiter per class. The defaults are the
 * documented limits (docs/customerio-facts.md 1.11 and 3.5).
 */
public enum RateClass {
  /**
   * Track API v1 and v2. Documented as 100 requests/s in older documents and 1000/s (not strictly enforced) in the
   * current one; the fake keeps the stricter 100/s so that a burst shows up in tests (a deliberate strictness, see
   * docs/strictness.md).
   */
  TRACK(RateLimit.perSecond(100)),
  /** Most App API endpoints: 10 requests/s. */
  APP(RateLimit.perSecond(10)),
  /** App API transactional sends: 100 requests/s. */
  TRANSACTIONAL(RateLimit.perSecond(100)),
  /** App API broadcast triggers: 1 request per 10 s. */
  BROADCAST(RateLimit.parse("1/10s")),
  /**
   * The Data Pipelines API: 3000 requests per 3 s, documented as a soft limit (not strictly enforced; sustained
   * excess may be throttled or dropped). The fake answers 429 past it so that a burst shows up in tests.
   */
  PIPELINES(RateLimit.parse("3000/3s"));

  private final RateLimit defaultLimit;

  RateClass(RateLimit defaultLimit) {
    this.defaultLimit = defaultLimit;
  }

  /** The documented limit of this class. */
  public RateLimit defaultLimit() {
    return defaultLimit;
  }

  /** Lower-case name used in flags, settings and JSON: {@code track}, {@code app}, ... */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code track}, {@code app}, {@code transactional}, {@code broadcast} or {@code pipelines} (any case).
   *
   * @throws IllegalArgumentException naming the classes there are
   */
  public static RateClass parse(String s) {
    for (RateClass c : values()) {
      if (c.key().equalsIgnoreCase(s.trim())) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown rate-limit class '" + s
        + "': use track, app, transactional, broadcast or pipelines");
  }
}
