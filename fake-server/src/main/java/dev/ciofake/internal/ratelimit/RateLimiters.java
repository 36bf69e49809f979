package dev.ciofake.internal.ratelimit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.RateLimit;
import dev.ciofake.internal.http.Json;
import dev.ciofake.internal.routing.RateClass;
import java.util.EnumMap;
import dev.ciofake.internal.state.BoundedMaps;
import java.util.Map;

/**
 * The rate limits of one workspace: one {@link SlidingWindowLimiter} per {@link RateClass}, plus what the
 * {@code rate-limit-exceeded} and {@code retry-ignored-retry-after} pitfalls need to know: when a burst of 429s
 * started, and the {@code Retry-After} each client was last given.
 */
public final class RateLimiters {
  /** How many clients' Retry-After deadlines are remembered; the oldest are forgotten. */
  private static final int MAX_CLIENTS = 10_000;

  private final Map<RateClass, SlidingWindowLimiter> limiters = new EnumMap<>(RateClass.class);
  private final Map<RateClass, Long> burstStartedNanos = new EnumMap<>(RateClass.class);
  private final Map<RateClass, Long> lastRejectNanos = new EnumMap<>(RateClass.class);
  private final Map<RateClass, Long> bursts = new EnumMap<>(RateClass.class);
  private final Map<String, RetryDeadline> deadlines = BoundedMaps.accessOrdered(MAX_CLIENTS);
  private final Map<String, boolean[]> reportedByClient = BoundedMaps.accessOrdered(MAX_CLIENTS);
  private volatile boolean enabled;
  /** Set once a Retry-After was given, so that the per-request check costs nothing until then. */
  private volatile boolean anyDeadline;

  /** A Retry-After a client was given for one request. */
  record RetryDeadline(long givenAtNanos, long notBeforeNanos, int retryAfterSeconds, String requestId,
      boolean[] reported) {}

  public RateLimiters(Map<RateClass, RateLimit> limits, boolean enabled) {
    limits.forEach((c, l) -> limiters.put(c, new SlidingWindowLimiter(l)));
    this.enabled = enabled;
  }

  public boolean enabled() {
    return enabled;
  }

  public void enabled(boolean value) {
    this.enabled = value;
  }

  /** Replaces the limit of one class (its history starts afresh). */
  public synchronized void set(RateClass c, RateLimit limit) {
    limiters.put(c, new SlidingWindowLimiter(limit));
  }

  public synchronized RateLimit limit(RateClass c) {
    SlidingWindowLimiter l = limiters.get(c);
    return l == null ? null : l.limit();
  }

  /** What happened to one request. */
  public record Outcome(boolean admitted, int retryAfterSeconds, boolean newBurst, RateLimit limit,
      RetryTooSoon retryTooSoon) {}

  /**
   * A client came back before the Retry-After it was given had passed.
   *
   * @param retryAfterSeconds what it was told
   * @param elapsedMillis how long it actually waited
   * @param rateLimitedRequestId the request that got the 429
   */
  public record RetryTooSoon(int retryAfterSeconds, long elapsedMillis, String rateLimitedRequestId) {}

  /**
   * Whether any Retry-After was given yet: until then no request can be a retry that came too soon, and the
   * caller need not even build the request's key.
   */
  public boolean anyRetryAfterGiven() {
    return anyDeadline;
  }

  /**
   * Whether a request came back before the Retry-After it was given (by a 429 of the limiter or a chaos error).
   * {@code requestKey} names the client and the request ({@code client + "\n" + method, path, body}): only the same
   * request sent again counts as a retry, not the other requests of a burst that were already on their way.
   * Reported once per client and burst.
   */
  public RetryTooSoon retryTooSoon(String requestKey, long nowNanos) {
    if (!anyDeadline) {
      return null;
    }
    synchronized (deadlines) {
      RetryDeadline d = deadlines.get(requestKey);
      if (d != null && nowNanos < d.notBeforeNanos() && !d.reported()[0]) {
        d.reported()[0] = true;
        return new RetryTooSoon(d.retryAfterSeconds(), (nowNanos - d.givenAtNanos()) / 1_000_000, d.requestId());
      }
      return null;
    }
  }

  /**
   * Remembers that a request ({@code requestKey}: client and request) was told to wait {@code retryAfterSeconds}.
   * The requests of one client share one "reported" flag until a new burst, so a storm of 429s reports one early
   * retry per client, not one per 429.
   */
  public void rememberRetryAfter(String requestKey, int retryAfterSeconds, String requestId, long nowNanos,
      boolean newBurst) {
    int nl = requestKey.indexOf('\n');
    String client = nl < 0 ? requestKey : requestKey.substring(0, nl);
    synchronized (deadlines) {
      anyDeadline = true;
      boolean[] reported = reportedByClient.get(client);
      if (reported == null || newBurst) {
        reported = new boolean[] {false};
        reportedByClient.put(client, reported);
      }
      deadlines.put(requestKey, new RetryDeadline(nowNanos, nowNanos + retryAfterSeconds * 1_000_000_000L,
          retryAfterSeconds, requestId, reported));
    }
  }

  /** Checks one request of {@code client} against the class's limit. */
  public Outcome acquire(RateClass c, String client, String requestId, long nowNanos) {
    if (!enabled) {
      return new Outcome(true, 0, false, null, null);
    }
    SlidingWindowLimiter limiter;
    synchronized (this) {
      limiter = limiters.get(c);
    }
    if (!enabled || limiter == null) {
      return new Outcome(true, 0, false, null, null);
    }
    SlidingWindowLimiter.Decision decision = limiter.tryAcquire(nowNanos);
    if (decision.admitted()) {
      return new Outcome(true, 0, false, limiter.limit(), null);
    }
    int retryAfter = (int) Math.max(1, (decision.retryAfterNanos() + 999_999_999L) / 1_000_000_000L);
    boolean newBurst;
    synchronized (this) {
      Long last = lastRejectNanos.get(c);
      newBurst = last == null || nowNanos - last > limiter.limit().window().toNanos();
      if (newBurst) {
        burstStartedNanos.put(c, nowNanos);
        bursts.merge(c, 1L, Long::sum);
      }
      lastRejectNanos.put(c, nowNanos);
    }
    rememberRetryAfter(client, retryAfter, requestId, nowNanos, newBurst);
    return new Outcome(false, retryAfter, newBurst, limiter.limit(), null);
  }

  /** Limiter state for the admin API: limit, tokens left, admitted and rejected counts, bursts. */
  public synchronized ObjectNode toJson(long nowNanos) {
    ObjectNode n = Json.object();
    n.put("enabled", enabled);
    ObjectNode classes = n.putObject("classes");
    limiters.forEach((c, l) -> {
      ObjectNode o = classes.putObject(c.key());
      o.put("limit", l.limit().toString());
      o.put("tokens_left", l.tokensLeft(nowNanos));
      o.put("admitted", l.admittedTotal());
      o.put("rejected", l.rejectedTotal());
      o.put("bursts", bursts.getOrDefault(c, 0L));
    });
    return n;
  }

  /** Forgets history (not the limits). */
  public synchronized void reset() {
    Map<RateClass, RateLimit> current = new EnumMap<>(RateClass.class);
    limiters.forEach((c, l) -> current.put(c, l.limit()));
    limiters.clear();
    current.forEach((c, l) -> limiters.put(c, new SlidingWindowLimiter(l)));
    burstStartedNanos.clear();
    lastRejectNanos.clear();
    bursts.clear();
    synchronized (deadlines) {
      anyDeadline = false;
      deadlines.clear();
      reportedByClient.clear();
    }
  }
}
