package dev.ciofake.scenarios.internal.check;

import dev.ciofake.scenarios.run.CheckResult;
import java.util.List;

/** The checks' shorthands for their verdicts. */
final class Results {
  private Results() {}

  static CheckResult pass(String expectation, String summary) {
    return new CheckResult(expectation, true, summary, List.of());
  }

  static CheckResult pass(String expectation, String summary, List<String> details) {
    return new CheckResult(expectation, true, summary, details);
  }

  static CheckResult fail(String expectation, String summary, List<String> details) {
    return new CheckResult(expectation, false, summary, details);
  }
}
