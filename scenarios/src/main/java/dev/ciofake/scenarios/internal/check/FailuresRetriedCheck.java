package dev.ciofake.scenarios.internal.check;

import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code failures_retried}: every request that got an injected failure (an error status, a 429 storm, an outage, a
 * broken connection; and, unless switched off, a 429 of the fake's own rate limiter) was sent again later, as the same
 * data ({@link Attempt#key()}), and accepted.
 */
public final class FailuresRetriedCheck implements Check {
  private static final int MAX_DETAILS = 15;
  private final Scenario.FailuresRetried spec;

  public FailuresRetriedCheck(Scenario.FailuresRetried spec) {
    this.spec = spec;
  }

  @Override
  public String name() {
    return "failures_retried";
  }

  @Override
  public boolean eventual() {
    return true;
  }

  private boolean failure(Attempt a) {
    return a.injectedFailure() || (spec.includeRateLimited() && a.status() == 429);
  }

  @Override
  public CheckResult evaluate(RunData run) {
    List<Attempt> all = run.attempts();
    List<Attempt> failures = new ArrayList<>();
    List<Attempt> unretried = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Attempt f = all.get(i);
      if (!failure(f)) {
        continue;
      }
      failures.add(f);
      String key = f.key();
      boolean ok = false;
      for (int j = i + 1; j < all.size() && !ok; j++) {
        Attempt later = all.get(j);
        ok = later.accepted() && later.key().equals(key);
      }
      if (!ok) {
        unretried.add(f);
      }
    }
    if (failures.size() < spec.minFailures()) {
      return Results.fail(name(), "only " + failures.size() + " request(s) failed, fewer than min_failures "
          + spec.minFailures() + ": the timeline's chaos did not hit the SUT's traffic, so retries could not be "
          + "checked (check its match and window against the workload)", List.of());
    }
    if (unretried.isEmpty()) {
      return Results.pass(name(), failures.isEmpty() ? "no request failed, so none needed a retry"
          : failures.size() == 1 ? "the 1 failed request was retried and accepted"
          : "all " + failures.size() + " failed requests were retried and accepted");
    }
    List<String> details = new ArrayList<>();
    for (Attempt a : unretried.subList(0, Math.min(MAX_DETAILS, unretried.size()))) {
      details.add(a.describe() + " at " + run.offset(a.atMillis()) + " got " + a.outcome()
          + ", and was never sent again successfully");
    }
    if (unretried.size() > MAX_DETAILS) {
      details.add("... and " + (unretried.size() - MAX_DETAILS) + " more");
    }
    return Results.fail(name(), unretried.size() + " of " + failures.size() + " failed requests were not retried "
        + "successfully (first: " + unretried.get(0).outcome() + ")", details);
  }
}
