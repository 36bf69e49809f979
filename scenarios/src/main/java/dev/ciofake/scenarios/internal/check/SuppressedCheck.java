package dev.ciofake.scenarios.internal.check;

import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code suppressed}: every person the fake reported {@code bounced} or {@code spammed} was suppressed (or deleted)
 * through the Track API, v1 or v2, within N seconds of the report (its first webhook post).
 */
public final class SuppressedCheck implements Check {
  private final Scenario.Suppressed spec;

  public SuppressedCheck(Scenario.Suppressed spec) {
    this.spec = spec;
  }

  @Override
  public String name() {
    return "suppressed";
  }

  @Override
  public boolean eventual() {
    return true;
  }

  @Override
  public CheckResult evaluate(RunData run) {
    List<RunData.Report> reports = new ArrayList<>();
    for (RunData.Report r : run.reports()) {
      if (spec.metrics().contains(r.metric())) {
        reports.add(r);
      }
    }
    String kinds = String.join("/", spec.metrics());
    if (reports.size() < spec.minReports()) {
      return Results.fail(name(), "the fake reported " + reports.size() + " " + kinds + " event(s), fewer than "
          + "min_reports " + spec.minReports() + ": the scenario did not exercise suppression (does the SUT email a "
          + "magic address such as bounce@cio-fake.test, or does the timeline deliver one?)", List.of());
    }
    long bound = Math.round(spec.withinSeconds() * 1000);
    List<String> details = new ArrayList<>();
    int late = 0;
    for (RunData.Report r : reports) {
      Attempt first = null;
      for (Attempt a : run.attempts()) {
        if (a.suppresses(r.personId(), r.email(), r.cioId())) {
          first = a;
          break;
        }
      }
      if (first == null) {
        late++;
        details.add(r.metric() + " " + r.who() + " (reported " + run.offset(r.atMillis()) + "): never suppressed");
        continue;
      }
      long delay = Math.max(0, first.atMillis() - r.atMillis());
      String line = r.metric() + " " + r.who() + " (reported " + run.offset(r.atMillis()) + "): suppressed "
          + seconds(delay) + " later by " + first.method() + " " + first.path();
      if (delay > bound) {
        late++;
        details.add(line + ", over the " + seconds(bound) + " bound");
      } else {
        details.add(line);
      }
    }
    if (late == 0) {
      return Results.pass(name(), (reports.size() == 1 ? "the 1 " + kinds + " person was"
          : "all " + reports.size() + " " + kinds + " people were") + " suppressed within " + seconds(bound), details);
    }
    return Results.fail(name(), late + " of " + reports.size() + " " + kinds + " people were not suppressed "
        + "within " + seconds(bound), details);
  }

  private static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
