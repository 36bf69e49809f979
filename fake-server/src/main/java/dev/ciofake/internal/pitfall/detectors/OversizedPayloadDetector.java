package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.validation.NearLimit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code oversized-payload}: a request past a documented size limit (error: the real service refuses it) or within
 * 10% of one (warning: a little more data and it will be refused).
 */
public final class OversizedPayloadDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.OVERSIZED_PAYLOAD, Severity.WARNING,
      "A request is near or past a documented size limit",
      "Keep within the limits with room to spare: attribute values 1000 bytes, names 150 bytes, 300 attributes, "
          + "event names 100 bytes, event data 100 KB, v2 operations 32 KB and batches 500 KB; store large "
          + "content elsewhere and send a reference.");
  /** The violation codes that mean "past a size limit". */
  public static final Set<String> PAST_LIMIT_CODES = Set.of("limit", "body-too-large");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    for (Violation v : ex.violations()) {
      boolean past = PAST_LIMIT_CODES.contains(v.code()) && v.rejects();
      if (!past && !NearLimit.CODE.equals(v.code())) {
        continue;
      }
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("field", v.field());
      ev.put("size", v.value());
      ev.put("status", ex.response() == null ? null : ex.response().status());
      if (v.index() != null) {
        ev.put("batch_index", v.index());
      }
      recorder.record(DEFINITION, past ? Severity.ERROR : Severity.WARNING, ex,
          (past ? "past a size limit: " : "near a size limit: ") + v.message(), ev);
    }
  }
}
