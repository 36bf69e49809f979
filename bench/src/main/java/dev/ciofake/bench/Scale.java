package dev.ciofake.bench;

import dev.ciofake.bench.Measure.Run;
import dev.ciofake.bench.Measure.Spec;
import dev.ciofake.bench.ServerProcess.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a larger load costs: cio-fake with many people in its workspace, at and past the people cap, with event
 * volume past the event cap, at 64 connections (beside WireMock), and Data Pipelines batches beside Track
 * identifies. One fresh server per line, warmed like the rounds, the heap after a full collection at the end.
 */
final class Scale {
  /** The shipped caps (CioFakeOptions' defaults; the bench does not link the fake, so they are restated here). */
  static final int PEOPLE_CAP = 100_000;
  static final int EVENTS_CAP = 20_000;

  private record Line(String what, Run run) {}

  private final Measure measure;
  private final StringBuilder md;

  Scale(Measure measure, StringBuilder md) {
    this.measure = measure;
    this.md = md;
  }

  void run(int connections, int manyConnections, List<Integer> people) throws IOException, InterruptedException {
    List<Line> lines = new ArrayList<>();
    System.out.println("scale");
    lines.add(new Line("Track identifies, new people", run(Spec.identify(Kind.CIO_FAKE, connections))));
    lines.add(new Line("Data Pipelines `/v1/batch`, 15 calls each (1 identify, 14 tracks)",
        run(new Spec(Kind.CIO_FAKE, Workload.BATCH, connections, 0, 0))));
    for (int n : people) {
      String what = String.format(Locale.ROOT, "identifies of %,d preloaded people%s", n,
          n == PEOPLE_CAP ? " (the people cap: the workspace is full)" : "");
      lines.add(new Line(what, run(new Spec(Kind.CIO_FAKE, Workload.IDENTIFY, connections, n, n))));
    }
    lines.add(new Line(String.format(Locale.ROOT, "new people past the cap (%,d preloaded: answered, not stored)",
        PEOPLE_CAP), run(new Spec(Kind.CIO_FAKE, Workload.IDENTIFY, connections, PEOPLE_CAP, 0))));
    lines.add(new Line(String.format(Locale.ROOT, "tracked events of 1,000 people, past the event cap (%,d)",
        EVENTS_CAP), run(new Spec(Kind.CIO_FAKE, Workload.TRACK, connections, 1000, 1000))));
    lines.add(new Line("Track identifies, new people", run(Spec.identify(Kind.CIO_FAKE, manyConnections))));
    lines.add(new Line("plain WireMock, the same identifies", run(Spec.identify(Kind.WIREMOCK, manyConnections))));

    md.append("\n## Scale\n\nOne fresh cio-fake per line (the last line plain WireMock), preloaded where it says so "
        + "(identifies of `p0 .. pN-1` from the bench, not measured), warmed up and measured like the rounds, then "
        + "a full collection (`jcmd <pid> GC.run`) for the heap it keeps. Caps at their defaults (")
        .append(String.format(Locale.ROOT, "%,d people, %,d events", PEOPLE_CAP, EVENTS_CAP))
        .append(" per workspace, 5,000 journal entries). *calls/s* counts each call of a batch.\n\n| load | "
            + "connections | req/s | calls/s | p50 ms | p99 ms | p99.9 ms | failed | young GC median ms | "
            + "allocated KB/request | heap after full GC MB | others % | load average |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Line l : lines) {
      Run r = l.run();
      md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.2f | %.2f | %.2f | %d | %.1f | %.1f | %.0f | "
              + "%.0f | %s |%n", l.what(), r.spec().connections(), r.perSecond(), r.callsPerSecond(),
          r.load().p50Ms(), r.load().p99Ms(), r.load().p999Ms(), r.load().failed(), r.youngMedianMs(),
          r.allocatedKbPerRequest(), r.heapAfterMb(), r.othersShare() * 100, r.loadAverage()));
    }
  }

  private Run run(Spec spec) throws IOException, InterruptedException {
    return measure.run(spec, true);
  }
}
