package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.util.BoundedMaps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code duplicate-event-without-id}: the same event (person, name, data, timestamp) arrived twice within
 * {@value #WINDOW_SECONDS} s with no {@code id}, so Customer.io cannot drop the second copy: a retry that double
 * counts. Memory: the last 10 000 event fingerprints per workspace.
 */
public final class DuplicateEventWithoutIdDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.DUPLICATE_EVENT_WITHOUT_ID,
      Severity.WARNING, "A repeated event had no id to deduplicate it",
      "Give every event an id (a ULID generated once, before the first attempt) so that a retried request is "
          + "dropped as a duplicate instead of counted twice.");
  static final long WINDOW_SECONDS = 10;

  static final class State {
    final Map<String, Long> lastSeenNanos = BoundedMaps.insertionOrdered(10_000);
  }

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    if (ex.workspace() == null) {
      return;
    }
    long now = ex.request().receivedAtNanos();
    for (Effect e : ex.effects()) {
      if (!(e instanceof Effect.EventTracked t) || t.eventId() != null || t.duplicate()) {
        continue;
      }
      String who = t.identifier() != null ? t.addressedAs() + ":" + t.identifier() : "anon:" + t.anonymousId();
      String fingerprint = who + "|" + t.type() + "|" + t.name() + "|" + t.timestamp() + "|"
          + (t.data() == null ? "" : t.data().toString());
      State st = ex.workspace().detectorState(DEFINITION.id(), State::new);
      Long previous;
      synchronized (st) {
        previous = st.lastSeenNanos.put(fingerprint, now);
      }
      if (previous != null && now - previous <= WINDOW_SECONDS * 1_000_000_000L) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("event", t.name());
        ev.put("person", t.identifier() != null ? t.identifier() : t.anonymousId());
        ev.put("timestamp", t.timestamp());
        ev.put("seconds_apart", (now - previous) / 1_000_000_000.0);
        ev.put("x_retry_count", ex.request().header("X-Retry-Count"));
        recorder.record(DEFINITION, ex, "event '" + t.name() + "' for " + ev.get("person")
            + " arrived again with the same data and no id", ev);
      }
    }
  }
}
