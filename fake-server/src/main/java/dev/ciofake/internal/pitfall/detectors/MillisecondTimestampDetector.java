package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.validation.TimestampRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code millisecond-timestamp}: a timestamp field sent in milliseconds (or finer). Fires whether the request
 * was rejected (strict, the default) or accepted (lenient mode, as the real service does).
 */
public final class MillisecondTimestampDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.MILLISECOND_TIMESTAMP,
      Severity.ERROR, "A timestamp was sent in milliseconds",
      "Customer.io timestamps (timestamp, created_at, _timestamp, last_used, *_at) are Unix seconds: send "
          + "Math.floor(Date.now() / 1000) in JavaScript, Instant.now().getEpochSecond() in Java, int(time.time()) "
          + "in Python. The real service accepts milliseconds and stores dates tens of thousands of years ahead.");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    for (Violation v : ex.violations()) {
      if (!TimestampRule.CODE.equals(v.code())) {
        continue;
      }
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("field", v.field());
      ev.put("value", v.value());
      ev.put("accepted", !v.rejects());
      if (v.index() != null) {
        ev.put("batch_index", v.index());
      }
      ev.put("status", ex.response() == null ? null : ex.response().status());
      recorder.record(DEFINITION, ex, "'" + v.field() + "' was sent in milliseconds (" + v.value() + ")"
          + (v.rejects() ? "; the fake rejected the request" : ex.api() == Api.PIPELINES
              ? "; the Pipelines API takes ISO-8601 strings" : "; accepted in lenient mode"), ev);
    }
  }
}
