package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.Pitfall;
import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.PipelinesCounts;
import dev.ciofake.internal.state.Workspace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code unflushed-events}: fewer Pipelines calls reached the fake than the integration queued, so the rest never left
 * the client: the official Node client batches calls (15 per batch, or every 10 s) and loses whatever is queued when
 * the process exits without {@code closeAndFlush()}. The fake cannot see calls that were never sent; it knows how many
 * to expect when a test ({@code CioFake.expectPipelinesCalls(n)}) or a scenario ({@code no_data_lost.pipelines_calls})
 * says so, and judges over the run, each time pitfalls are read: received (applied plus dropped) below expected.
 * What it cannot tell: which calls are missing, or whether a test that reads pitfalls before the client's last flush
 * has lost them yet (read them after {@code closeAndFlush()}).
 */
public final class UnflushedEventsDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.UNFLUSHED_EVENTS, Severity.ERROR,
      "Pipelines calls were queued and never sent",
      "Flush the Pipelines client before the process (or the serverless invocation, or the test) ends: "
          + "await analytics.closeAndFlush() in a SIGTERM/SIGINT handler and at the end of scripts and jobs "
          + "(@customerio/cdp-analytics-node keeps up to maxEventsInBatch calls, or flushInterval of them, in memory); "
          + "in a serverless function, flush before returning, or set maxEventsInBatch: 1.");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange exchange, PitfallRecorder recorder) {
    // judged over the run, see judge()
  }

  @Override
  public List<Pitfall> judge(Workspace w, Instant now) {
    PipelinesCounts c = w.pipelinesCalls();
    long expected = c.expected();
    long received = c.received();
    if (expected <= 0 || received >= expected) {
      return List.of();
    }
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("expected_calls", expected);
    ev.put("received_calls", received);
    ev.put("missing_calls", expected - received);
    ev.put("last_call_at", c.lastCallAtMillis() == 0 ? null : Instant.ofEpochMilli(c.lastCallAtMillis()).toString());
    return List.of(new Pitfall(DEFINITION.id(), DEFINITION.severity(), (expected - received) + " of " + expected
        + " expected Pipelines call(s) never reached the fake (" + received + " did): the client still held them "
        + "when it stopped; flush it (closeAndFlush) before exit", DEFINITION.fix(), w.siteId(), null, ev, now));
  }
}
