package dev.ciofake.scenarios.internal.check;

import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code no_data_lost}: every distinct write the SUT attempted on the chosen APIs was accepted at least once by the
 * end. Attempts are grouped by {@link Attempt#key()}: an event's {@code id} (a Pipelines call's {@code messageId}),
 * else method, path and body; each call of a Pipelines batch is a write of its own, and one the Pipelines API answered
 * 200 but dropped is not accepted. Injected failures count as attempts, so data the SUT gave up on after an outage
 * shows as lost. With {@code pipelines_calls}, fewer distinct Pipelines calls reaching the fake than the workload
 * queued is data lost too: calls a batching client never sent (no flush before it stopped), which no journal shows.
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
    java.util.Set<String> pipelinesCalls = new java.util.HashSet<>();
    for (Attempt request : run.attempts()) {
      if (!request.isWrite() || request.api() == null || !spec.apis().contains(request.api())) {
        continue;
      }
      for (Attempt a : request.writes()) {
        attempts++;
        groups.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a);
        if ("pipelines".equals(a.api())) {
          pipelinesCalls.add(a.key());
        }
      }
    }
    String scope = String.join(" and ", spec.apis());
    Long queued = spec.pipelinesCalls();
    String neverSent = queued == null || pipelinesCalls.size() >= queued ? null : (queued - pipelinesCalls.size())
        + " of " + queued + " Pipelines calls the workload queued never reached the fake (" + pipelinesCalls.size()
        + " did): the client still held them when it stopped; flush it (closeAndFlush) before exit";
    if (groups.isEmpty() && neverSent != null) {
      return Results.fail(name(), neverSent, List.of("the SUT sent no Pipelines request at all"));
    }
    if (groups.isEmpty()) {
      return Results.fail(name(), "the SUT sent no write to the " + scope + " API, so nothing could be checked; "
          + "does the workload reach it, and does it use CIO_TRACK_URL / CIO_APP_URL / CIO_PIPELINES_HOST?"
          + (queued == null ? "" : " (" + queued + " Pipelines calls were queued)"), List.of());
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
    String counts = groups.size() + " distinct write" + (groups.size() == 1 ? "" : "s") + " to " + scope + " ("
        + attempts + " attempt" + (attempts == 1 ? "" : "s") + ", " + retried + " needed more than one)";
    if (lost.isEmpty() && neverSent == null) {
      return Results.pass(name(), (groups.size() == 1 ? "the " + counts + " was accepted"
          : "all " + counts + " were accepted")
          + (queued == null ? "" : queued == 1 ? ", and the 1 queued Pipelines call arrived"
              : ", and all " + queued + " queued Pipelines calls arrived"));
    }
    if (lost.isEmpty()) {
      return Results.fail(name(), neverSent, List.of("unflushed-events in the fake's report says the same"));
    }
    List<String> details = new ArrayList<>();
    Map<String, Integer> why = new LinkedHashMap<>();
    for (List<Attempt> g : lost) {
      Attempt last = g.get(g.size() - 1);
      why.merge(last.injectedFault() != null ? "injected " + last.status()
          : last.status() / 100 == 2 ? last.status() + " but dropped" : String.valueOf(last.status()), 1, Integer::sum);
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
        + String.join(", ", reasons) + ")" + (neverSent == null ? "" : "; " + neverSent), details);
  }
}
