package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.util.BoundedSet;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.util.BoundedMaps;
import dev.ciofake.internal.state.Effect;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code inconsistent-attribute-type}: one attribute name holds different JSON types across people or over time
 * ({@code plan: "premium"} then {@code plan: 1}). Segments compare values by type, so such people fall out of
 * segments silently. Memory: the first type of at most 10 000 attribute names per workspace.
 */
public final class InconsistentAttributeTypeDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.INCONSISTENT_ATTRIBUTE_TYPE,
      Severity.WARNING, "An attribute changes JSON type",
      "Send each attribute with one type everywhere (numbers as numbers, booleans as true/false, dates as Unix "
          + "seconds); convert at the edge of your code, not per call site.");

  static final int MAX_NAMES = 10_000;

  static final class State {
    /** Lock-free: read for every attribute of every identify. Up to 10,000 names; past that it starts afresh. */
    final ConcurrentMap<String, String> firstType = new ConcurrentHashMap<>();
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
    for (Effect e : ex.effects()) {
      if (!(e instanceof Effect.PersonIdentified p) || p.attributes() == null) {
        continue;
      }
      State st = ex.workspace().detectorState(DEFINITION.id(), State::new);
      for (Iterator<Map.Entry<String, JsonNode>> it = p.attributes().fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> a = it.next();
        String type = type(a.getValue());
        if (type == null || a.getKey().startsWith("_") || a.getKey().equals("anonymous_id")) {
          continue;
        }
        String first = BoundedMaps.getOrCreate(st.firstType, MAX_NAMES, a.getKey(), k -> type);
        if (!first.equals(type) && st.reported.add(a.getKey() + ":" + first + ":" + type)) {
          Map<String, Object> ev = new LinkedHashMap<>();
          ev.put("attribute", a.getKey());
          ev.put("first_type", first);
          ev.put("now_type", type);
          ev.put("value", a.getValue().toString());
          ev.put("person", p.identifier());
          recorder.record(DEFINITION, ex, "attribute '" + a.getKey() + "' was a " + first + " and is now a " + type
              + " (" + a.getValue() + ")", ev);
        }
      }
    }
  }

  /** JSON type name; {@code null} for null and "" (which remove the attribute). */
  static String type(JsonNode v) {
    if (v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty())) {
      return null;
    }
    if (v.isNumber()) {
      return "number";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    if (v.isTextual()) {
      return "string";
    }
    return v.isArray() ? "array" : "object";
  }
}
