package dev.ciofake.scenarios.run;

import dev.ciofake.scenarios.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How one scenario went.
 *
 * @param scenario the scenario
 * @param id its name in the reports (its name, made unique within a run)
 * @param passed whether it ran and every expectation held
 * @param error why it could not run or finish (the SUT did not start, a timeline event failed), or null
 * @param checks the verdict on each expectation (empty when it could not run)
 * @param startedAtMillis when it started
 * @param durationMillis how long it took, fake start to stop
 * @param sut the SUT's command (empty for a URL) and URL
 * @param workload the calls sent to the SUT and what they got
 * @param timeline what the runner did and when: chaos installed, events delivered, settle time
 * @param files report files of this scenario (SUT log, the fake's own report, the journal), by kind
 */
public record ScenarioResult(Scenario scenario, String id, boolean passed, String error, List<CheckResult> checks,
    long startedAtMillis, long durationMillis, Sut sut, Workload workload, List<String> timeline,
    Map<String, Path> files) {

  /** The SUT as it ran. */
  public record Sut(List<String> command, String url) {}

  /**
   * The calls of the workload and their answers.
   *
   * @param outcomes answer kinds ({@code 200}, {@code 502}, {@code timeout}) and how many calls got each
   */
  public record Workload(int calls, int ok, Map<String, Integer> outcomes) {}

  /** The failed expectations. */
  public List<CheckResult> failures() {
    return checks.stream().filter(c -> !c.passed()).toList();
  }
}
