package dev.ciofake.internal.pitfall;

import dev.ciofake.internal.http.Exchange;

/**
 * Finds one kind of integration mistake. A detector observes each finished exchange (accepted or
 * rejected, with its violations and effects on state) and records occurrences through the recorder.
 *
 * <p>Detectors run on the request path: they must be O(1) amortised and keep bounded memory. Adding a
 * pitfall is one class implementing this interface, registered in {@link PitfallEngine#standard}, plus its test.
 */
public interface PitfallDetector {
  /** The pitfall this detector finds. */
  PitfallDefinition definition();

  /** Looks at one exchange once its response is decided. */
  void inspect(Exchange exchange, PitfallRecorder recorder);
}
