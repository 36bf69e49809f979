package dev.ciofake.internal.routing;

import java.util.Locale;

/** The rate-limit buckets of the real service (customerio-api.md 1.11 and 3.5); each workspace has one of each. */
public enum RateClass {
  /** Track API v1 and v2: documented as 100 requests/s (older, conservative figure; newer docs say 1000). */
  TRACK,
  /** Most App API endpoints: 10 requests/s. */
  APP,
  /** App API transactional sends: 100 requests/s. */
  TRANSACTIONAL,
  /** App API broadcast triggers: 1 request per 10 s. */
  BROADCAST;

  /** The default class of an API's endpoints; {@code null} (no limit) for the admin API. */
  public static RateClass defaultFor(Api api) {
    switch (api) {
      case TRACK_V1:
      case TRACK_V2:
        return TRACK;
      case APP:
        return APP;
      default:
        return null;
    }
  }

  /** Lower-case name used in flags, settings and JSON. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code track}, {@code app}, {@code transactional} or {@code broadcast}. */
  public static RateClass parse(String s) {
    for (RateClass c : values()) {
      if (c.key().equalsIgnoreCase(s.trim())) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown rate-limit class '" + s
        + "': use track, app, transactional or broadcast");
  }
}
