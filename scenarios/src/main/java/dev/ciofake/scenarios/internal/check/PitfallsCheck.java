package dev.ciofake.scenarios.internal.check;

import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.Pitfall;
import dev.ciofake.scenarios.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code pitfalls}: no pitfall beyond the allowed ids over the whole run (the runner's own requests excluded). */
public final class PitfallsCheck implements Check {
  private final Scenario.Pitfalls spec;

  public PitfallsCheck(Scenario.Pitfalls spec) {
    this.spec = spec;
  }

  @Override
  public String name() {
    return "pitfalls";
  }

  @Override
  public boolean eventual() {
    return false;
  }

  @Override
  public CheckResult evaluate(RunData run) {
    Map<String, List<Pitfall>> byId = new LinkedHashMap<>();
    int allowedSeen = 0;
    for (Pitfall p : run.pitfalls()) {
      if (p.requestId() != null && run.runnerRequestIds().contains(p.requestId())) {
        continue;
      }
      if (spec.allowed().contains(p.id())) {
        allowedSeen++;
        continue;
      }
      byId.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(p);
    }
    String allowed = spec.allowed().isEmpty() ? "" : " (allowed: " + String.join(", ", spec.allowed())
        + (allowedSeen > 0 ? ", seen " + allowedSeen + "x" : "") + ")";
    if (byId.isEmpty()) {
      return Results.pass(name(), "no pitfall" + allowed);
    }
    List<String> details = new ArrayList<>();
    byId.forEach((id, list) -> {
      Pitfall first = list.get(0);
      details.add(id + " (" + first.severity().name().toLowerCase(java.util.Locale.ROOT) + ") x" + list.size() + ": "
          + first.message() + (first.requestId() == null ? "" : " [request " + first.requestId() + "]"));
      details.add("  fix: " + first.fix());
    });
    return Results.fail(name(), "pitfalls fired: " + String.join(", ", byId.keySet()) + allowed, details);
  }
}
