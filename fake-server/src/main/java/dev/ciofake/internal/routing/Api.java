package dev.ciofake.internal.routing;

/** Which API a request belongs to; decides authentication, error shapes, rate-limit class and chaos scope. */
public enum Api {
  /** Track API v1 ({@code /api/v1/...}, {@code /unsubscribe/...}, {@code /push/events}). */
  TRACK_V1("track"),
  /** Track API v2 ({@code /api/v2/entity}, {@code /api/v2/batch}). */
  TRACK_V2("track"),
  /** App API ({@code /v1/...}, Bearer auth). */
  APP("app"),
  /** The fake's own admin API under {@code /__cio/}. Never rate limited, never subject to chaos. */
  ADMIN("admin");

  private final String family;

  Api(String family) {
    this.family = family;
  }

  /** {@code track}, {@code app} or {@code admin}: the name used in the journal and the admin API. */
  public String family() {
    return family;
  }
}
