package dev.ciofake.internal;

import dev.ciofake.CioFake;
import dev.ciofake.Pitfall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Text for failure messages: what the fake received instead of what a test expected, nearest first. Shared by the
 * waits, the assertions and the JUnit extension.
 */
public final class Describe {
  private static final int MAX = 10;

  private Describe() {}

  /** The events received, grouped by name and person, nearest names to {@code wanted} first. */
  public static String events(List<CioFake.Event> events, String wanted) {
    if (events.isEmpty()) {
      return "no events at all";
    }
    Map<String, Integer> byName = new LinkedHashMap<>();
    for (CioFake.Event e : events) {
      byName.merge("'" + e.name() + "' for " + who(e), 1, Integer::sum);
    }
    List<String> lines = new ArrayList<>(byName.keySet());
    lines.sort(Comparator.comparingInt(l -> distance(l.substring(1, l.indexOf('\'', 1)), wanted)));
    return lines.stream().limit(MAX).map(l -> l + " (" + byName.get(l) + "x)")
        .collect(Collectors.joining(", ", events.size() + " event(s): ", lines.size() > MAX ? ", ..." : ""));
  }

  /** A one-line description of an event's person. */
  public static String who(CioFake.Event e) {
    return e.personId() != null ? "\"" + e.personId() + "\"" : e.anonymousId() != null
        ? "anonymous \"" + e.anonymousId() + "\"" : "nobody";
  }

  /** The people, nearest ids to {@code wanted} first. */
  public static String people(List<CioFake.Person> people, String wanted) {
    if (people.isEmpty()) {
      return "no people at all";
    }
    // nearest by id or email, whichever is closer (not by the rendered text, whose length would decide)
    List<CioFake.Person> sorted = new ArrayList<>(people);
    sorted.sort(Comparator.comparingInt(p -> Math.min(p.id() == null ? Integer.MAX_VALUE : distance(p.id(), wanted),
        p.email() == null ? Integer.MAX_VALUE : distance(p.email(), wanted))));
    List<String> ids = new ArrayList<>();
    for (CioFake.Person p : sorted) {
      ids.add(p.id() != null ? "\"" + p.id() + "\"" + (p.email() == null ? "" : " <" + p.email() + ">")
          : "<" + p.email() + ">");
    }
    return ids.stream().limit(MAX).collect(Collectors.joining(", ", people.size() + " person(s): ",
        ids.size() > MAX ? ", ..." : ""));
  }

  /** The pitfall ids, with counts. */
  public static String pitfallIds(List<Pitfall> pitfalls) {
    if (pitfalls.isEmpty()) {
      return "none";
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    pitfalls.forEach(p -> counts.merge(p.id(), 1, Integer::sum));
    return counts.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + "x)")
        .collect(Collectors.joining(", "));
  }

  /**
   * Every pitfall as a block a developer can act on: id, severity, message, fix, request and evidence. Evidence
   * never contains keys.
   */
  public static String pitfalls(List<Pitfall> pitfalls) {
    StringBuilder sb = new StringBuilder();
    int i = 1;
    for (Pitfall p : pitfalls) {
      Map<String, Object> ev = new LinkedHashMap<>(p.evidence());
      Object method = ev.remove("method");
      Object path = ev.remove("path");
      sb.append(i++).append(". [").append(p.severity().jsonName()).append("] ").append(p.id()).append(": ")
          .append(p.message()).append('\n');
      sb.append("   fix: ").append(p.fix()).append('\n');
      if (p.requestId() != null || method != null) {
        sb.append("   request: ").append(p.requestId() == null ? "-" : p.requestId());
        if (method != null) {
          sb.append(' ').append(method).append(' ').append(path);
        }
        sb.append('\n');
      }
      if (!ev.isEmpty()) {
        sb.append("   evidence: ").append(ev.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "))).append('\n');
      }
    }
    return sb.toString();
  }

  /** Levenshtein distance, case-insensitive, for "nearest first" ordering. */
  static int distance(String a, String b) {
    if (b == null) {
      return 0;
    }
    String x = a.toLowerCase(java.util.Locale.ROOT);
    String y = b.toLowerCase(java.util.Locale.ROOT);
    int[] prev = new int[y.length() + 1];
    int[] cur = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[y.length()];
  }
}
