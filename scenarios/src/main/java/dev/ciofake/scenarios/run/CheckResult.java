package dev.ciofake.scenarios.run;

import java.util.List;

/**
 * The verdict on one expectation.
 *
 * @param expectation its key in the file ({@code no_data_lost}, {@code latency}, ...)
 * @param passed whether it held
 * @param summary one line: what was measured, and why it failed when it did
 * @param details the evidence, one item per line (the requests never retried, the slowest probes, ...)
 */
public record CheckResult(String expectation, boolean passed, String summary, List<String> details) {
  public CheckResult {
    details = List.copyOf(details);
  }
}
