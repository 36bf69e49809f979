package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Pitfall;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.StoredEvent;
import dev.ciofake.internal.state.Workspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code anonymous-not-merged}: anonymous events with an {@code anonymous_id} were tracked, and no identify ever
 * carried that {@code anonymous_id}, so the activity never joins a person. Judged over the run, each time pitfalls
 * are read: one occurrence per workspace, listing the anonymous ids.
 */
public final class AnonymousNotMergedDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.ANONYMOUS_NOT_MERGED, Severity.WARNING,
      "Anonymous activity was never merged into a person",
      "When a visitor signs up or logs in, send the anonymous_id you tracked them with in the identify call "
          + "(PUT /api/v1/customers/{id} with {\"anonymous_id\": ...}); Customer.io then attaches their anonymous "
          + "events (within 30 days).");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange exchange, PitfallRecorder recorder) {
    // judged over the run, see judge()
  }

  @Override
  public List<Pitfall> judge(Workspace w, Instant now) {
    Map<String, Integer> unmerged = new TreeMap<>();
    for (StoredEvent e : w.events().log().snapshot()) {
      if (e.anonymousId() != null && e.personCioId() == null) {
        unmerged.merge(e.anonymousId(), 1, Integer::sum);
      }
    }
    if (unmerged.isEmpty()) {
      return List.of();
    }
    List<String> sample = new ArrayList<>(unmerged.keySet()).subList(0, Math.min(10, unmerged.size()));
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("anonymous_ids", unmerged.size());
    ev.put("events", unmerged.values().stream().mapToInt(Integer::intValue).sum());
    ev.put("sample", sample);
    return List.of(new Pitfall(DEFINITION.id(), DEFINITION.severity(), unmerged.size()
        + " anonymous id(s) tracked events that no identify ever merged (" + String.join(", ", sample)
        + (unmerged.size() > sample.size() ? ", ..." : "") + ")", DEFINITION.fix(), w.siteId(), null, ev,
        now));
  }
}
