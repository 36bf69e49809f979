package dev.ciofake.scenarios.internal.check;

import dev.ciofake.Pitfall;
import java.util.List;
import java.util.Set;

/**
 * What the runner observed during one scenario, for the expectations to judge. Times are epoch milliseconds.
 *
 * @param startMillis when the timeline started
 * @param attempts the SUT's requests to the fake (the journal without the runner's own setup requests), oldest first
 * @param pitfalls every pitfall the fake recorded or judged
 * @param runnerRequestIds ids of the runner's own requests (their pitfalls are not the SUT's)
 * @param reports bounced, spammed and other reporting-webhook events the fake emitted
 * @param probes latency probes of the SUT
 */
public record RunData(long startMillis, List<Attempt> attempts, List<Pitfall> pitfalls, Set<String> runnerRequestIds,
    List<Report> reports, List<Sample> probes) {
  public RunData {
    attempts = List.copyOf(attempts);
    pitfalls = List.copyOf(pitfalls);
    runnerRequestIds = Set.copyOf(runnerRequestIds);
    reports = List.copyOf(reports);
    probes = List.copyOf(probes);
  }

  /** {@code +1.25 s}: a time relative to the start of the timeline. */
  public String offset(long atMillis) {
    return String.format(java.util.Locale.ROOT, "%+.2f s", (atMillis - startMillis) / 1000.0);
  }

  /**
   * A reporting-webhook event the fake emitted.
   *
   * @param atMillis when it was first posted (or emitted, without an endpoint)
   * @param personId {@code identifiers.id}, or null
   * @param email {@code identifiers.email}, or null
   * @param cioId {@code identifiers.cio_id}, or null
   */
  public record Report(String eventId, String metric, long atMillis, String personId, String email, String cioId) {
    /** The person as a reader knows them. */
    public String who() {
      return email != null ? email : personId != null ? personId : "cio_" + cioId;
    }
  }

  /**
   * One timed probe call to the SUT.
   *
   * @param status the HTTP status, or 0 when it failed
   * @param error why it failed, or null
   */
  public record Sample(long atMillis, long latencyMillis, int status, String error) {}
}
