package dev.ciofake.internal.state;

import dev.ciofake.Pitfall;
import dev.ciofake.internal.util.BoundedLog;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The pitfalls of one workspace: the newest occurrences (capped) and an exact count per pitfall id. */
public final class PitfallLog {
  private final BoundedLog<Pitfall> occurrences;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  public PitfallLog(int capacity) {
    this.occurrences = new BoundedLog<>(capacity);
  }

  public void add(Pitfall p) {
    occurrences.add(p);
    counts.computeIfAbsent(p.id(), k -> new LongAdder()).increment();
  }

  /** The kept occurrences, oldest first. */
  public List<Pitfall> all() {
    return occurrences.snapshot();
  }

  /** Exact number of occurrences per pitfall id, including those the cap dropped. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long total() {
    return occurrences.added();
  }

  public long dropped() {
    return occurrences.dropped();
  }

  public void clear() {
    occurrences.clear();
    counts.clear();
  }
}
