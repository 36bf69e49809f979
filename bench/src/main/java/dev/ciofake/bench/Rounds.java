package dev.ciofake.bench;

import dev.ciofake.bench.Measure.Run;
import dev.ciofake.bench.Measure.Spec;
import dev.ciofake.bench.ServerProcess.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The comparison: the warm-up curve of both servers once, then alternating rounds of unique identifies at the
 * comparison's connections, each run on a fresh server after the warm-up. A round in which other processes took
 * more than the allowed share of the machine is run again (up to a limit) and the retry is reported.
 */
final class Rounds {
  /** The two runs of a round, and how often it was run. */
  record Round(int number, Run cio, Run wireMock, int attempts) {
    double ratio() {
      return cio.perSecond() / wireMock.perSecond();
    }

    double p99Ratio() {
      return cio.load().p99Ms() / wireMock.load().p99Ms();
    }
  }

  private final Measure measure;
  private final StringBuilder md;

  Rounds(Measure measure, StringBuilder md) {
    this.measure = measure;
    this.md = md;
  }

  /** Each server fresh, load in slices of {@code slice} seconds for {@code total}: req/s and p99 per slice. */
  void curve(int connections, int total, int slice) throws IOException, InterruptedException {
    md.append("\n## Warm-up curve\n\nEach server freshly started, then unique identifies at ").append(connections)
        .append(" connections in back-to-back loads of ").append(slice).append(" s (a new wrk run each, so new "
            + "connections), ").append(total).append(" s in all; req/s and p99 of each slice. The JIT is what "
            + "changes along it: the rounds below warm each server for ").append(measure.plan().warmupSeconds())
        .append(" s before measuring.\n\n| t s | cio-fake req/s | cio-fake p99 ms | WireMock req/s | WireMock p99 ms |"
            + "\n|---:|---:|---:|---:|---:|\n");
    List<List<LoadResult>> both = new ArrayList<>();
    for (Kind k : new Kind[] {Kind.CIO_FAKE, Kind.WIREMOCK}) {
      List<LoadResult> slices = new ArrayList<>();
      try (ServerProcess s = ServerProcess.start(measure.plan().setup(), k, "curve-" + k.label, List.of())) {
        for (int t = 0; t < total; t += slice) {
          LoadResult r = measure.plan().load().run(s.port, Workload.IDENTIFY, connections, slice, "c" + t, 0);
          slices.add(r);
          System.out.printf(Locale.ROOT, "  curve %-8s t=%3d s %8.0f req/s p99 %7.2f ms%n", k.label, t + slice,
              r.perSecond(), r.p99Ms());
        }
      }
      both.add(slices);
    }
    for (int i = 0; i < both.get(0).size(); i++) {
      LoadResult c = both.get(0).get(i);
      LoadResult w = both.get(1).get(i);
      md.append(String.format(Locale.ROOT, "| %d | %.0f | %.2f | %.0f | %.2f |%n", (i + 1) * slice, c.perSecond(),
          c.p99Ms(), w.perSecond(), w.p99Ms()));
    }
  }

  List<Round> rounds(int count, int connections, double maxOthers, int retries)
      throws IOException, InterruptedException {
    List<Round> rounds = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      Round round = null;
      for (int attempt = 1; attempt <= retries + 1; attempt++) {
        System.out.println("round " + n + (attempt > 1 ? " (again: disturbed)" : "") + ", load "
            + Machine.loadAverage());
        Run first;
        Run second;
        boolean cioFirst = n % 2 == 1;
        first = measure.run(Spec.identify(cioFirst ? Kind.CIO_FAKE : Kind.WIREMOCK, connections), false);
        second = measure.run(Spec.identify(cioFirst ? Kind.WIREMOCK : Kind.CIO_FAKE, connections), false);
        Round tried = new Round(n, cioFirst ? first : second, cioFirst ? second : first, attempt);
        if (round == null || disturbance(tried) < disturbance(round)) {
          round = new Round(n, tried.cio(), tried.wireMock(), attempt); // the least disturbed attempt is kept
        } else {
          round = new Round(n, round.cio(), round.wireMock(), attempt);
        }
        if (disturbance(tried) <= maxOthers) {
          break;
        }
      }
      rounds.add(round);
    }
    return rounds;
  }

  private static double disturbance(Round r) {
    return Math.max(r.cio().othersShare(), r.wireMock().othersShare());
  }

  /** The rounds' tables; returns the medians the targets read: ratio, p99 ratio, cio-fake's young pause median. */
  double[] report(List<Round> rounds, int connections, double maxOthers) {
    md.append("\n## Throughput and latency, ").append(connections).append(" connections\n\n")
        .append("Unique identifies, ").append(rounds.size()).append(" rounds; odd rounds run cio-fake first, even "
            + "rounds WireMock first. *others* is the share of the machine's CPU that processes other than the "
            + "bench, the load generator and the server used during the measured window; a round where it passed ")
        .append(Stats.f("%.0f", maxOthers * 100)).append(" % for either server was run again (*attempts*), and the "
            + "least disturbed attempt is shown. Load "
            + "average as /proc/loadavg gives it at the end of each run.\n\n")
        .append("| round | cio-fake req/s | p99 ms | WireMock req/s | p99 ms | req/s ratio | p99 ratio | "
            + "cio-fake young GC median ms | WireMock young GC median ms | others % (cio-fake, WireMock) | "
            + "load average (cio-fake, WireMock) | attempts |\n"
            + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|\n");
    for (Round r : rounds) {
      md.append(String.format(Locale.ROOT, "| %d | %.0f | %.2f | %.0f | %.2f | %.2fx | %.2fx | %.1f | %.1f | %.0f, "
              + "%.0f | %s; %s | %d |%n", r.number(), r.cio().perSecond(), r.cio().load().p99Ms(),
          r.wireMock().perSecond(), r.wireMock().load().p99Ms(), r.ratio(), r.p99Ratio(), r.cio().youngMedianMs(),
          r.wireMock().youngMedianMs(), r.cio().othersShare() * 100, r.wireMock().othersShare() * 100,
          r.cio().loadAverage(), r.wireMock().loadAverage(), r.attempts()));
    }
    md.append("\nMedians over the rounds (min-max in brackets). GC figures come from each server's own `-Xlog:gc` "
        + "over the measured window: young pauses (count, median of the rounds' medians, the longest), all pauses "
        + "added up, the heap allocated per request (heap before each young collection less the heap after the one "
        + "before it, over the time between them, divided by the request rate) and the survivor space after each "
        + "young collection.\n\n| server | req/s | p50 ms | p99 ms | p99.9 ms | failed | young GCs per run | young GC "
        + "median ms | longest young GC ms | GC pauses ms per run | allocated KB/request | survivors MB |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    List<Run> cio = rounds.stream().map(Round::cio).toList();
    List<Run> wm = rounds.stream().map(Round::wireMock).toList();
    row("cio-fake", cio);
    row("WireMock 3.13.2 (`--no-request-journal`)", wm);
    Stats ratio = stats(rounds, Round::ratio);
    Stats p99 = stats(rounds, Round::p99Ratio);
    md.append("\ncio-fake / WireMock, per round: throughput ").append(ratio.spread("%.2fx")).append(", p99 ")
        .append(p99.spread("%.2fx")).append(".\n");
    return new double[] {ratio.median(), p99.median(), stats(cio, Run::youngMedianMs).median()};
  }

  private void row(String name, List<Run> runs) {
    md.append("| ").append(name).append(" | ").append(stats(runs, Run::perSecond).spread("%.0f")).append(" | ")
        .append(stats(runs, r -> r.load().p50Ms()).spread("%.2f")).append(" | ")
        .append(stats(runs, r -> r.load().p99Ms()).spread("%.2f")).append(" | ")
        .append(stats(runs, r -> r.load().p999Ms()).spread("%.2f")).append(" | ")
        .append(runs.stream().mapToLong(r -> r.load().failed()).sum()).append(" | ")
        .append(stats(runs, r -> r.gc().youngPausesMs().size()).spread("%.0f")).append(" | ")
        .append(stats(runs, Run::youngMedianMs).spread("%.1f")).append(" | ")
        .append(stats(runs, r -> Stats.of(r.gc().youngPausesMs()).max()).spread("%.1f")).append(" | ")
        .append(stats(runs, r -> r.gc().pausesTotalMs()).spread("%.0f")).append(" | ")
        .append(stats(runs, Run::allocatedKbPerRequest).spread("%.1f")).append(" | ")
        .append(stats(runs, r -> Stats.of(r.gc().survivorsMb()).median()).spread("%.0f")).append(" |\n");
  }

  static <T> Stats stats(List<T> items, ToDoubleFunction<T> f) {
    Stats s = new Stats();
    items.forEach(i -> s.add(f.applyAsDouble(i)));
    return s;
  }
}
