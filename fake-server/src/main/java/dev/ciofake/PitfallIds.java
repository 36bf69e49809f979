package dev.ciofake;

import java.util.List;

/**
 * The stable ids of the pitfalls the fake detects at run time, as constants, so a test names them without typos:
 *
 * <pre>{@code
 * @AllowPitfalls(PitfallIds.MISSING_EMAIL)
 * assertThat(cio).hasPitfall(PitfallIds.MILLISECOND_TIMESTAMP);
 * }</pre>
 *
 * Every id, its message, evidence and fix: docs/pitfalls.md.
 */
public final class PitfallIds {
  /** {@code wrong-api-key}: see docs/pitfalls.md. */
  public static final String WRONG_API_KEY = "wrong-api-key";

  /** {@code millisecond-timestamp}: see docs/pitfalls.md. */
  public static final String MILLISECOND_TIMESTAMP = "millisecond-timestamp";

  /** {@code track-before-identify}: see docs/pitfalls.md. */
  public static final String TRACK_BEFORE_IDENTIFY = "track-before-identify";

  /** {@code mutable-person-id}: see docs/pitfalls.md. */
  public static final String MUTABLE_PERSON_ID = "mutable-person-id";

  /** {@code anonymous-not-merged}: see docs/pitfalls.md. */
  public static final String ANONYMOUS_NOT_MERGED = "anonymous-not-merged";

  /** {@code inconsistent-event-name}: see docs/pitfalls.md. */
  public static final String INCONSISTENT_EVENT_NAME = "inconsistent-event-name";

  /** {@code dynamic-event-name}: see docs/pitfalls.md. */
  public static final String DYNAMIC_EVENT_NAME = "dynamic-event-name";

  /** {@code pii-in-name}: see docs/pitfalls.md. */
  public static final String PII_IN_NAME = "pii-in-name";

  /** {@code missing-email}: see docs/pitfalls.md. */
  public static final String MISSING_EMAIL = "missing-email";

  /** {@code inconsistent-attribute-type}: see docs/pitfalls.md. */
  public static final String INCONSISTENT_ATTRIBUTE_TYPE = "inconsistent-attribute-type";

  /** {@code no-connection-reuse}: see docs/pitfalls.md. */
  public static final String NO_CONNECTION_REUSE = "no-connection-reuse";

  /** {@code rate-limit-exceeded}: see docs/pitfalls.md. */
  public static final String RATE_LIMIT_EXCEEDED = "rate-limit-exceeded";

  /** {@code retry-ignored-retry-after}: see docs/pitfalls.md. */
  public static final String RETRY_IGNORED_RETRY_AFTER = "retry-ignored-retry-after";

  /** {@code duplicate-event-without-id}: see docs/pitfalls.md. */
  public static final String DUPLICATE_EVENT_WITHOUT_ID = "duplicate-event-without-id";

  /** {@code oversized-payload}: see docs/pitfalls.md. */
  public static final String OVERSIZED_PAYLOAD = "oversized-payload";

  /** {@code missing-unsubscribe-link}: see docs/pitfalls.md. */
  public static final String MISSING_UNSUBSCRIBE_LINK = "missing-unsubscribe-link";

  /** {@code ignored-bounce}: see docs/pitfalls.md. */
  public static final String IGNORED_BOUNCE = "ignored-bounce";

  /** {@code ignored-complaint}: see docs/pitfalls.md. */
  public static final String IGNORED_COMPLAINT = "ignored-complaint";

  /** {@code ignored-unsubscribe}: see docs/pitfalls.md. */
  public static final String IGNORED_UNSUBSCRIBE = "ignored-unsubscribe";

  /** {@code silently-dropped}: see docs/pitfalls.md. */
  public static final String SILENTLY_DROPPED = "silently-dropped";

  /** {@code unflushed-events}: see docs/pitfalls.md. */
  public static final String UNFLUSHED_EVENTS = "unflushed-events";

  /** {@code invalid-timestamp}: see docs/pitfalls.md. */
  public static final String INVALID_TIMESTAMP = "invalid-timestamp";

  /** {@code tight-status-polling}: see docs/pitfalls.md. */
  public static final String TIGHT_STATUS_POLLING = "tight-status-polling";

  /** {@code message-read-too-soon}: see docs/pitfalls.md. */
  public static final String MESSAGE_READ_TOO_SOON = "message-read-too-soon";

  /** {@code suppression-check-bypassed}: see docs/pitfalls.md. */
  public static final String SUPPRESSION_CHECK_BYPASSED = "suppression-check-bypassed";

  /** {@code app-key-in-browser}: see docs/pitfalls.md. */
  public static final String APP_KEY_IN_BROWSER = "app-key-in-browser";

  /** {@code invalid-request}: see docs/pitfalls.md. */
  public static final String INVALID_REQUEST = "invalid-request";

  private static final List<String> ALL = List.of(
      WRONG_API_KEY,
      MILLISECOND_TIMESTAMP,
      TRACK_BEFORE_IDENTIFY,
      MUTABLE_PERSON_ID,
      ANONYMOUS_NOT_MERGED,
      INCONSISTENT_EVENT_NAME,
      DYNAMIC_EVENT_NAME,
      PII_IN_NAME,
      MISSING_EMAIL,
      INCONSISTENT_ATTRIBUTE_TYPE,
      NO_CONNECTION_REUSE,
      RATE_LIMIT_EXCEEDED,
      RETRY_IGNORED_RETRY_AFTER,
      DUPLICATE_EVENT_WITHOUT_ID,
      OVERSIZED_PAYLOAD,
      MISSING_UNSUBSCRIBE_LINK,
      IGNORED_BOUNCE,
      IGNORED_COMPLAINT,
      IGNORED_UNSUBSCRIBE,
      SILENTLY_DROPPED,
      UNFLUSHED_EVENTS,
      INVALID_TIMESTAMP,
      TIGHT_STATUS_POLLING,
      MESSAGE_READ_TOO_SOON,
      SUPPRESSION_CHECK_BYPASSED,
      APP_KEY_IN_BROWSER,
      INVALID_REQUEST);

  private PitfallIds() {}

  /** Every id, in the catalog's order. */
  public static List<String> all() {
    return ALL;
  }

  /**
   * Checks ids given as text (an annotation, a scenario file): every one must be a known id.
   *
   * @throws IllegalArgumentException naming the unknown id, the nearest known one and the list of known ids
   */
  public static void requireKnown(Iterable<String> ids, String where) {
    for (String id : ids) {
      if (!ALL.contains(id)) {
        throw new IllegalArgumentException(where + ": unknown pitfall id '" + id + "'" + didYouMean(id)
            + "; the known ids are " + String.join(", ", ALL));
      }
    }
  }

  /** {@code "; did you mean 'x'?"} for the nearest known id, or {@code ""} when none is near. */
  static String didYouMean(String id) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : ALL) {
      int d = distance(id, known);
      if (d < bestDistance) {
        bestDistance = d;
        best = known;
      }
    }
    return best != null && bestDistance <= Math.max(3, id.length() / 3) ? "; did you mean '" + best + "'?" : "";
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
