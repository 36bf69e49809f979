package dev.ciofake;

import java.util.Locale;

/**
 * The data centre a workspace lives in. The fake serves every region on its own port; the region only changes what
 * the region lookup ({@code GET /api/v1/accounts/region}) answers, as the real service does.
 */
public enum Region {
  /** {@code https://track.customer.io}, {@code https://api.customer.io}, {@code https://cdp.customer.io}. */
  US("https://track.customer.io"),
  /** {@code https://track-eu.customer.io}, {@code https://api-eu.customer.io}, {@code https://cdp-eu.customer.io}. */
  EU("https://track-eu.customer.io");

  private final String trackUrl;

  Region(String trackUrl) {
    this.trackUrl = trackUrl;
  }

  /** {@code us} or {@code eu}, as the API writes it. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The real Track host of the region, as the region lookup reports it. */
  public String trackUrl() {
    return trackUrl;
  }

  /**
   * Parses {@code us} or {@code eu} (any case).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Region parse(String s) {
    String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    for (Region r : values()) {
      if (r.key().equals(k)) {
        return r;
      }
    }
    throw new IllegalArgumentException("region must be us or eu, got '" + s + "'");
  }
}
