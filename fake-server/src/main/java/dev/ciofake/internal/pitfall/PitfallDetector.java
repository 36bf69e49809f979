package dev.ciofake.internal.pitfall;

import dev.ciofake.Pitfall;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.state.Workspace;
import java.time.Instant;
import java.util.List;

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

  /**
   * Pitfalls that can only be judged over a whole run (for example anonymous activity never merged), computed
   * from the workspace's state each time pitfalls are read (at {@code now}, the fake's clock); they are not stored.
   */
  default List<Pitfall> judge(Workspace workspace, Instant now) {
    return List.of();
  }
}
