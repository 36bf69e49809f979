package dev.ciofake.audit;

import java.util.List;
import java.util.Map;

/**
 * What an audit found: the findings to report (suppressed and baselined ones removed), how many were suppressed or in
 * the baseline, what was not checked and why, and counts.
 *
 * @param findings reported findings, sorted by file, line, column and id
 * @param fingerprints each finding's baseline fingerprint
 * @param suppressed findings silenced by a suppression comment with a reason
 * @param baselined findings absorbed by the baseline
 * @param notes what was skipped and why, one sentence each
 * @param files files read
 * @param millis how long it took
 * @param eslint the ESLint and Node versions used, or null when the ESLint half did not run
 */
public record AuditResult(List<Finding> findings, Map<Finding, String> fingerprints, int suppressed, int baselined,
    List<String> notes, int files, long millis, String eslint) {
  /** The score by the run-time report's rule. */
  public int score() {
    return AuditScore.of(findings);
  }
}
