package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.util.BoundedSet;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.Workspace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ignored-unsubscribe}: after the fake reported an {@code unsubscribed} event for a person, the integration
 * still sends them marketing, past the grace period: a broadcast trigger that names them, or a transactional email
 * that is marketing by its own account (it respects unsubscribes, or carries an unsubscribe link).
 */
public final class IgnoredUnsubscribeDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.IGNORED_UNSUBSCRIBE, Severity.ERROR,
      "Marketing went to a person who unsubscribed",
      "Handle the unsubscribed reporting-webhook event: update your own records (identify with unsubscribed: true) "
          + "and stop naming the person in broadcasts and marketing sends; sending after an unsubscribe breaks "
          + "CAN-SPAM and GDPR.");

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
      if (e instanceof Effect.MessageSent s && s.marketing()) {
        check(ex, recorder, w, List.of(s.cioId()), "marketing " + s.channel() + " " + s.deliveryId());
      } else if (e instanceof Effect.BroadcastTriggered b) {
        check(ex, recorder, w, b.cioIds(), "broadcast trigger " + b.triggerId());
      }
    }
  }

  private static void check(Exchange ex, PitfallRecorder recorder, Workspace w, List<String> cioIds, String what) {
    for (String cioId : cioIds) {
      ObjectNode problem = w.messages().deliveryProblem(cioId, "unsubscribed");
      if (problem == null) {
        continue;
      }
      long since = ex.request().receivedAtMillis() - problem.path("at_ms").asLong();
      if (since <= w.settings().deliveryProblemGrace().toMillis()) {
        continue;
      }
      BoundedSet<String> reported = w.detectorState(DEFINITION.id(), () -> new BoundedSet<String>(10_000));
      if (reported.add(cioId)) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("person_cio_id", cioId);
        ev.put("email", problem.path("email").asText(null));
        ev.put("sent", what);
        ev.put("reported_event_id", problem.path("event_id").asText());
        ev.put("seconds_since_report", since / 1000.0);
        recorder.record(DEFINITION, ex, what + " went to " + (problem.path("email").isNull() ? "cio_" + cioId
            : problem.path("email").asText()) + " " + since / 1000 + " s after they unsubscribed", ev);
      }
    }
  }
}
