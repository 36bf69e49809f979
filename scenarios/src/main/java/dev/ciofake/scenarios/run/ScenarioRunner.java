package dev.ciofake.scenarios.run;

import dev.ciofake.scenarios.internal.run.ScenarioReports;
import dev.ciofake.scenarios.internal.run.ScenarioRun;
import dev.ciofake.scenarios.internal.run.SutPorts;
import dev.ciofake.scenarios.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plays scenarios against a system under test. For each scenario it starts a fresh fake in this process (so no state,
 * chaos rule or rate-limit window leaks from one scenario to the next), creates the workspace's people, starts the SUT
 * command with {@code PORT} and the {@code CIO_*} variables (or uses the URL of a running SUT), waits until the SUT is
 * ready, installs the timeline's chaos rules, fires the workload, delivery events and latency probes at their times,
 * waits for the SUT to settle, and judges the expectations on the fake's journal, pitfalls and webhook log.
 *
 * <p>Reports: {@link ScenarioReports} writes the run's JSON, JUnit XML and HTML; each scenario also leaves a folder
 * with the SUT's output, the fake's own report and its request journal.
 */
public final class ScenarioRunner {
  /** The User-Agent of the runner's own requests to the fake, which are not counted as the SUT's. */
  public static final String USER_AGENT = "cio-fake-scenario-runner";

  /** How progress is shown. */
  public enum Progress {
    /** One line per scenario, rewritten in place while it runs (for a terminal). */
    LIVE,
    /** A line when a scenario starts and one when it ends (for CI logs). */
    PLAIN,
    /** Only the final lines. */
    QUIET
  }

  /**
   * How to run.
   *
   * @param reportDir where the reports go
   * @param command the SUT command from the command line, overriding the files' (empty: use the files')
   * @param sutUrl URL of an already running SUT, overriding the files' (null: use the files')
   * @param port the fake's port (null: a free one, or 8091 when the SUT is a URL it must already know)
   * @param seed chaos seed overriding the files' (null: use the files')
   * @param out where progress goes
   * @param progress how progress is shown ({@link Progress#LIVE} shows as {@link Progress#PLAIN} when scenarios run
   *     at once: one line cannot show several)
   * @param parallel how many scenarios run at once (1: one after another). Each has its own fake on a free port and
   *     its own SUT process, and they start one at a time (the next once the one before is a second into its
   *     timeline); a scenario that uses a SUT URL, or a fake on a fixed port, runs alone, since it shares the SUT or
   *     the port with the others. Results and reports keep the order of the scenarios.
   */
  public record Options(Path reportDir, List<String> command, String sutUrl, Integer port, Long seed, PrintWriter out,
      Progress progress, int parallel) {
    public Options {
      command = List.copyOf(command);
      if (parallel < 1) {
        throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
      }
    }

    /** One scenario at a time. */
    public Options(Path reportDir, List<String> command, String sutUrl, Integer port, Long seed, PrintWriter out,
        Progress progress) {
      this(reportDir, command, sutUrl, port, seed, out, progress, 1);
    }
  }

  private final Options options;
  /** The progress shown: {@link Progress#LIVE} rewrites one line, which scenarios running at once cannot share. */
  private final Progress progress;
  /** Held by a scenario that shares its SUT URL or the fake's fixed port with the others, while it runs. */
  private final Object alone = new Object();
  /** Ports handed to SUTs of scenarios still running, so two running at once never get the same one. */
  private final SutPorts sutPorts = new SutPorts();

  public ScenarioRunner(Options options) {
    this.options = options;
    this.progress = options.parallel() > 1 && options.progress() == Progress.LIVE ? Progress.PLAIN
        : options.progress();
  }

  /**
   * Runs every scenario (up to {@link Options#parallel()} at once), prints a line per scenario and a summary, and
   * writes the reports.
   *
   * @return the results, in the order of {@code scenarios}
   */
  public List<ScenarioResult> runAll(List<Scenario> scenarios) throws IOException {
    long t0 = System.currentTimeMillis();
    List<String> runIds = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Scenario s : scenarios) {
      String id = s.name();
      for (int k = 2; !ids.add(id); k++) {
        id = s.name() + "-" + k;
      }
      runIds.add(id);
    }
    List<ScenarioResult> results = new ArrayList<>();
    if (options.parallel() == 1 || scenarios.size() < 2) {
      for (int i = 0; i < scenarios.size(); i++) {
        results.add(run(scenarios.get(i), runIds.get(i), label(i, scenarios.size(), runIds.get(i))));
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallel(), scenarios.size()),
          SutPorts.daemon("cio-scenario"));
      try {
        List<java.util.concurrent.Future<ScenarioResult>> running = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
          Scenario s = scenarios.get(i);
          String id = runIds.get(i);
          String label = label(i, scenarios.size(), id);
          running.add(pool.submit(() -> {
            if (!ownsItsSut(s)) {
              synchronized (alone) {
                return run(s, id, label);
              }
            }
            return run(s, id, label);
          }));
        }
        for (java.util.concurrent.Future<ScenarioResult> f : running) {
          results.add(f.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the scenarios ran", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("a scenario's run failed: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    List<Path> files = ScenarioReports.write(options.reportDir(), results, t0, System.currentTimeMillis());
    long passed = results.stream().filter(ScenarioResult::passed).count();
    PrintWriter out = options.out();
    out.printf(Locale.ROOT, "cio-fake scenarios: %d passed, %d failed (of %d) in %.1f s%n", passed,
        results.size() - passed, results.size(), (System.currentTimeMillis() - t0) / 1000.0);
    out.println("reports: " + files.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""));
    out.flush();
    return results;
  }

  /** Runs one scenario; prints its progress and final line. Never throws for a failing SUT: that is the result. */
  public ScenarioResult run(Scenario s, String id, String label) {
    return new ScenarioRun(options, progress, sutPorts, s, id, label).execute();
  }

  private static String label(int i, int n, String id) {
    return "[" + (i + 1) + "/" + n + "] " + id;
  }

  /**
   * Whether the scenario starts a SUT process of its own on a free port ({@code PORT}) and its fake takes a free port
   * too, so it can run at the same time as others; a running SUT's URL or a fixed port would be shared.
   */
  private boolean ownsItsSut(Scenario s) {
    List<String> command = options.command().isEmpty() ? s.sut().command() : options.command();
    return options.sutUrl() == null && !command.isEmpty() && options.port() == null
        && (s.sut().url() == null || s.sut().url().contains("${PORT}"));
  }
}
