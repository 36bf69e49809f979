package dev.ciofake.audit;

import dev.ciofake.Severity;
import dev.ciofake.internal.report.Reports;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit's score, by the rule of the run-time report ({@code GET /__cio/report}): 100, less
 * {@value Reports#ERROR_COST} for each distinct error id and {@value Reports#WARNING_COST} for each distinct warning id
 * among the findings, floored at 0. An id counts once however often it occurs, and at its worst severity.
 * This class is the audit's one reader of {@link Reports}, so the two scores cannot drift apart.
 */
public final class AuditScore {
  /** Points a distinct error id costs (the run-time report's). */
  public static final int ERROR_COST = Reports.ERROR_COST;
  /** Points a distinct warning id costs (the run-time report's). */
  public static final int WARNING_COST = Reports.WARNING_COST;
  /** The rule in one sentence, for reports. */
  public static final String RULE = "100 less " + ERROR_COST + " per distinct error id and " + WARNING_COST
      + " per distinct warning id, at least 0: the run-time report's rule";

  private AuditScore() {}

  /** The score of these findings. */
  public static int of(Collection<Finding> findings) {
    Map<String, Severity> fired = new LinkedHashMap<>();
    for (Finding f : findings) {
      fired.merge(f.id(), f.severity(), (a, b) -> a == Severity.ERROR || b == Severity.ERROR ? Severity.ERROR
          : Severity.WARNING);
    }
    int score = 100;
    for (Severity s : fired.values()) {
      score -= s == Severity.ERROR ? ERROR_COST : WARNING_COST;
    }
    return Math.max(0, score);
  }
}
