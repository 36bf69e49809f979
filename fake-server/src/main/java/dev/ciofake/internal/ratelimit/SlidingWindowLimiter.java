package dev.ciofake.internal.ratelimit;

import dev.ciofake.RateLimit;

/**
 * Admits at most {@code n} requests in any window of length {@code w}: a token bucket whose tokens come back
 * exactly one window after they were spent. Unlike a bucket that refills continuously, it never lets a burst
 * pass more than the configured rate over any window, so 429s start at the configured rate whether a test
 * looks at 1 second or 10.
 *
 * <p>It keeps the times of the last {@code n} admitted requests in a ring: admission is O(1) and memory is
 * {@code n} longs. Thread-safe.
 */
public final class SlidingWindowLimiter {
  private final RateLimit limit;
  private final long windowNanos;
  private final int capacity;
  /** Grows (doubling) until it holds {@code n} times: a class with a large limit costs memory only when used. */
  private long[] admitted;
  private int head;
  private int filled;
  private long admittedTotal;
  private long rejectedTotal;

  public SlidingWindowLimiter(RateLimit limit) {
    this.limit = limit;
    this.windowNanos = limit.window().toNanos();
    this.capacity = limit.requests();
    this.admitted = new long[Math.min(capacity, 64)];
  }

  /** The outcome of one attempt. */
  public record Decision(boolean admitted, long retryAfterNanos, int usedInWindow) {}

  public RateLimit limit() {
    return limit;
  }

  /** Tries to admit a request arriving at {@code nowNanos} (from {@link System#nanoTime()}). */
  public synchronized Decision tryAcquire(long nowNanos) {
    if (filled < capacity) {
      if (filled == admitted.length) {
        admitted = java.util.Arrays.copyOf(admitted, (int) Math.min(capacity, 2L * admitted.length));
      }
      admitted[filled] = nowNanos; // head stays 0 until the ring is full
      filled++;
      admittedTotal++;
      return new Decision(true, 0, filled);
    }
    long oldest = admitted[head];
    long age = nowNanos - oldest;
    if (age >= windowNanos) {
      admitted[head] = nowNanos;
      head = (head + 1) % admitted.length;
      admittedTotal++;
      return new Decision(true, 0, admitted.length);
    }
    rejectedTotal++;
    return new Decision(false, windowNanos - age, admitted.length);
  }

  /** Tokens left now: requests that would be admitted immediately. */
  public synchronized int tokensLeft(long nowNanos) {
    int used = 0;
    for (int i = 0; i < filled; i++) {
      if (nowNanos - admitted[(head + i) % admitted.length] < windowNanos) {
        used++;
      }
    }
    return capacity - used;
  }

  public synchronized long admittedTotal() {
    return admittedTotal;
  }

  public synchronized long rejectedTotal() {
    return rejectedTotal;
  }
}
