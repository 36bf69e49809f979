package dev.ciofake.internal.pitfall;

import dev.ciofake.Pitfall;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Where detectors put what they find. Adds the request's method, path and operation to the evidence. */
public interface PitfallRecorder {

  /** Records one occurrence for the exchange's workspace (or as unattributed when it has none). */
  void record(PitfallDefinition definition, Severity severity, Exchange exchange, String message,
      Map<String, Object> evidence);

  /** Records one occurrence with the definition's severity. */
  default void record(PitfallDefinition definition, Exchange exchange, String message, Map<String, Object> evidence) {
    record(definition, definition.severity(), exchange, message, evidence);
  }

  /** Builds the public value of an occurrence. */
  static Pitfall build(PitfallDefinition d, Severity severity, Exchange ex, String message,
      Map<String, Object> evidence) {
    Objects.requireNonNull(ex, "exchange");
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("method", ex.request().method());
    ev.put("path", ex.request().rawPath());
    if (ex.operation() != null) {
      ev.put("operation", ex.operation());
    }
    ev.putAll(evidence);
    return new Pitfall(d.id(), severity, message, d.fix(), ex.siteId(), ex.request().id(), ev,
        Instant.ofEpochMilli(ex.request().receivedAtMillis()));
  }
}
