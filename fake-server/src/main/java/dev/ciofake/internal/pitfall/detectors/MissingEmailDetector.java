package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.util.BoundedSet;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.Effect;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code missing-email}: an identify leaves a person without an email attribute, in a workspace that expects email
 * (the default; switch off with the workspace setting {@code expect_email}). Reported once per person.
 */
public final class MissingEmailDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.MISSING_EMAIL, Severity.WARNING,
      "A person has no email attribute",
      "Send the email attribute in the identify call that creates the person; without it, email campaigns and "
          + "transactional messages cannot reach them.");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    if (ex.workspace() == null || !ex.workspace().settings().expectEmail()) {
      return;
    }
    for (Effect e : ex.effects()) {
      if (e instanceof Effect.PersonIdentified p && p.email() == null) {
        BoundedSet<String> reported = ex.workspace().detectorState(DEFINITION.id(),
            () -> new BoundedSet<String>(10_000));
        if (reported.add(p.cioId())) {
          Map<String, Object> ev = new LinkedHashMap<>();
          ev.put("person", p.identifier());
          ev.put("addressed_as", p.addressedAs());
          ev.put("cio_id", p.cioId());
          recorder.record(DEFINITION, ex, "person " + p.addressedAs() + " \"" + p.identifier()
              + "\" was identified without an email attribute", ev);
        }
      }
    }
  }
}
