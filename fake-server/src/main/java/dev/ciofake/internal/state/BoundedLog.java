package dev.ciofake.internal.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A thread-safe ring buffer that keeps the newest {@code capacity} items and counts what it dropped.
 * Memory stays bounded however long the fake runs.
 */
public final class BoundedLog<T> {
  private final int capacity;
  private final ArrayDeque<T> items;
  private long added;
  private long dropped;

  public BoundedLog(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.items = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  public synchronized void add(T item) {
    if (items.size() == capacity) {
      items.pollFirst();
      dropped++;
    }
    items.addLast(item);
    added++;
  }

  /** A snapshot, oldest first. */
  public synchronized List<T> snapshot() {
    return new ArrayList<>(items);
  }

  /** The newest {@code limit} items matching {@code filter}, oldest first. */
  public synchronized List<T> newest(int limit, Predicate<? super T> filter) {
    ArrayList<T> out = new ArrayList<>();
    var it = items.descendingIterator();
    while (it.hasNext() && out.size() < limit) {
      T t = it.next();
      if (filter.test(t)) {
        out.add(t);
      }
    }
    java.util.Collections.reverse(out);
    return out;
  }

  public synchronized int size() {
    return items.size();
  }

  /** How many items were ever added. */
  public synchronized long added() {
    return added;
  }

  /** How many items were dropped to respect the capacity. */
  public synchronized long dropped() {
    return dropped;
  }

  public int capacity() {
    return capacity;
  }

  public synchronized void clear() {
    items.clear();
    added = 0;
    dropped = 0;
  }
}
