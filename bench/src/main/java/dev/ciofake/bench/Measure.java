package dev.ciofake.bench;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * One measured run: a fresh server process, the state it needs (preloaded people), a warm-up load, the measured
 * load, and what the server's GC log and the machine's counters say about the measured window.
 */
final class Measure {
  /** How runs are made: the servers, the load generator, the warm-up and measured seconds. */
  record Plan(ServerProcess.Setup setup, LoadRunner load, int warmupSeconds, int seconds) {}

  /**
   * What a run is: server, workload, connections, people preloaded before the warm-up, and the people the load
   * goes to ({@code p0 .. p<people-1>}; 0: new ids).
   */
  record Spec(ServerProcess.Kind kind, Workload workload, int connections, int preload, int people) {
    static Spec identify(ServerProcess.Kind kind, int connections) {
      return new Spec(kind, Workload.IDENTIFY, connections, 0, 0);
    }
  }

  /**
   * The figures of one run.
   *
   * @param othersShare the share of the machine's CPU used by other processes during the measured window
   * @param heapAfterMb the heap after a full collection at the end of the run, when asked for
   */
  record Run(Spec spec, LoadResult load, GcLog.Window gc, double othersShare, String loadAverage,
      double heapAfterMb) {
    double perSecond() {
      return load.perSecond();
    }

    /** Calls per second (a batch carries several). */
    double callsPerSecond() {
      return load.perSecond() * spec.workload().callsPerRequest();
    }

    double youngMedianMs() {
      return Stats.of(gc.youngPausesMs()).median();
    }

    /** Bytes the server allocated per request in the window (from the GC log's heap figures). */
    double allocatedKbPerRequest() {
      return gc.allocatedMbPerSecond() * 1024 / load.perSecond();
    }

    String line() {
      Stats young = Stats.of(gc.youngPausesMs());
      return String.format(Locale.ROOT, "%-8s %-8s c=%-3d preload=%-6d people=%-6d %8.0f req/s p50 %6.2f "
          + "p99 %7.2f p99.9 %7.2f ms fail %d | young GC n=%d median %.1f max %.1f ms, pauses %.0f ms total, "
          + "%.1f KB/req, survivors %s MB | others %.0f%%, load %s", spec.kind().label,
          spec.workload().name().toLowerCase(Locale.ROOT),
          spec.connections(), spec.preload(), spec.people(), load.perSecond(), load.p50Ms(), load.p99Ms(),
          load.p999Ms(), load.failed(), young.count(), young.median(), young.max(), gc.pausesTotalMs(),
          allocatedKbPerRequest(),
          Stats.of(gc.survivorsMb()).spread("%.0f"), othersShare * 100, loadAverage);
    }
  }

  private final Plan plan;
  private int runs;

  Measure(Plan plan) {
    this.plan = plan;
  }

  Plan plan() {
    return plan;
  }

  Run run(Spec spec, boolean heapAfter) throws IOException, InterruptedException {
    String tag = "run" + (++runs) + "-" + spec.kind().label;
    try (ServerProcess server = ServerProcess.start(plan.setup(), spec.kind(), tag, List.of())) {
      if (spec.preload() > 0) {
        long failed = LoadRunner.preload(server.port, spec.preload());
        if (failed > 0) {
          System.out.println("  (preload: " + failed + " identifies not answered 200)");
        }
      }
      if (plan.warmupSeconds() > 0) {
        plan.load().run(server.port, spec.workload(), spec.connections(), plan.warmupSeconds(), tag + "w",
            spec.people());
      }
      Machine.Sample before = Machine.sample(server.pid());
      long from = System.currentTimeMillis();
      LoadResult r = plan.load().run(server.port, spec.workload(), spec.connections(), plan.seconds(), tag,
          spec.people());
      long to = System.currentTimeMillis();
      Machine.Sample after = Machine.sample(server.pid());
      double heap = heapAfter ? server.heapAfterFullGcMb() : Double.NaN;
      Run run = new Run(spec, r, server.gc().window(from, to), Machine.othersShare(before, after),
          after.loadAverage(), heap);
      System.out.println("  " + run.line() + (heapAfter ? String.format(Locale.ROOT, " | heap after GC %.0f MB", heap)
          : ""));
      return run;
    }
  }
}
