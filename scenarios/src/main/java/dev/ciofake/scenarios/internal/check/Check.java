package dev.ciofake.scenarios.internal.check;

import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.Scenario;
import java.util.ArrayList;
import java.util.List;

/** One expectation of a scenario, judged on what the runner observed. */
public interface Check {
  /** Its key in the scenario file. */
  String name();

  /**
   * Whether it can still turn true after the timeline (retries, queues and webhook reactions finishing), so the
   * runner waits for it during the settle time.
   */
  boolean eventual();

  /** Judges the run. */
  CheckResult evaluate(RunData run);

  /** The checks of a scenario's expectations, in a fixed order. */
  static List<Check> of(Scenario.Expectations e) {
    List<Check> out = new ArrayList<>();
    if (e.pitfalls() != null) {
      out.add(new PitfallsCheck(e.pitfalls()));
    }
    if (e.noDataLost() != null) {
      out.add(new NoDataLostCheck(e.noDataLost()));
    }
    if (e.failuresRetried() != null) {
      out.add(new FailuresRetriedCheck(e.failuresRetried()));
    }
    if (e.suppressed() != null) {
      out.add(new SuppressedCheck(e.suppressed()));
    }
    if (e.latency() != null) {
      out.add(new LatencyCheck(e.latency()));
    }
    return out;
  }
}
