package dev.ciofake.scenarios.internal.check;

import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code no_data_lost}: every distinct write the SUT attempted on the chosen APIs was accepted at least once by the
 * end. Attempts are grouped by {@link Attempt#key()}: an event's {@code id}, else method, path and body. Injected
 * failures count as attempts, so data the SUT gave up on after an outage shows as lost.
 */
public final class NoDataLostCheck implements Check {
  private static final int MAX_DETAILS = 15;
  private final Scenario.NoDataLost spec;

  public NoDataLostCheck(Scenario.NoDataLost spec) {
    this.spec = spec;
  }

  @Override
  public String name() {
    return "no_data_lost";
  }

  @Override
  public boolean eventual() {
    return true;
  }

  @Override
  public CheckResult evaluate(RunData run) {
    Map<String, List<Attempt>> groups = new LinkedHashMap<>();
    int attempts = 0;
    for (Attempt a : run.attempts()) {
      if (!a.isWrite() || a.api() == null || !spec.apis().contains(a.api())) {
        continue;
      }
      attempts++;
      groups.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a);
    }
    String scope = String.join(" and ", spec.apis());
    if (groups.isEmpty()) {
      return Results.fail(name(), "the SUT sent no write to the " + scope + " API, so nothing could be checked; "
          + "does the workload reach it, and does it use CIO_TRACK_URL / CIO_APP_URL?", List.of());
    }
    List<List<Attempt>> lost = new ArrayList<>();
    int retried = 0;
    for (List<Attempt> g : groups.values()) {
      if (g.stream().noneMatch(Attempt::accepted)) {
        lost.add(g);
      } else if (g.size() > 1) {
        retried++;
      }
    }
    String counts = groups.size() + " distinct writes to " + scope + " (" + attempts + " attempts, " + retried
        + " needed more than one)";
    if (lost.isEmpty()) {
      return Results.pass(name(), "all " + counts + " were accepted");
    }
    List<String> details = new ArrayList<>();
    Map<String, Integer> why = new LinkedHashMap<>();
    for (List<Attempt> g : lost) {
      Attempt last = g.get(g.size() - 1);
      why.merge(last.injectedFault() != null ? "injected " + last.status() : String.valueOf(last.status()), 1,
          Integer::sum);
      if (details.size() < MAX_DETAILS) {
        details.add(last.describe() + ": " + g.size() + " attempt(s), last at " + run.offset(last.atMillis()) + " got "
            + last.outcome());
      }
    }
    if (lost.size() > MAX_DETAILS) {
      details.add("... and " + (lost.size() - MAX_DETAILS) + " more");
    }
    List<String> reasons = new ArrayList<>();
    why.forEach((k, v) -> reasons.add(v + "x " + k));
    return Results.fail(name(), lost.size() + " of " + counts + " were never accepted (last answers: "
        + String.join(", ", reasons) + ")", details);
  }
}
