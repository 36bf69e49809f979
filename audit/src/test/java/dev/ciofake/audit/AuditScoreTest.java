package dev.ciofake.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.internal.report.Reports;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit's score is the run-time report's rule: distinct ids, 15 per error, 5 per warning, floored at 0. */
class AuditScoreTest {
  private static Finding f(FindingType t, int line) {
    return new Finding(t, "a.js", line, 1, "m", "test", null);
  }

  @Test
  void usesTheRuntimeReportsCosts() {
    assertThat(AuditScore.ERROR_COST).isEqualTo(Reports.ERROR_COST).isEqualTo(15);
    assertThat(AuditScore.WARNING_COST).isEqualTo(Reports.WARNING_COST).isEqualTo(5);
  }

  @Test
  void eachIdCountsOnce() {
    assertThat(AuditScore.of(List.of())).isEqualTo(100);
    assertThat(AuditScore.of(List.of(f(AuditCatalog.MILLISECOND_TIMESTAMP, 1), f(AuditCatalog.MILLISECOND_TIMESTAMP, 2),
        f(AuditCatalog.NO_CONNECTION_REUSE, 3)))).isEqualTo(100 - 15 - 5);
  }

  @Test
  void flooredAtZero() {
    List<Finding> many = new ArrayList<>();
    AuditCatalog.all().forEach(t -> many.add(f(t, 1)));
    assertThat(AuditScore.of(many)).isZero();
  }
}
