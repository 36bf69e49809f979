package dev.ciofake.internal.util;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A thread-safe log that keeps the newest {@code capacity} items and counts what it dropped. Memory stays bounded
 * however long the fake runs.
 *
 * <p>Lock-free: every request appends to one or two of these (journal, events, pitfalls), and on a small machine
 * with many client threads a lock here queues the whole server behind a thread the scheduler has paused. Reads
 * are weakly consistent snapshots. While several threads append at once the log may hold a few items more than
 * its capacity (at most one per appending thread), never more for long.
 */
public final class BoundedLog<T> {
  private final int capacity;
  private final ConcurrentLinkedDeque<T> items = new ConcurrentLinkedDeque<>();
  /** Items in {@link #items}: raised after each append, lowered after each removal, so it never drifts. */
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong added = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  public BoundedLog(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  public void add(T item) {
    items.addLast(item);
    added.incrementAndGet();
    if (size.incrementAndGet() > capacity && items.pollFirst() != null) {
      size.decrementAndGet();
      dropped.incrementAndGet();
    }
  }

  /** A snapshot, oldest first. */
  public List<T> snapshot() {
    return new ArrayList<>(items);
  }

  /** The newest {@code limit} items matching {@code filter}, oldest first. */
  public List<T> newest(int limit, Predicate<? super T> filter) {
    ArrayList<T> out = new ArrayList<>();
    Iterator<T> it = items.descendingIterator();
    while (it.hasNext() && out.size() < limit) {
      T t = it.next();
      if (filter.test(t)) {
        out.add(t);
      }
    }
    Collections.reverse(out);
    return out;
  }

  public int size() {
    return Math.max(0, Math.min(capacity, size.get()));
  }

  /** How many items were ever added. */
  public long added() {
    return added.get();
  }

  /** How many items were dropped to respect the capacity. */
  public long dropped() {
    return dropped.get();
  }

  public int capacity() {
    return capacity;
  }

  /** Empties the log and zeroes its counts. */
  public void clear() {
    while (items.pollFirst() != null) {
      size.decrementAndGet();
    }
    added.set(0);
    dropped.set(0);
  }
}
