package dev.ciofake.internal.ratelimit;

import dev.ciofake.internal.util.BoundedMaps;
import java.util.Map;

/**
 * What each client was told to wait: fed from every answer that carried a {@code Retry-After} (a 429 of the limiter,
 * an injected error), read when a request arrives, so the {@code retry-ignored-retry-after} pitfall sees a client
 * that came back too soon. A retry is the same request sent again (the request's retry key: client, method, path,
 * query and body), not another request of a burst that was already on its way. Bounded: the least recently used
 * clients are forgotten.
 */
public final class RetryAfterLedger {
  /** How many requests' and clients' deadlines are remembered. */
  static final int MAX_CLIENTS = 10_000;

  private final Map<String, Deadline> deadlines = BoundedMaps.accessOrdered(MAX_CLIENTS);
  private final Map<String, boolean[]> reportedByClient = BoundedMaps.accessOrdered(MAX_CLIENTS);
  /** Set once a Retry-After was given, so that the per-request check costs nothing until then. */
  private volatile boolean any;

  /** A Retry-After one request was given. */
  private record Deadline(long givenAtNanos, long notBeforeNanos, int retryAfterSeconds, String requestId,
      boolean[] reported) {}

  /**
   * A client came back before the Retry-After it was given had passed.
   *
   * @param retryAfterSeconds what it was told
   * @param elapsedMillis how long it actually waited
   * @param rateLimitedRequestId the request that got the Retry-After
   */
  public record RetryTooSoon(int retryAfterSeconds, long elapsedMillis, String rateLimitedRequestId) {}

  /**
   * Whether any Retry-After was given yet: until then no request can be a retry that came too soon, and the caller
   * need not even build the request's key.
   */
  public boolean any() {
    return any;
  }

  /**
   * Whether the request with this retry key came back before its Retry-After. Reported once per client and burst.
   */
  public RetryTooSoon tooSoon(String retryKey, long nowNanos) {
    if (!any) {
      return null;
    }
    synchronized (deadlines) {
      Deadline d = deadlines.get(retryKey);
      if (d != null && nowNanos < d.notBeforeNanos() && !d.reported()[0]) {
        d.reported()[0] = true;
        return new RetryTooSoon(d.retryAfterSeconds(), (nowNanos - d.givenAtNanos()) / 1_000_000, d.requestId());
      }
      return null;
    }
  }

  /**
   * Remembers that a request was told to wait {@code retryAfterSeconds}. The requests of one client share one
   * "reported" flag until a new burst, so a storm of 429s reports one early retry per client, not one per 429.
   */
  public void remember(String retryKey, int retryAfterSeconds, String requestId, long nowNanos, boolean newBurst) {
    int nl = retryKey.indexOf('\n');
    String client = nl < 0 ? retryKey : retryKey.substring(0, nl);
    synchronized (deadlines) {
      any = true;
      boolean[] reported = reportedByClient.get(client);
      if (reported == null || newBurst) {
        reported = new boolean[] {false};
        reportedByClient.put(client, reported);
      }
      deadlines.put(retryKey, new Deadline(nowNanos, nowNanos + retryAfterSeconds * 1_000_000_000L,
          retryAfterSeconds, requestId, reported));
    }
  }

  /** Forgets every deadline. */
  public void reset() {
    synchronized (deadlines) {
      any = false;
      deadlines.clear();
      reportedByClient.clear();
    }
  }
}
