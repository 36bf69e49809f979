package dev.ciofake.internal.pitfall;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.Pitfall;
import dev.ciofake.internal.http.Exchange;
import dev.ciofake.internal.pitfall.detectors.AnonymousNotMergedDetector;
import dev.ciofake.internal.pitfall.detectors.DuplicateEventWithoutIdDetector;
import dev.ciofake.internal.pitfall.detectors.DynamicEventNameDetector;
import dev.ciofake.internal.pitfall.detectors.IgnoredDeliveryProblemDetector;
import dev.ciofake.internal.pitfall.detectors.IgnoredUnsubscribeDetector;
import dev.ciofake.internal.pitfall.detectors.InconsistentAttributeTypeDetector;
import dev.ciofake.internal.pitfall.detectors.InconsistentEventNameDetector;
import dev.ciofake.internal.pitfall.detectors.InvalidRequestDetector;
import dev.ciofake.internal.pitfall.detectors.MillisecondTimestampDetector;
import dev.ciofake.internal.pitfall.detectors.MissingEmailDetector;
import dev.ciofake.internal.pitfall.detectors.MissingUnsubscribeLinkDetector;
import dev.ciofake.internal.pitfall.detectors.MutablePersonIdDetector;
import dev.ciofake.internal.pitfall.detectors.NoConnectionReuseDetector;
import dev.ciofake.internal.pitfall.detectors.OversizedPayloadDetector;
import dev.ciofake.internal.pitfall.detectors.PiiInNameDetector;
import dev.ciofake.internal.pitfall.detectors.RateLimitExceededDetector;
import dev.ciofake.internal.pitfall.detectors.RetryIgnoredRetryAfterDetector;
import dev.ciofake.internal.pitfall.detectors.TrackBeforeIdentifyDetector;
import dev.ciofake.internal.pitfall.detectors.WrongApiKeyDetector;
import dev.ciofake.internal.state.Workspace;
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

  /** The catalog shipped with the fake, with the default dynamic-name threshold. */
  public static PitfallEngine standard() {
    return standard(CioFakeOptions.DEFAULT_DYNAMIC_EVENT_NAME_THRESHOLD);
  }

  /** The catalog shipped with the fake. Specific detectors come before {@code invalid-request}, the catch-all. */
  public static PitfallEngine standard(int dynamicEventNameThreshold) {
    return new PitfallEngine(List.of(
        new WrongApiKeyDetector(),
        new MillisecondTimestampDetector(),
        new TrackBeforeIdentifyDetector(),
        new MutablePersonIdDetector(),
        new AnonymousNotMergedDetector(),
        new InconsistentEventNameDetector(),
        new DynamicEventNameDetector(dynamicEventNameThreshold),
        new PiiInNameDetector(),
        new MissingEmailDetector(),
        new InconsistentAttributeTypeDetector(),
        new NoConnectionReuseDetector(),
        new RateLimitExceededDetector(),
        new RetryIgnoredRetryAfterDetector(),
        new DuplicateEventWithoutIdDetector(),
        new OversizedPayloadDetector(),
        new MissingUnsubscribeLinkDetector(),
        IgnoredDeliveryProblemDetector.bounces(),
        IgnoredDeliveryProblemDetector.complaints(),
        new IgnoredUnsubscribeDetector(),
        new InvalidRequestDetector()));
  }

  /** The definitions of the whole catalog, in order: what reports list, fired or not. */
  public List<PitfallDefinition> catalog() {
    List<PitfallDefinition> out = new java.util.ArrayList<>();
    detectors.forEach(d -> out.add(d.definition()));
    return out;
  }

  /** Pitfalls judged over the run for one workspace (not stored; recomputed on each call). */
  public List<Pitfall> judge(Workspace w) {
    List<Pitfall> out = new java.util.ArrayList<>();
    for (PitfallDetector d : detectors) {
      try {
        out.addAll(d.judge(w));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "pitfall detector " + d.definition().id() + " failed to judge " + w.siteId(), e);
      }
    }
    return out;
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
