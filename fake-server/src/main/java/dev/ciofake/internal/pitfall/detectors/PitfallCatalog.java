package dev.ciofake.internal.pitfall.detectors;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.internal.pitfall.PitfallEngine;
import java.util.List;

/**
 * The pitfall catalog shipped with the fake: every detector, in the order reports list them. It lives with the
 * detectors so that the engine ({@link PitfallEngine}) knows none of them. A new pitfall is one detector class in this
 * package plus its line here.
 */
public final class PitfallCatalog {
  private PitfallCatalog() {}

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
        new SilentlyDroppedDetector(),
        new UnflushedEventsDetector(),
        new InvalidTimestampDetector(),
        new TightStatusPollingDetector(),
        new MessageReadTooSoonDetector(),
        new SuppressionCheckBypassedDetector(),
        new AppKeyInBrowserDetector(),
        new InvalidRequestDetector()));
  }

}
