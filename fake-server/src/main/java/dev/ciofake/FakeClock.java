package dev.ciofake;

import dev.ciofake.internal.util.SystemClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The time a fake lives by. Request times, rate-limit and chaos windows, the grace before an ignored bounce counts,
 * the duplicate-event window and reporting-webhook schedules (delivery steps and retries) all read it, so a test
 * that needs a minute to pass {@linkplain #advance(Duration) advances} it instead of waiting:
 *
 * <pre>{@code
 * server.clock().advance(Duration.ofMinutes(2));   // in process
 * cio.advanceClock(Duration.ofMinutes(2));         // any fake, over the admin API (POST /__cio/clock/advance)
 * }</pre>
 *
 * <p>The default, {@link #system()}, is real time plus whatever was advanced. {@link #frozenAt(Instant)} stands still
 * between advances, for tests that want every timestamp exact. One clock serves the whole fake: advancing it moves
 * the time of every workspace. Latencies the fake measures (in the journal, of webhook attempts) stay real.
 * Thread-safe; time never goes back.
 */
public final class FakeClock implements InstantSource {
  private final boolean frozen;
  private final long startMillis;
  private final long startNanos;
  private final AtomicLong advancedNanos = new AtomicLong();

  private FakeClock(boolean frozen, long startMillis, long startNanos) {
    this.frozen = frozen;
    this.startMillis = startMillis;
    this.startNanos = startNanos;
  }

  /** Real time (plus what is advanced): the default of every fake. */
  public static FakeClock system() {
    return new FakeClock(false, 0, 0);
  }

  /** A clock that reads {@code start} until it is advanced. */
  public static FakeClock frozenAt(Instant start) {
    Objects.requireNonNull(start, "start");
    return new FakeClock(true, start.toEpochMilli(), SystemClock.realNanos());
  }

  /** Whether it stands still between advances. */
  public boolean isFrozen() {
    return frozen;
  }

  /** The current time, in epoch milliseconds. */
  @Override
  public long millis() {
    long advanced = advancedNanos.get() / 1_000_000;
    return frozen ? startMillis + advanced : SystemClock.realMillis() + advanced;
  }

  /** The current time. */
  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  /** The current time in Unix seconds, the unit of Customer.io's timestamps. */
  public long epochSecond() {
    return Math.floorDiv(millis(), 1000);
  }

  /** Monotonic time in nanoseconds (only differences mean anything): windows, deadlines and schedules use it. */
  public long nanoTime() {
    return (frozen ? startNanos : SystemClock.realNanos()) + advancedNanos.get();
  }

  /**
   * Moves time forward by {@code by}: every window, grace period and schedule of the fake sees it at once, and
   * webhook events and retries that fall due are sent.
   *
   * @throws IllegalArgumentException for a negative duration (time never goes back)
   * @return this clock
   */
  public FakeClock advance(Duration by) {
    Objects.requireNonNull(by, "by");
    if (by.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward; got " + by);
    }
    advancedNanos.addAndGet(by.toNanos());
    return this;
  }

  /** How far it was advanced in all. */
  public Duration advanced() {
    return Duration.ofNanos(advancedNanos.get());
  }

  @Override
  public String toString() {
    return (frozen ? "frozen" : "system") + " clock at " + instant()
        + (advancedNanos.get() == 0 ? "" : " (advanced " + advanced() + ")");
  }
}
