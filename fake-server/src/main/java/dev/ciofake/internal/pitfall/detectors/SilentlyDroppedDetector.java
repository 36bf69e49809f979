package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.PitfallIds;
import dev.ciofake.Severity;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallDetector;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.state.Effect;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code silently-dropped}: the Data Pipelines API answered 200 and dropped the call, as the real service does without
 * {@code X-Strict-Mode: 1}: a request over 32 KB, a batch over 500 KB, a call over 32 KB inside a batch (the whole
 * request is dropped), an invalid call, or credentials it refused. The client sees success; the fake says so loudly.
 * One occurrence per dropped request or call, naming the call, the limit or the reason.
 */
public final class SilentlyDroppedDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.SILENTLY_DROPPED, Severity.ERROR,
      "The Pipelines API answered 200 and dropped the data",
      "Keep each Pipelines request and each call of a batch under 32 KB and a batch under 500 KB (store large content "
          + "elsewhere and send a reference; the official Node client sizes its batches for you), send every call "
          + "with userId or anonymousId (and event for track, groupId for group, previousId for alias), and use the "
          + "source's API key as the Basic user name with an empty password. Send X-Strict-Mode: 1 in tests and "
          + "staging (customerio-node: new PipelinesClient(key, { strictMode: true })) to get real 400/401 answers.");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    for (Effect e : ex.effects()) {
      if (!(e instanceof Effect.CallDropped d)) {
        continue;
      }
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("call", d.call());
      if (d.index() != null) {
        ev.put("batch_index", d.index());
      }
      ev.put("whole_request", d.wholeRequest());
      ev.put("reasons", d.reasons());
      String limit = limit(ex, d);
      if (limit != null) {
        ev.put("limit", limit);
        ev.put("size", d.size());
      }
      ev.put("status", ex.response() == null ? null : ex.response().status());
      String what = d.index() != null ? "call " + d.index() + " (" + (d.call() == null ? "no type" : d.call())
          + ") of " + ex.request().method() + " " + ex.request().rawPath()
          : ex.request().method() + " " + ex.request().rawPath();
      String why = limit != null ? "it is over the " + limit + " limit"
          : d.reasons().isEmpty() ? "the fake refused it" : d.reasons().get(0);
      recorder.record(DEFINITION, ex, what + " was answered 200 but dropped: " + why
          + (d.reasons().size() > 1 ? " (+" + (d.reasons().size() - 1) + " more)" : "")
          + "; send X-Strict-Mode: 1 to get the error the real service hides", ev);
    }
  }

  /** The documented limit a size drop broke ({@code 32 KB per request}, ...), or {@code null}. */
  private static String limit(Exchange ex, Effect.CallDropped d) {
    if (d.limitBytes() == null || d.limitBytes() <= 0) {
      return null;
    }
    String kb = (d.limitBytes() / 1024) + " KB";
    if (!"batch".equals(ex.operation())) {
      return kb + " per request";
    }
    return d.code().equals("body-too-large") ? kb + " per batch" : kb + " per call in a batch";
  }
}
