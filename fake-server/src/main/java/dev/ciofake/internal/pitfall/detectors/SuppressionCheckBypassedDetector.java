package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.EspSuppressions;
import dev.ciofake.internal.state.Messages;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.BoundedMaps;
import dev.ciofake.internal.util.BoundedSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code suppression-check-bypassed}: the integration learnt through the App API that an address is on the ESP
 * suppression list (it searched or listed the suppressions, or suppressed the address itself), and then sent a
 * transactional email to that address while it was still suppressed. The send is accepted and the ESP drops it
 * (docs/app-api-facts.md section 4): the check the code made was not applied to the send path. An address the
 * integration never looked up is not judged (the fake's own {@code ignored-bounce} covers bounces it reported).
 */
public final class SuppressionCheckBypassedDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.SUPPRESSION_CHECK_BYPASSED,
      Severity.ERROR, "A transactional email went to an address the integration knew was suppressed",
      "Apply the suppression check on every send path: look the address up (searchSuppression, or your own copy of "
          + "the list kept current from bounce and complaint webhooks) before sendEmail, and skip or flag it; "
          + "delete the suppression first when the person has fixed their address.");

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
      if (e instanceof Effect.SuppressionsSeen s) {
        Map<String, String> seen = seen(w);
        synchronized (seen) {
          s.emails().forEach(m -> seen.put(m.toLowerCase(Locale.ROOT), s.how()));
        }
      } else if (e instanceof Effect.MessageSent m && "email".equals(m.channel()) && m.email() != null) {
        check(ex, recorder, w, m);
      }
    }
  }

  private static Map<String, String> seen(Workspace w) {
    return w.detectorState(DEFINITION.id(), () -> BoundedMaps.<String, String>accessOrdered(10_000));
  }

  private static void check(Exchange ex, PitfallRecorder recorder, Workspace w, Effect.MessageSent m) {
    String to = ex.body() != null && ex.body().path("to").isTextual()
        ? Messages.addressOf(ex.body().get("to").asText()) : m.email();
    String address = to.toLowerCase(Locale.ROOT);
    Map<String, String> seen = seen(w);
    String how;
    synchronized (seen) {
      how = seen.get(address);
    }
    if (how == null) {
      return;
    }
    EspSuppressions.Entry entry = w.suppressions().suppression(address);
    if (entry == null) {
      return; // the integration deleted the suppression first: sending again is its decision
    }
    BoundedSet<String> reported = w.detectorState(DEFINITION.id() + "/reported", () -> new BoundedSet<String>(10_000));
    if (!reported.add(address)) {
      return;
    }
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("email", address);
    ev.put("suppression", entry.type());
    ev.put("known_by", how);
    ev.put("delivery_id", m.deliveryId());
    String verb = switch (how) {
      case "searched" -> "found";
      case "suppressed" -> "put";
      default -> how;
    };
    recorder.record(DEFINITION, ex, "A transactional email went to " + address + " although the integration had "
        + verb + " it on the ESP suppression list (" + entry.type() + "); the ESP drops it", ev);
  }
}
