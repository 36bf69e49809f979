package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.BoundedMaps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tight-status-polling}: the integration asked for the status of one unfinished job (an export, a broadcast
 * trigger) {@value #POLLS} times in a row, each time less than {@value #INTERVAL_MILLIS} ms after the last. An export
 * takes seconds to minutes and every poll spends the App rate class (10 requests/s, shared by the workspace's whole
 * App traffic), so a loop without a pause starves the integration's other App calls and ends in 429s. Time is the
 * request's (the fake's clock), so advancing the clock between polls is a pause. Once per job.
 */
public final class TightStatusPollingDetector implements PitfallDetector {
  /** Consecutive fast polls of one unfinished job that make the pitfall. */
  static final int POLLS = 5;
  /** A poll sooner than this after the previous one is fast. */
  static final long INTERVAL_MILLIS = 1000;

  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.TIGHT_STATUS_POLLING,
      Severity.WARNING, "A job's status was polled in a tight loop",
      "Poll with a pause that grows (for example 2 s, then doubling up to 30 s) and a deadline, or subscribe to "
          + "what tells you it is done; an export is done when getExport says status done, a trigger when "
          + "processed_at is set. The App rate class is 10 requests/s for the whole workspace.");

  /** Per job: when it was last polled and how many fast polls in a row led there. */
  private static final class Streak {
    long lastMillis;
    int fast;
    boolean reported;
  }

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    Workspace w = ex.workspace();
    if (w == null) {
      return;
    }
    for (Effect e : ex.effects()) {
      if (e instanceof Effect.StatusPolled p && !p.finished()) {
        poll(ex, recorder, w, p.resource());
      }
    }
  }

  private static void poll(Exchange ex, PitfallRecorder recorder, Workspace w, String resource) {
    Map<String, Streak> jobs = w.detectorState(DEFINITION.id(), () -> BoundedMaps.<String, Streak>accessOrdered(1_000));
    long now = ex.request().receivedAtMillis();
    int fast;
    long gap;
    synchronized (jobs) {
      Streak s = jobs.computeIfAbsent(resource, r -> new Streak());
      gap = s.lastMillis == 0 ? Long.MAX_VALUE : now - s.lastMillis;
      s.fast = gap < INTERVAL_MILLIS ? s.fast + 1 : 0;
      s.lastMillis = now;
      if (s.reported || s.fast < POLLS - 1) {
        return;
      }
      s.reported = true;
      fast = s.fast;
    }
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("job", resource);
    ev.put("polls", fast + 1);
    ev.put("last_interval_ms", gap);
    recorder.record(DEFINITION, ex, "The status of " + resource + " was polled " + (fast + 1) + " times in a row, "
        + "each less than " + INTERVAL_MILLIS + " ms after the last, while it was not done", ev);
  }
}
