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
 * {@code rate-limit-exceeded}: the integration sent a burst over the workspace's rate limit and got 429s.
 * Recorded once per burst (the first 429 after a window without any), so a storm is one occurrence, not hundreds.
 */
public final class RateLimitExceededDetector implements PitfallDetector {
  public static final PitfallDefinition DEFINITION = new PitfallDefinition(PitfallIds.RATE_LIMIT_EXCEEDED, Severity.ERROR,
      "Requests went over the rate limit",
      "Send through a queue that paces requests under the limit (Track 100/s, App 10/s, transactional 100/s, "
          + "broadcast triggers 1 per 10 s), batch with POST /api/v2/batch, and on a 429 wait for Retry-After "
          + "before retrying.");

  @Override
  public PitfallDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void inspect(Exchange ex, PitfallRecorder recorder) {
    for (Effect e : ex.effects()) {
      if (e instanceof Effect.RateLimited r && r.newBurst()) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("api_class", r.apiClass());
        ev.put("limit", r.limit());
        ev.put("burst_size", "more than " + r.limit() + " (the limit was full when this request arrived)");
        ev.put("retry_after_seconds", r.retryAfterSeconds());
        ev.put("client", ex.request().clientIp() + " " + ex.request().header("User-Agent"));
        recorder.record(DEFINITION, ex, "a burst of " + r.apiClass() + " requests went over " + r.limit()
            + " and got 429 (Retry-After " + r.retryAfterSeconds() + " s); see GET /__cio/workspaces/"
            + ex.siteId() + "/rate-limits for the counts", ev);
      }
    }
  }
}
