package dev.ciofake.internal.util;

/**
 * The one place that reads the machine's clocks. Everything the fake does by time (request times, rate-limit
 * windows, chaos windows, grace periods, webhook schedules) reads the fake's {@link dev.ciofake.FakeClock}, which
 * tests can advance; this class serves that clock and the few things that measure real elapsed time (a request's
 * latency in the journal, a webhook attempt's, start-up), which advancing must not change.
 */
public final class SystemClock {
  private SystemClock() {}

  /** The machine's monotonic time, in nanoseconds (only differences mean anything). */
  public static long realNanos() {
    return System.nanoTime();
  }

  /** The machine's wall-clock time, in epoch milliseconds. */
  public static long realMillis() {
    return System.currentTimeMillis();
  }

  /** Real milliseconds elapsed since {@code startNanos} (a {@link #realNanos()} reading). */
  public static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
