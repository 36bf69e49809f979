package dev.ciofake.internal.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos rules of a fake, in order. The first rule that fires for a request decides its fault; the admin API is
 * never disturbed. Rules are seeded from a base seed (the rule's own {@code seed} wins), so a run can be replayed.
 */
public final class ChaosEngine {
  /** The most rules a fake holds: every request is matched against each. */
  public static final int MAX_RULES = 1000;
  private final List<ChaosRule> rules = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final long baseSeed;

  public ChaosEngine(long baseSeed) {
    this.baseSeed = baseSeed;
  }

  /**
   * Adds rules from JSON: one rule object, an array, or {@code {"seed": n, "rules": [...]}}; an array may also hold
   * such documents (the form the options hand over several documents in).
   *
   * @return the rules added
   * @throws IllegalArgumentException for a bad rule (nothing is added then)
   */
  public synchronized List<ChaosRule> add(JsonNode spec, long nowNanos) {
    List<ChaosRule> parsed = new ArrayList<>();
    collect(spec, baseSeed, "", nowNanos, parsed);
    if (rules.size() + parsed.size() > MAX_RULES) {
      throw new IllegalArgumentException("a fake holds at most " + MAX_RULES + " chaos rules; remove some first");
    }
    ids.addAndGet(parsed.size());
    rules.addAll(parsed);
    return parsed;
  }

  private void collect(JsonNode spec, long seed, String where, long nowNanos, List<ChaosRule> out) {
    JsonNode list = spec;
    if (spec.isObject() && spec.has("rules")) {
      if (spec.hasNonNull("seed")) {
        seed = spec.get("seed").asLong();
      }
      list = spec.get("rules");
    }
    if (!list.isArray()) {
      out.add(ChaosRule.parse("r" + (ids.get() + out.size() + 1), list, seed, nowNanos));
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      if (item.isArray() || (item.isObject() && item.has("rules"))) {
        collect(item, seed + i, where + "document " + i + ": ", nowNanos, out);
        continue;
      }
      try {
        out.add(ChaosRule.parse("r" + (ids.get() + out.size() + 1), item, seed + i, nowNanos));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + "rule " + i + ": " + e.getMessage(), e);
      }
    }
  }

  /** A rule that fired for a request, and the seed of the request's further draws. */
  public record Firing(ChaosRule rule, long draws) {}

  /**
   * The first rule that fires for this request, or {@code null}.
   *
   * @param requestKey the request's stable key (method, path, query, body, workspace): its draws depend on it and on
   *     how often it came before, not on its place among concurrent requests
   */
  public Firing firing(String api, String method, String rawPath, String siteId, long nowNanos, long requestKey) {
    for (ChaosRule r : rules) {
      Long draws = r.fires(api, method, rawPath, siteId, nowNanos, requestKey);
      if (draws != null) {
        return new Firing(r, draws);
      }
    }
    return null;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  public boolean remove(String id) {
    return rules.removeIf(r -> r.id().equals(id));
  }

  public void clear() {
    rules.clear();
  }

  /** Removes the rules of one workspace (those that name its site id); server-wide rules stay. */
  public void clearWorkspace(String siteId) {
    rules.removeIf(r -> siteId.equals(r.siteId()));
  }

  public ArrayNode toJson() {
    return toJson(null);
  }

  /** The rules, or only those that apply to a workspace (its own and the server-wide ones) when {@code siteId} is set. */
  public ArrayNode toJson(String siteId) {
    ArrayNode a = Json.array();
    rules.stream().filter(r -> siteId == null || r.siteId() == null || siteId.equals(r.siteId()))
        .forEach(r -> a.add(r.toJson()));
    return a;
  }
}
