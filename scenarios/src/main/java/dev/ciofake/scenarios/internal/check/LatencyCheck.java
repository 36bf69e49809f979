package dev.ciofake.scenarios.internal.check;

import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code latency}: the SUT's own answer time stays under a bound while Customer.io is slow, the "blocking on
 * analytics" pitfall. The runner times a probe call every {@code every_ms}; the chosen percentile of the samples (100:
 * every one) must be at most {@code max_ms}. A probe that got no answer counts with the time it waited.
 */
public final class LatencyCheck implements Check {
  private final Scenario.Latency spec;

  public LatencyCheck(Scenario.Latency spec) {
    this.spec = spec;
  }

  @Override
  public String name() {
    return "latency";
  }

  @Override
  public boolean eventual() {
    return false;
  }

  /** The nearest-rank percentile of latencies (p in (0, 100]). */
  static long percentile(List<Long> sortedAscending, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sortedAscending.size());
    return sortedAscending.get(Math.max(0, Math.min(sortedAscending.size() - 1, rank - 1)));
  }

  @Override
  public CheckResult evaluate(RunData run) {
    String probe = spec.probe().method() + " " + spec.probe().path();
    List<RunData.Sample> samples = run.probes();
    if (samples.isEmpty()) {
      return Results.fail(name(), "no probe of " + probe + " was timed", List.of());
    }
    List<Long> ms = new ArrayList<>();
    samples.forEach(s -> ms.add(s.latencyMillis()));
    ms.sort(Long::compare);
    long value = percentile(ms, spec.percentile());
    long p50 = percentile(ms, 50);
    long max = ms.get(ms.size() - 1);
    long errors = samples.stream().filter(s -> s.error() != null || s.status() >= 500).count();
    String p = spec.percentile() >= 100 ? "max" : "p" + fmt(spec.percentile());
    String summary = String.format(Locale.ROOT, "%s %d ms %s %d ms bound over %d probes of %s (p50 %d ms, max %d ms%s)",
        p, value, value <= spec.maxMs() ? "<=" : ">", spec.maxMs(), samples.size(), probe, p50, max,
        errors == 0 ? "" : ", " + errors + " failed");
    List<String> details = new ArrayList<>();
    List<RunData.Sample> slowest = new ArrayList<>(samples);
    slowest.sort(Comparator.comparingLong(RunData.Sample::latencyMillis).reversed());
    for (RunData.Sample s : slowest.subList(0, Math.min(5, slowest.size()))) {
      details.add("probe at " + run.offset(s.atMillis()) + ": " + s.latencyMillis() + " ms, "
          + (s.error() != null ? s.error() : "status " + s.status()));
    }
    if (value <= spec.maxMs()) {
      return Results.pass(name(), summary, details);
    }
    return Results.fail(name(), summary + ": the SUT waits for Customer.io on its request path", details);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
