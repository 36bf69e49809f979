package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.validation.PipelinesTimestampRule;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code invalid-timestamp}: a Data Pipelines {@code timestamp} that is not an ISO-8601 date-time (Unix seconds, a
 * digit string, a typo) or lies more than the clock skew in the future. The call is accepted and the service uses the
 * time it received it, so a backfilled event lands at the wrong time. (A number in milliseconds is
 * {@code millisecond-timestamp}.)
 */
public final class InvalidTimestampDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.INVALID_TIMESTAMP,
      Severity.ERROR, "A Pipelines timestamp is not a usable ISO-8601 date-time",
      "Send Pipelines timestamps as ISO-8601 strings (new Date(ms).toISOString() in JavaScript, Instant.toString() in "
          + "Java, datetime.isoformat() with a timezone in Python), or a Date to the official Node client, and take "
          + "them from a clock that is right; leave timestamp out for events that happen now.");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    for (Violation v : ex.violations()) {
      if (!PipelinesTimestampRule.CODE.equals(v.code())) {
        continue;
      }
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("field", v.field());
      ev.put("value", v.value());
      if (v.index() != null) {
        ev.put("batch_index", v.index());
      }
      ev.put("status", ex.response() == null ? null : ex.response().status());
      recorder.record(DEFINITION, ex, (v.index() == null ? "" : "call " + v.index() + ": ") + v.message(), ev);
    }
  }
}
