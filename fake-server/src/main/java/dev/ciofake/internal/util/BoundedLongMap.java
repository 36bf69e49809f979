package dev.ciofake.internal.util;

import java.util.Arrays;

/**
 * A map of {@code long} keys to {@code long} values that forgets its eldest entry past a capacity, in a few flat
 * arrays allocated once: no object per entry. For state that every request may add to and that lives for many
 * young collections (each entry would otherwise be copied between survivor spaces until it is promoted, then die in
 * the old generation). Not thread-safe: guard it.
 *
 * <p>The entries, in insertion order, are a ring; the index is an open-addressing table (linear probing, deletion by
 * backward shift) of ring positions, at most half full.
 */
public final class BoundedLongMap {
  private final int capacity;
  private final long[] ringKeys;
  private final long[] ringValues;
  /** Index into the ring plus one; 0 is an empty slot. */
  private final int[] table;
  private final int mask;
  private int oldest;
  private int size;

  public BoundedLongMap(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.ringKeys = new long[capacity];
    this.ringValues = new long[capacity];
    int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
    this.table = new int[slots];
    this.mask = slots - 1;
  }

  /** The value of {@code key}, or {@code missing} when it is not (or no longer) in the map. */
  public long get(long key, long missing) {
    for (int s = slot(key); table[s] != 0; s = (s + 1) & mask) {
      if (ringKeys[table[s] - 1] == key) {
        return ringValues[table[s] - 1];
      }
    }
    return missing;
  }

  /** Adds a key that is not in the map, forgetting the eldest entry when the map is full. */
  public void putNew(long key, long value) {
    if (size == capacity) {
      remove(oldest);
      oldest = (oldest + 1) % capacity;
      size--;
    }
    int at = (oldest + size) % capacity;
    ringKeys[at] = key;
    ringValues[at] = value;
    int s = slot(key);
    while (table[s] != 0) {
      s = (s + 1) & mask;
    }
    table[s] = at + 1;
    size++;
  }

  public int size() {
    return size;
  }

  public void clear() {
    Arrays.fill(table, 0);
    oldest = 0;
    size = 0;
  }

  /** Takes ring position {@code at} out of the index (backward-shift deletion keeps every probe chain whole). */
  private void remove(int at) {
    int s = slot(ringKeys[at]);
    while (table[s] != at + 1) {
      s = (s + 1) & mask;
    }
    int hole = s;
    for (int next = (hole + 1) & mask; table[next] != 0; next = (next + 1) & mask) {
      int home = slot(ringKeys[table[next] - 1]);
      // move the entry at next into the hole unless its home lies cyclically in (hole, next]
      boolean stays = hole <= next ? home > hole && home <= next : home > hole || home <= next;
      if (!stays) {
        table[hole] = table[next];
        hole = next;
      }
    }
    table[hole] = 0;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  /** A 64-bit FNV-1a hash of two strings and the separator between them: a key for text identifiers. */
  public static long hash(String a, String b) {
    long h = 0xcbf29ce484222325L;
    h = mix(h, a);
    h = (h ^ 0x1f) * 0x100000001b3L;
    return mix(h, b);
  }

  private static long mix(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }
}
