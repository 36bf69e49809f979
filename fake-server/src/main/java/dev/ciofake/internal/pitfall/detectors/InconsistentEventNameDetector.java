package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.util.BoundedSet;
import dev.ciofake.internal.pitfall.Names;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.util.BoundedMaps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code inconsistent-event-name}: an event name that is not snake_case, or two names that are equal once case and
 * separators are dropped ({@code UserSignedUp}, {@code user-signed-up}, {@code user_signedup}). Each distinct name
 * is reported once; memory is bounded to 10 000 names per workspace.
 */
public final class InconsistentEventNameDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.INCONSISTENT_EVENT_NAME,
      Severity.WARNING, "Event names are not consistently snake_case",
      "Name events in snake_case, object then past-tense verb (order_completed, user_signed_up), from constants in "
          + "one place; campaigns and segments match names exactly, so UserSignedUp and user_signed_up are two "
          + "different events.");

  /** Per-workspace memory: normalized name to first raw spelling, and names already reported. */
  static final class State {
    final Map<String, String> firstSpelling = BoundedMaps.insertionOrdered(10_000);
    final BoundedSet<String> reported = new BoundedSet<>(10_000);
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
    for (String name : EventNameDetectors.eventNames(ex)) {
      State st = ex.workspace().detectorState(DEFINITION.id(), State::new);
      String norm = Names.normalized(name);
      String first;
      synchronized (st) {
        first = st.firstSpelling.putIfAbsent(norm, name);
      }
      if (first != null && !first.equals(name) && st.reported.add("pair:" + first + "|" + name)) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("event", name);
        ev.put("first_seen_as", first);
        recorder.record(DEFINITION, ex, "event '" + name + "' is the same name as '" + first
            + "' spelled differently; they count as two events", ev);
      } else if (ex.api() != Api.PIPELINES && !Names.isSnakeCase(name) && st.reported.add("case:" + name)) {
        // Pipelines names are Segment-style Title Case by convention ("Order Completed", and Customer.io's own
        // semantic events): only spelling one name two ways is a mistake there
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("event", name);
        ev.put("suggested", String.join("_", Names.tokens(name)).toLowerCase(java.util.Locale.ROOT));
        recorder.record(DEFINITION, ex, "event name '" + name + "' is not snake_case", ev);
      }
    }
  }
}
