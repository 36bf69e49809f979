package dev.ciofake.internal.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The email service provider's suppression lists of one workspace ({@code bounces}, {@code blocks},
 * {@code spam_reports}, {@code invalid_emails}; docs/app-api-facts.md section 4): addresses the ESP will not deliver
 * to. They are not Customer.io's own {@code suppress} of a person: an address here can still belong to a person in the
 * workspace. The fake's own hard bounces fill {@code bounces} and its spam complaints fill {@code spam_reports}; the
 * App API and a workspace file add and remove entries of any type.
 *
 * <p>Guarded by the workspace's lock. At most {@link #MAX_ENTRIES} addresses in all lists together: past it the
 * oldest entry of the list being added to is dropped and counted.
 */
public final class EspSuppressions {
  /** The suppression types, as the App API's paths name them. */
  public static final List<String> TYPES = List.of("bounces", "blocks", "spam_reports", "invalid_emails");
  /** The most entries kept, all lists together. */
  public static final int MAX_ENTRIES = 100_000;

  /**
   * One suppressed address.
   *
   * @param created when the ESP suppressed it, Unix seconds of the fake's clock
   * @param reason why, as the ESP recorded it
   * @param status the ESP's status code, normally {@code 550}
   */
  public record Entry(String type, String email, long created, String reason, String status) {}

  private final Object lock;
  private final Map<String, LinkedHashMap<String, Entry>> lists = new LinkedHashMap<>();
  private int size;
  private long dropped;

  EspSuppressions(Object lock) {
    this.lock = lock;
    TYPES.forEach(t -> lists.put(t, new LinkedHashMap<>()));
  }

  /** Whether {@code type} is one of {@link #TYPES}. */
  public static boolean isType(String type) {
    return type != null && TYPES.contains(type);
  }

  /** Adds an address to a list (an address already there keeps its first entry); returns whether it was added. */
  public boolean add(String type, String email, long created, String reason, String status) {
    synchronized (lock) {
      LinkedHashMap<String, Entry> list = list(type);
      String key = key(email);
      if (list.containsKey(key)) {
        return false;
      }
      if (size >= MAX_ENTRIES) {
        LinkedHashMap<String, Entry> from = list.isEmpty() ? largest() : list;
        Iterator<String> oldest = from.keySet().iterator();
        oldest.next();
        oldest.remove();
        size--;
        dropped++;
      }
      list.put(key, new Entry(type, email.trim(), created, reason, status));
      size++;
      return true;
    }
  }

  /** Removes an address from a list; returns whether it was there. */
  public boolean remove(String type, String email) {
    synchronized (lock) {
      boolean removed = list(type).remove(key(email)) != null;
      if (removed) {
        size--;
      }
      return removed;
    }
  }

  /** The entries of one list, oldest first. */
  public List<Entry> list(String type, String domain) {
    synchronized (lock) {
      List<Entry> out = new ArrayList<>();
      for (Entry e : list(type).values()) {
        if (domain == null || e.email().toLowerCase(Locale.ROOT).endsWith("@" + domain.toLowerCase(Locale.ROOT))) {
          out.add(e);
        }
      }
      return out;
    }
  }

  /** Every entry of an address, in the order of {@link #TYPES}. */
  public List<Entry> find(String email) {
    synchronized (lock) {
      List<Entry> out = new ArrayList<>();
      String key = key(email);
      for (LinkedHashMap<String, Entry> list : lists.values()) {
        Entry e = list.get(key);
        if (e != null) {
          out.add(e);
        }
      }
      return out;
    }
  }

  /** The first list an address is on, or {@code null}: what makes the ESP drop a message to it. */
  public Entry suppression(String email) {
    if (email == null || email.isBlank()) {
      return null;
    }
    List<Entry> found = find(email);
    return found.isEmpty() ? null : found.get(0);
  }

  /** Every entry of every list. */
  public List<Entry> all() {
    synchronized (lock) {
      List<Entry> out = new ArrayList<>(size);
      lists.values().forEach(l -> out.addAll(l.values()));
      return out;
    }
  }

  /** How many entries are kept. */
  public int size() {
    synchronized (lock) {
      return size;
    }
  }

  /** Entries dropped past {@link #MAX_ENTRIES}. */
  public long dropped() {
    synchronized (lock) {
      return dropped;
    }
  }

  void reset() {
    lists.values().forEach(Map::clear);
    size = 0;
    dropped = 0;
  }

  private LinkedHashMap<String, Entry> list(String type) {
    LinkedHashMap<String, Entry> l = lists.get(type);
    if (l == null) {
      throw new IllegalArgumentException("no ESP suppression type " + type + "; use one of " + TYPES);
    }
    return l;
  }

  private LinkedHashMap<String, Entry> largest() {
    LinkedHashMap<String, Entry> best = null;
    for (LinkedHashMap<String, Entry> l : lists.values()) {
      if (best == null || l.size() > best.size()) {
        best = l;
      }
    }
    return best;
  }

  /** Addresses compare case-insensitively, as mailbox providers treat them. */
  static String key(String email) {
    return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
  }
}
