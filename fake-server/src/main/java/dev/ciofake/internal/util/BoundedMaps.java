package dev.ciofake.internal.util;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

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

  /**
   * Get-or-create on a concurrent map that stays under {@code capacity} without a lock: a new key that finds the
   * map full empties it first (what was followed is learnt again). For detector state every request reads.
   */
  public static <K, V> V getOrCreate(ConcurrentMap<K, V> map, int capacity, K key,
      Function<? super K, ? extends V> create) {
    V v = map.get(key);
    if (v != null) {
      return v;
    }
    if (map.size() >= capacity) {
      map.clear();
    }
    return map.computeIfAbsent(key, create);
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
