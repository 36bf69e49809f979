package dev.ciofake.internal.util;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares equal strings that many requests repeat (header names and values such as {@code Host},
 * {@code Content-Type: application/json}, a client's {@code User-Agent}), so that a log that keeps thousands of
 * requests keeps one copy of each instead of one per request. Bounded: once {@code capacity} distinct strings are
 * held, further new ones are returned as they are (and counted), so a header whose value differs on every request
 * costs one lookup, never memory. Only strings up to {@code maxLength} characters are shared. Thread-safe.
 */
public final class Interner {
  private final ConcurrentHashMap<String, String> strings = new ConcurrentHashMap<>();
  private final int capacity;
  private final int maxLength;
  private final java.util.concurrent.atomic.AtomicLong notShared = new java.util.concurrent.atomic.AtomicLong();

  public Interner(int capacity, int maxLength) {
    this.capacity = capacity;
    this.maxLength = maxLength;
  }

  /** The held string equal to {@code s}, or {@code s} itself (held from now on while there is room). */
  public String share(String s) {
    if (s == null || s.length() > maxLength) {
      return s;
    }
    String held = strings.get(s);
    if (held != null) {
      return held;
    }
    if (strings.size() >= capacity) {
      notShared.incrementAndGet();
      return s;
    }
    held = strings.putIfAbsent(s, s);
    return held == null ? s : held;
  }

  /** How many distinct strings are held. */
  public int size() {
    return strings.size();
  }

  /** How many strings were not shared because the interner was full. */
  public long notShared() {
    return notShared.get();
  }
}
