package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.util.BoundedSet;
import dev.ciofake.internal.pitfall.Names;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.PersonRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code mutable-person-id}: people keyed by something that changes. Fires when a person is identified by an email
 * address (in the path, as the body {@code id}, or with an email-shaped id), when one email shows up under two person
 * ids, and when an identify tries to change a person's id without addressing them by {@code cio_} id.
 */
public final class MutablePersonIdDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.MUTABLE_PERSON_ID, Severity.ERROR,
      "People are keyed by a value that changes",
      "Identify people by your own immutable user id (the database primary key), send the email as the email "
          + "attribute, and change an id or email only by addressing the person as cio_<cio_id>.");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    BoundedSet<String> seen = ex.workspace() == null ? null
        : ex.workspace().detectorState(DEFINITION.id(), () -> new BoundedSet<String>(10_000));
    for (Effect e : ex.effects()) {
      if (e instanceof Effect.PersonIdentified p) {
        boolean emailAsKey = PersonRef.EMAIL.equals(p.addressedAs()) && p.personId() == null;
        boolean emailShapedId = p.personId() != null && Names.isEmail(p.personId());
        if ((emailAsKey || emailShapedId) && seen != null && seen.add("email-key:" + p.identifier())) {
          Map<String, Object> ev = new LinkedHashMap<>();
          ev.put("identifier", p.identifier());
          ev.put("addressed_as", p.addressedAs());
          ev.put("person_id", p.personId());
          recorder.record(DEFINITION, ex, (emailShapedId ? "person id \"" + p.personId() + "\" is an email address"
              : "person identified by email \"" + p.identifier() + "\" with no id")
              + ": when the email changes, the person's history splits", ev);
        }
      } else if (e instanceof Effect.IdentifyIgnored ig
          && (ig.code() == Effect.Reason.EMAIL_BELONGS_TO_ANOTHER_PERSON
              || ig.code() == Effect.Reason.ID_CHANGE_NEEDS_CIO_ID)) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("identifier", ig.identifier());
        ev.put("addressed_as", ig.addressedAs());
        ev.put("reason", ig.reason());
        recorder.record(DEFINITION, ex, ig.code() == Effect.Reason.EMAIL_BELONGS_TO_ANOTHER_PERSON
            ? "one email under two person ids: " + ig.reason()
            : "an identify tried to change a person's id: " + ig.reason(), ev);
      }
    }
  }
}
