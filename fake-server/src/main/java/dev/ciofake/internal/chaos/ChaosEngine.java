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
  private final List<ChaosRule> rules = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final long baseSeed;

  public ChaosEngine(long baseSeed) {
    this.baseSeed = baseSeed;
  }

  /**
   * Adds rules from JSON: one rule object, an array of them, or {@code {"seed": n, "rules": [...]}}.
   *
   * @return the rules added
   * @throws IllegalArgumentException for a bad rule (nothing is added then)
   */
  public List<ChaosRule> add(JsonNode spec, long nowNanos) {
    long seed = baseSeed;
    JsonNode list = spec;
    if (spec.isObject() && spec.has("rules")) {
      if (spec.hasNonNull("seed")) {
        seed = spec.get("seed").asLong();
      }
      list = spec.get("rules");
    }
    List<ChaosRule> parsed = new ArrayList<>();
    if (list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        try {
          parsed.add(ChaosRule.parse("r" + (ids.get() + parsed.size() + 1), list.get(i), seed + i, nowNanos));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("rule " + i + ": " + e.getMessage(), e);
        }
      }
    } else {
      parsed.add(ChaosRule.parse("r" + (ids.get() + 1), list, seed, nowNanos));
    }
    ids.addAndGet(parsed.size());
    rules.addAll(parsed);
    return parsed;
  }

  /** The first rule that fires for this request, or {@code null}. */
  public ChaosRule firing(String api, String method, String rawPath, String siteId, long nowNanos) {
    for (ChaosRule r : rules) {
      if (r.fires(api, method, rawPath, siteId, nowNanos)) {
        return r;
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

  public ArrayNode toJson() {
    ArrayNode a = Json.array();
    rules.forEach(r -> a.add(r.toJson()));
    return a;
  }
}
