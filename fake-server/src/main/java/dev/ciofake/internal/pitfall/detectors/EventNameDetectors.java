package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.state.Effect;
import java.util.ArrayList;
import java.util.List;

/** The event names an exchange recorded (events only: page and screen names are paths and screen titles). */
final class EventNameDetectors {
  private EventNameDetectors() {}

  static List<String> eventNames(Exchange ex) {
    List<String> names = new ArrayList<>(1);
    for (Effect e : ex.effects()) {
      if (e instanceof Effect.EventTracked t && !t.duplicate() && "event".equals(t.type())) {
        names.add(t.name());
      }
    }
    return names;
  }
}
