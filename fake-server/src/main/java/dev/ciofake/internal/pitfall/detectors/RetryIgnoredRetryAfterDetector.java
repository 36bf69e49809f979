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
 * {@code retry-ignored-retry-after}: after a 429 with {@code Retry-After: N}, the same client (IP and User-Agent)
 * sent again before N seconds had passed. Recorded once per 429 burst and client.
 */
public final class RetryIgnoredRetryAfterDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.RETRY_IGNORED_RETRY_AFTER,
      Severity.ERROR, "A client retried before the Retry-After it was given",
      "On 429 (and 503), wait at least the Retry-After seconds before the next request; customerio-node 5+ does "
          + "this by default, other clients need a retry policy that reads the header.");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    for (Effect e : ex.effects()) {
      if (e instanceof Effect.RetriedTooSoon r) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("retry_after_seconds", r.retryAfterSeconds());
        ev.put("waited_ms", r.elapsedMillis());
        ev.put("rate_limited_request_id", r.rateLimitedRequestId());
        ev.put("x_retry_count", r.retryCountHeader());
        ev.put("client", ex.request().clientIp() + " " + ex.request().header("User-Agent"));
        recorder.record(DEFINITION, ex, "sent again " + r.elapsedMillis()
            + " ms after a response that said Retry-After: " + r.retryAfterSeconds() + " (request "
            + r.rateLimitedRequestId() + ")", ev);
      }
    }
  }
}
