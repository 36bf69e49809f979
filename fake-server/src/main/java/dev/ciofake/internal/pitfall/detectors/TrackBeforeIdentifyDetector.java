package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.Effect;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code track-before-identify}: an event for a person the workspace had never identified. The real service
 * accepts it and creates a bare profile with no email or attributes, so campaigns triggered by the event
 * cannot reach or personalise for the person.
 */
public final class TrackBeforeIdentifyDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.TRACK_BEFORE_IDENTIFY,
      Severity.ERROR, "An event was tracked for a person who was never identified",
      "Identify the person (PUT /api/v1/customers/{id}, or a Pipelines identify, with at least their email) before, "
          + "or in the same flow as, the first event you track for them; for visitors who are not known yet, track anonymous events with an "
          + "anonymous_id and send that anonymous_id in the identify call.");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    for (Effect e : ex.effects()) {
      if (e instanceof Effect.EventTracked t && !t.duplicate() && Boolean.FALSE.equals(t.personIdentifiedBefore())) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("event", t.name());
        ev.put("person", t.identifier());
        ev.put("addressed_as", t.addressedAs());
        recorder.record(DEFINITION, ex, "event '" + t.name() + "' tracked for " + t.addressedAs() + " \""
            + t.identifier() + "\", who was never identified in this workspace", ev);
      }
    }
  }
}
