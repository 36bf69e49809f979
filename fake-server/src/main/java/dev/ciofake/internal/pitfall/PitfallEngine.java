package dev.ciofake.internal.pitfall;

import dev.ciofake.internal.http.Exchange;
import dev.ciofake.internal.pitfall.detectors.InvalidRequestDetector;
import dev.ciofake.internal.pitfall.detectors.MillisecondTimestampDetector;
import dev.ciofake.internal.pitfall.detectors.RateLimitExceededDetector;
import dev.ciofake.internal.pitfall.detectors.RetryIgnoredRetryAfterDetector;
import dev.ciofake.internal.pitfall.detectors.TrackBeforeIdentifyDetector;
import dev.ciofake.internal.pitfall.detectors.WrongApiKeyDetector;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs every detector over every finished exchange. A failing detector is logged, never fails the request. */
public final class PitfallEngine {
  private static final Logger LOG = Logger.getLogger(PitfallEngine.class.getName());
  private final List<PitfallDetector> detectors;

  public PitfallEngine(List<PitfallDetector> detectors) {
    this.detectors = List.copyOf(detectors);
  }

  /** The catalog shipped with the fake. Specific detectors come before {@code invalid-request}, the catch-all. */
  public static PitfallEngine standard() {
    return new PitfallEngine(List.of(
        new WrongApiKeyDetector(),
        new MillisecondTimestampDetector(),
        new TrackBeforeIdentifyDetector(),
        new RateLimitExceededDetector(),
        new RetryIgnoredRetryAfterDetector(),
        new InvalidRequestDetector()));
  }

  public List<PitfallDetector> detectors() {
    return detectors;
  }

  public void inspect(Exchange exchange, PitfallRecorder recorder) {
    for (PitfallDetector d : detectors) {
      try {
        d.inspect(exchange, recorder);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "pitfall detector " + d.definition().id() + " failed on request "
            + exchange.request().id(), e);
      }
    }
  }
}
