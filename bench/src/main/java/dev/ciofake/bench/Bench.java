package dev.ciofake.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmarks, measured from outside the servers' JVMs: cio-fake's standalone jar and plain WireMock's, each
 * its own freshly started process with a GC log, the load from wrk (or the bench's generator in a JVM of its own).
 * Sections: the warm-up curve, alternating rounds, scale, start-up. Prints as it goes; writes BENCHMARKS.md.
 */
@Command(name = "cio-fake-bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Benchmarks cio-fake against plain WireMock, each server its own process; writes BENCHMARKS.md.")
public final class Bench implements Callable<Integer> {
  @Option(names = "--rounds", defaultValue = "5", description = "Alternating rounds (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--connections", defaultValue = "8", description = "Connections of the rounds (${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--many-connections", defaultValue = "64", description = "Connections of the scale section's "
      + "largest load (${DEFAULT-VALUE}).")
  int manyConnections;

  @Option(names = "--warmup", defaultValue = "20", description = "Warm-up seconds before each measured run "
      + "(${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--seconds", defaultValue = "15", description = "Measured seconds of each run (${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--curve-seconds", defaultValue = "40", description = "Length of the warm-up curve "
      + "(${DEFAULT-VALUE}).")
  int curveSeconds;

  @Option(names = "--curve-slice", defaultValue = "2", description = "Seconds per point of the curve "
      + "(${DEFAULT-VALUE}).")
  int curveSlice;

  @Option(names = "--people", split = ",", defaultValue = "1000,10000,100000", description = "Preloaded people of "
      + "the scale section (${DEFAULT-VALUE}).")
  List<Integer> people;

  @Option(names = "--max-others", defaultValue = "0.15", description = "A round in which other processes used more "
      + "than this share of the machine's CPU is run again (${DEFAULT-VALUE}).")
  double maxOthers;

  @Option(names = "--retries", defaultValue = "2", description = "How often a disturbed round is run again "
      + "(${DEFAULT-VALUE}).")
  int retries;

  @Option(names = "--startup-runs", defaultValue = "5", description = "Start-ups of each server (${DEFAULT-VALUE}).")
  int startupRuns;

  @Option(names = "--skip", split = ",", description = "Sections to leave out: curve, rounds, scale, startup.")
  Set<String> skip = Set.of();

  @Option(names = "--load", defaultValue = "wrk", description = "wrk (when installed) or java: the bench's own "
      + "generator (${DEFAULT-VALUE}).")
  String load;

  @Option(names = "--wrk-threads", defaultValue = "2", description = "wrk threads (${DEFAULT-VALUE}).")
  int wrkThreads;

  @Option(names = "--server-jar", description = "cio-fake's jar (default: standalone/<build dir>/cio-fake.jar "
      + "beside the bench jar's folder).")
  Path serverJar;

  @Option(names = "--wiremock-jar", description = "WireMock's standalone jar (default: wiremock-standalone.jar "
      + "beside the bench jar).")
  Path wireMockJar;

  @Option(names = "--jvm-flag", description = "A JVM flag for both servers, repeatable (default: none).")
  List<String> jvmFlags = new ArrayList<>();

  @Option(names = "--work-dir", defaultValue = "${java.io.tmpdir}/cio-fake-bench", description = "GC logs and "
      + "scripts (${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--out", defaultValue = "BENCHMARKS.md", description = "Report file (${DEFAULT-VALUE}).")
  Path out;

  private final StringBuilder md = new StringBuilder();
  private final List<String[]> targets = new ArrayList<>();
  private String argLine = "";

  public static void main(String[] args) {
    Bench bench = new Bench();
    bench.argLine = String.join(" ", args);
    // stopped early (Ctrl-C, kill): take the servers and load generators it started along
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
        .forEach(ProcessHandle::destroy)));
    System.exit(new CommandLine(bench).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path benchJar = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toAbsolutePath();
    Path dir = benchJar.getParent();
    Path cio = serverJar != null ? serverJar
        : dir.getParent().getParent().resolve("standalone").resolve(dir.getFileName()).resolve("cio-fake.jar");
    Path wm = wireMockJar != null ? wireMockJar : dir.resolve("wiremock-standalone.jar");
    for (Path p : List.of(cio, wm)) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException("no jar at " + p + ": build with mvn -Pbench -DskipTests package");
      }
    }
    Files.createDirectories(workDir);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ServerProcess.Setup setup = new ServerProcess.Setup(java, cio, wm, ServerProcess.Setup.wireMockRoot(workDir),
        List.copyOf(jvmFlags), workDir);
    LoadRunner runner = LoadRunner.create(load.equals("wrk"), wrkThreads, java, benchJar, workDir);
    Measure measure = new Measure(new Measure.Plan(setup, runner, warmup, seconds));
    String loadAtStart = Machine.loadAverage();
    long t0 = System.nanoTime();
    header(runner, java);
    Rounds r = new Rounds(measure, md);
    if (!skip.contains("curve")) {
      r.curve(connections, curveSeconds, curveSlice);
    }
    if (!skip.contains("rounds")) {
      double[] m = r.report(r.rounds(rounds, connections, maxOthers, retries), connections, maxOthers);
      target("throughput at " + connections + " connections >= 1.0x plain WireMock (journal off), median of rounds",
          Stats.f("%.2fx", m[0]), m[0] >= 1.0);
      target("p99 at " + connections + " connections <= 1.5x WireMock's in the same rounds", Stats.f("%.2fx", m[1]),
          m[1] <= 1.5);
      target("cio-fake's young GC pauses < 5 ms at the median under that load", Stats.f("%.1f ms", m[2]),
          m[2] < 5);
    }
    if (!skip.contains("scale")) {
      new Scale(measure, md).run(connections, manyConnections, people);
    }
    if (!skip.contains("startup")) {
      new Startup(setup, md).run(startupRuns);
    }
    md.append("\n## Targets of issue 21\n\nBenchmark figures of this run, not timed tests.\n\n| target | measured | |\n"
        + "|---|---|---|\n");
    targets.forEach(t -> md.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2])
        .append(" |\n"));
    md.append("\n## Run\n\nLoad average at start: `").append(loadAtStart).append("`, at end: `")
        .append(Machine.loadAverage()).append("`. The whole bench took ")
        .append(String.format(Locale.ROOT, "%.0f", (System.nanoTime() - t0) / 1e9)).append(" s.\n");
    Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    System.out.println(md);
    System.out.println("wrote " + out.toAbsolutePath());
    return 0;
  }

  private void target(String what, String measured, boolean met) {
    targets.add(new String[] {what, measured, met ? "met" : "**missed**"});
  }

  private void header(LoadRunner runner, Path java) throws Exception {
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    md.append("# Benchmarks\n\n<!-- GENERATED by the bench module (dev.ciofake.bench.Bench) from its own "
            + "measurements. Do not edit by hand: run the command below again. -->\n\n")
        .append("Generated ").append(Instant.now()).append(" by `bench/` (issue 21).\n\n## Command\n\n```\n"
            + "mvn -B -q -Pbench -DskipTests package && java -jar bench/target/cio-fake-bench.jar")
        .append(argLine.isEmpty() ? "" : " " + argLine).append("\n```\n\n## How it was measured\n\n")
        .append("Each server is its own JVM, started fresh for every run and stopped after it: cio-fake from "
            + "`standalone/target/cio-fake.jar` (`--no-rate-limits`: at the documented 100/s Track limit almost "
            + "every request would be a 429; everything else on: routing, auth, validation, state, pitfalls, its "
            + "journal), and plain WireMock 3.13.2 from its standalone jar with `--no-request-journal` and one stub "
            + "(`PUT /api/v1/customers/[^/]+` answers `{}`). Both get the same JVM (")
        .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
        .append(" at `").append(java).append("`) and the same flags: ")
        .append(jvmFlags.isEmpty() ? "none but the GC log (the JVM's defaults: G1, a quarter of the memory as the "
            + "largest heap)" : "`" + String.join(" ", jvmFlags) + "` and the GC log")
        .append(", `-Xlog:gc,gc+heap,gc+init` to a file, which the bench reads for pauses, allocation and "
            + "survivors. The load comes from ").append(runner.describe()).append(": a closed loop, each "
            + "connection keep-alive, sending its next request when the answer came; latency from writing a request "
            + "to reading its answer, as the generator records it. Each run: start, preload if the line says so, ")
        .append(warmup).append(" s of the same load (the JIT), then ").append(seconds).append(" s measured.\n\n")
        .append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (").append(cpu)
        .append("), ").append(Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " "))
        .append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
        .append("\n- **Noise:** a shared 2-core VM; other engineers' builds run on it. Each run reports the share of "
            + "the CPU that other processes used while it was measured, and the load average; the load generator "
            + "and the server share the 2 cores, for both servers alike.\n");
    System.out.print(md);
  }
}
