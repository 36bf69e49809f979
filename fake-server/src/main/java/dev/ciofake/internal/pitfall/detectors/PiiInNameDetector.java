package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.util.BoundedSet;
import dev.ciofake.internal.pitfall.Names;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.Effect;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code pii-in-name}: an email address, phone number, social security or payment card number in an event name, an
 * attribute or event data key, a segment id or a device attribute name. Names end up in the UI, exports and URLs
 * where personal data does not belong. Each distinct name is reported once per workspace.
 */
public final class PiiInNameDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.PII_IN_NAME, Severity.ERROR,
      "Personal data in a name",
      "Keep names generic (email_verified, not verified_ada@example.com) and put personal data in attribute or "
          + "event data values, where Customer.io protects, exports and deletes it with the person.");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    if (ex.workspace() == null) {
      return;
    }
    BoundedSet<String> reported = ex.workspace().detectorState(DEFINITION.id(), () -> new BoundedSet<String>(10_000));
    for (Effect e : ex.effects()) {
      if (e instanceof Effect.EventTracked t && !t.duplicate()) {
        if ("event".equals(t.type())) {
          check(ex, recorder, reported, "event name", t.name());
        }
        keys(ex, recorder, reported, "event data key", t.data());
      } else if (e instanceof Effect.PersonIdentified p) {
        keys(ex, recorder, reported, "attribute name", p.attributes());
      }
    }
    String op = ex.operation();
    if (op != null && op.startsWith("segment_") && ex.response() != null && ex.response().status() < 300) {
      check(ex, recorder, reported, "segment id", ex.pathParam("segment_id"));
    }
    if ("add_device".equals(op) && ex.body() != null) {
      keys(ex, recorder, reported, "device attribute name", ex.body().path("device").path("attributes"));
    }
  }

  private static void keys(Exchange ex, PitfallRecorder recorder, BoundedSet<String> reported, String what,
      JsonNode obj) {
    if (obj != null && obj.isObject()) {
      obj.fieldNames().forEachRemaining(k -> check(ex, recorder, reported, what, k));
    }
  }

  private static void check(Exchange ex, PitfallRecorder recorder, BoundedSet<String> reported, String what,
      String name) {
    if (name == null) {
      return;
    }
    String kind = Names.personalData(name);
    if (kind != null && reported.add(what + ":" + name)) {
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("where", what);
      ev.put("name", name);
      ev.put("personal_data", kind);
      recorder.record(DEFINITION, ex, what + " '" + name + "' contains personal data (" + kind + ")", ev);
    }
  }
}
