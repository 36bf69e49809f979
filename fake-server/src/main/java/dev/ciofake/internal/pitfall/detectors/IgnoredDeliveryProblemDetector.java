package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.Pitfall;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.util.BoundedSet;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.Workspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ignored-bounce} and {@code ignored-complaint}: after the fake reported a {@code bounced} (or
 * {@code spammed}) event for a person, the integration still emails them more than the grace period later, or never
 * suppresses them by the end of the run. Suppressing the person through the Track API (v1 or v2) is the reaction
 * the fake looks for.
 */
public final class IgnoredDeliveryProblemDetector implements PitfallDetector {
  public static final PitfallDefinition BOUNCE = new PitfallDefinition(PitfallIds.IGNORED_BOUNCE, Severity.ERROR,
      "A bounced person was not suppressed",
      "Handle the bounced reporting-webhook event (verify X-CIO-Signature): suppress the person "
          + "(POST /api/v1/customers/{id}/suppress) or mark the address invalid, and stop emailing them; repeated "
          + "bounces ruin the sending reputation of the whole workspace.");
  public static final PitfallDefinition COMPLAINT = new PitfallDefinition(PitfallIds.IGNORED_COMPLAINT, Severity.ERROR,
      "A person who marked email as spam was not suppressed",
      "Handle the spammed reporting-webhook event: suppress the person (POST /api/v1/customers/{id}/suppress) or "
          + "unsubscribe them from all marketing at once; mailbox providers block senders who keep emailing "
          + "complainers.");

  private final PitfallDefinition definition;
  private final String metric;

  private IgnoredDeliveryProblemDetector(PitfallDefinition definition, String metric) {
    this.definition = definition;
    this.metric = metric;
  }

  /** The {@code ignored-bounce} detector. */
  public static IgnoredDeliveryProblemDetector bounces() {
    return new IgnoredDeliveryProblemDetector(BOUNCE, "bounced");
  }

  /** The {@code ignored-complaint} detector. */
  public static IgnoredDeliveryProblemDetector complaints() {
    return new IgnoredDeliveryProblemDetector(COMPLAINT, "spammed");
  }

  @Override
  public PitfallDefinition definition() {
    return definition;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    Workspace w = ex.workspace();
    if (w == null) {
      return;
    }
    for (Effect e : ex.effects()) {
      if (!(e instanceof Effect.MessageSent s) || !"email".equals(s.channel())) {
        continue;
      }
      ObjectNode problem = w.messages().deliveryProblem(s.cioId(), metric);
      if (problem == null) {
        continue;
      }
      long since = ex.request().receivedAtMillis() - problem.path("at_ms").asLong();
      if (since <= w.settings().deliveryProblemGrace().toMillis()) {
        continue;
      }
      BoundedSet<String> reported = w.detectorState(definition.id(), () -> new BoundedSet<String>(10_000));
      if (reported.add(s.cioId())) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("person_cio_id", s.cioId());
        ev.put("email", s.email());
        ev.put("reported_event_id", problem.path("event_id").asText());
        ev.put("seconds_since_report", since / 1000.0);
        ev.put("delivery_id", s.deliveryId());
        recorder.record(definition, ex, "emailed " + (s.email() == null ? "cio_" + s.cioId() : s.email()) + " "
            + since / 1000 + " s after Customer.io reported it " + metric, ev);
      }
    }
  }

  @Override
  public List<Pitfall> judge(Workspace w, Instant now) {
    List<Pitfall> out = new ArrayList<>();
    for (ObjectNode p : w.messages().deliveryProblems(metric)) {
      if (p.path("handled").asBoolean()) {
        continue;
      }
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("person_cio_id", p.path("cio_id").asText());
      ev.put("person_id", p.path("person_id").asText(null));
      ev.put("email", p.path("email").asText(null));
      ev.put("reported_event_id", p.path("event_id").asText());
      out.add(new Pitfall(definition.id(), definition.severity(), "the fake reported " + metric + " for "
          + (p.path("email").isNull() ? "cio_" + p.path("cio_id").asText() : p.path("email").asText())
          + " and the person was never suppressed", definition.fix(), w.siteId(), null, ev, now));
    }
    return out;
  }
}
