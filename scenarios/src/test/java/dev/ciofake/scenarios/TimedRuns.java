package dev.ciofake.scenarios;

/**
 * The shared resource of test classes that play real-time scenario timelines against SUT processes, with timing checks
 * (latency bounds, suppression within seconds): {@code @ResourceLock(TimedRuns.LOCK)} keeps two such classes from
 * running at once, since the CPU each one's fakes and SUT processes take would show in the other's timings. Other
 * classes still run beside them.
 */
final class TimedRuns {
  static final String LOCK = "dev.ciofake.scenarios.timed-runs";

  private TimedRuns() {}
}
