package dev.ciofake.internal.util;

import java.util.Map;

/**
 * A thread-safe set that remembers at most {@code capacity} keys, forgetting the least recently added. Detectors
 * use it to report each distinct finding once while keeping memory bounded on a stream of unique names.
 */
public final class BoundedSet<K> {
  private final Map<K, Boolean> keys;

  public BoundedSet(int capacity) {
    this.keys = BoundedMaps.insertionOrdered(capacity);
  }

  /** Adds the key; returns whether it was new. */
  public synchronized boolean add(K key) {
    return keys.put(key, Boolean.TRUE) == null;
  }

  public synchronized boolean contains(K key) {
    return keys.containsKey(key);
  }

  public synchronized int size() {
    return keys.size();
  }
}
