package dev.ciofake.internal.ratelimit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.RateLimit;
import dev.ciofake.WorkspaceSettings;
import dev.ciofake.internal.util.Json;
import dev.ciofake.RateClass;
import java.util.EnumMap;
import java.util.Map;

/**
 * The rate limits of one workspace: one {@link SlidingWindowLimiter} per {@link RateClass}, and when each burst of
 * 429s started (for the {@code rate-limit-exceeded} pitfall). What clients were told to wait is the
 * {@link RetryAfterLedger}'s.
 */
public final class RateLimiters {
  private final Map<RateClass, SlidingWindowLimiter> limiters = new EnumMap<>(RateClass.class);
  private final Map<RateClass, Long> burstStartedNanos = new EnumMap<>(RateClass.class);
  private final Map<RateClass, Long> lastRejectNanos = new EnumMap<>(RateClass.class);
  private final Map<RateClass, Long> bursts = new EnumMap<>(RateClass.class);
  private volatile boolean enabled;

  public RateLimiters(WorkspaceSettings settings) {
    settings.rateLimits().forEach((c, l) -> limiters.put(c, new SlidingWindowLimiter(l)));
    this.enabled = settings.rateLimitsEnabled();
  }

  public boolean enabled() {
    return enabled;
  }

  /** Follows new settings: a class whose limit changed starts a fresh window; the others keep their history. */
  public synchronized void apply(WorkspaceSettings settings) {
    settings.rateLimits().forEach((c, l) -> {
      SlidingWindowLimiter current = limiters.get(c);
      if (current == null || !current.limit().equals(l)) {
        limiters.put(c, new SlidingWindowLimiter(l));
      }
    });
    this.enabled = settings.rateLimitsEnabled();
  }

  public synchronized RateLimit limit(RateClass c) {
    SlidingWindowLimiter l = limiters.get(c);
    return l == null ? null : l.limit();
  }

  /** What happened to one request. */
  public record Outcome(boolean admitted, int retryAfterSeconds, boolean newBurst, RateLimit limit) {}

  /** Checks one request against the class's limit. */
  public Outcome acquire(RateClass c, long nowNanos) {
    if (!enabled) {
      return new Outcome(true, 0, false, null);
    }
    SlidingWindowLimiter limiter;
    synchronized (this) {
      limiter = limiters.get(c);
    }
    if (!enabled || limiter == null) {
      return new Outcome(true, 0, false, null);
    }
    SlidingWindowLimiter.Decision decision = limiter.tryAcquire(nowNanos);
    if (decision.admitted()) {
      return new Outcome(true, 0, false, limiter.limit());
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
    return new Outcome(false, retryAfter, newBurst, limiter.limit());
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
  }
}
