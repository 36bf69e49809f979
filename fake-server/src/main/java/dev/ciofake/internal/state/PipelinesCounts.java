package dev.ciofake.internal.state;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The Data Pipelines calls of one workspace, counted one by one (each call of a batch counts): those applied, those
 * the permissive API answered 200 and dropped, and how many a test or scenario said the integration queues
 * ({@code -1}: not said). What never left the client cannot be seen; the expected count is how the fake learns of it
 * (the {@code unflushed-events} pitfall). Lock-free.
 */
public final class PipelinesCounts {
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong expected = new AtomicLong(-1);
  private volatile long lastCallAtMillis;

  /** One call was applied to the workspace. */
  public void applied() {
    applied.incrementAndGet();
  }

  /** {@code n} calls were answered 200 and dropped. */
  public void dropped(long n) {
    dropped.addAndGet(n);
  }

  /** A request with Pipelines calls arrived at {@code atMillis} (the fake's clock). */
  public void arrived(long atMillis) {
    lastCallAtMillis = atMillis;
  }

  public long appliedCount() {
    return applied.get();
  }

  public long droppedCount() {
    return dropped.get();
  }

  /** Applied plus dropped: every call that reached the fake with this workspace's credentials. */
  public long received() {
    return applied.get() + dropped.get();
  }

  /** When the last Pipelines request arrived (epoch ms of the fake's clock), or 0. */
  public long lastCallAtMillis() {
    return lastCallAtMillis;
  }

  /** How many calls the integration is expected to deliver in this run ({@code -1}: not said). */
  public long expected() {
    return expected.get();
  }

  /** Says how many calls the integration queues in this run; {@code -1} forgets it. */
  public void expect(long calls) {
    expected.set(calls);
  }

  void reset() {
    applied.set(0);
    dropped.set(0);
    expected.set(-1);
    lastCallAtMillis = 0;
  }
}
