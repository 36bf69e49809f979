package dev.ciofake.internal.state;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps that forget their eldest entry past a capacity: how detectors and state keep memory bounded. */
public final class BoundedMaps {
  private BoundedMaps() {}

  /** Forgets the least recently inserted entry past {@code capacity}. Not thread-safe: guard it. */
  public static <K, V> Map<K, V> insertionOrdered(int capacity) {
    return create(capacity, false);
  }

  /** Forgets the least recently used entry past {@code capacity}. Not thread-safe: guard it. */
  public static <K, V> Map<K, V> accessOrdered(int capacity) {
    return create(capacity, true);
  }

  private static <K, V> Map<K, V> create(int capacity, boolean accessOrder) {
    return new LinkedHashMap<>(Math.min(capacity, 256), 0.75f, accessOrder) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
