package dev.ciofake.internal.pitfall;

import java.time.Instant;
import dev.ciofake.Pitfall;
import dev.ciofake.internal.exchange.Exchange;
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

  /** The definitions of the whole catalog, in order: what reports list, fired or not. */
  public List<PitfallDefinition> catalog() {
    List<PitfallDefinition> out = new java.util.ArrayList<>();
    detectors.forEach(d -> out.add(d.definition()));
    return out;
  }

  /** Pitfalls judged over the run for one workspace (not stored; recomputed on each call). */
  public List<Pitfall> judge(Workspace w, Instant now) {
    List<Pitfall> out = new java.util.ArrayList<>();
    for (PitfallDetector d : detectors) {
      try {
        out.addAll(d.judge(w, now));
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
