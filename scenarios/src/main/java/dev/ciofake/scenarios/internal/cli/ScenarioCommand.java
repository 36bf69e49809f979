package dev.ciofake.scenarios.internal.cli;

import dev.ciofake.scenarios.Scenario;
import dev.ciofake.scenarios.ScenarioFileException;
import dev.ciofake.scenarios.ScenarioParser;
import dev.ciofake.scenarios.run.ScenarioResult;
import dev.ciofake.scenarios.run.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cio-fake scenario}: CI scenario suites. {@code run} plays scenario files against a system under test and
 * exits 0 only when every expectation held ({@link #FAILED}, {@link #BAD_INPUT}, {@link #SETUP_FAILED} otherwise); {@code validate} checks files; {@code schema} prints the JSON Schema;
 * {@code list} names the shipped suites.
 */
@Command(name = "scenario", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    versionProvider = ScenarioCommand.Version.class,
    description = {"Put a system under test (SUT) through rate limiting, outages, a slow API, bounces and complaints, "
        + "and check how it copes. See README, \"CI scenarios\"."},
    subcommands = {ScenarioCommand.Run.class, ScenarioCommand.Validate.class, ScenarioCommand.Schema.class,
        ScenarioCommand.ListSuites.class})
public final class ScenarioCommand implements Callable<Integer> {
  /** Exit code when an expectation failed (every scenario ran). */
  public static final int FAILED = 1;
  /** Exit code for a bad scenario file or bad usage (nothing ran). */
  public static final int BAD_INPUT = 2;
  /**
   * Exit code when a scenario could not run (its SUT did not start or was not ready, the fake could not start, a port
   * was in use, the reports could not be written): a problem of the set-up, not of the SUT's integration.
   */
  public static final int SETUP_FAILED = 3;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return BAD_INPUT;
  }

  /** Reads every file; prints every problem of every bad file. Null when any file is bad. */
  static List<Scenario> load(List<String> files, PrintWriter err) {
    List<Scenario> out = new ArrayList<>();
    boolean bad = false;
    for (String f : files) {
      try {
        out.add(ScenarioParser.load(f));
      } catch (ScenarioFileException e) {
        bad = true;
        err.println(e.getMessage());
      }
    }
    err.flush();
    return bad ? null : out;
  }

  /** {@code scenario run FILE... [-- COMMAND...]}. */
  @Command(name = "run", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
      description = {"Runs each scenario: starts a fresh fake, starts the SUT command (with PORT and the CIO_* "
          + "variables) or uses --sut-url, plays the timeline and workload, and judges the expectations.",
          "Writes scenario-report.json, .xml (JUnit) and .html to --report-dir.",
          "Exit code: 0 when every expectation held, 1 when one failed, 2 for a bad file or bad usage (nothing "
              + "ran), 3 when a scenario could not run (no SUT, SUT not ready, port in use, reports not written)."},
      footer = {"", "Examples:",
          "  java -jar cio-fake.jar scenario run slow-api outage-and-recovery -- node scenarios/sample-app/server.js",
          "  java -jar cio-fake.jar scenario run --sut-url http://127.0.0.1:3000 --port 8091 outage-and-recovery"})
  static final class Run implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..*",
        description = {"Scenario files (YAML), or names of shipped suites (rate-limit-burst, outage-and-recovery, "
            + "slow-api, bounce-handling, complaint-handling, bad-credentials-and-timestamps, everything); then "
            + "-- and the SUT command."})
    List<String> positionals = new ArrayList<>();

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "scenario-reports",
        description = "Where the reports go (default ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--sut-url", paramLabel = "URL",
        description = "Base URL of a SUT that is already running (it must use the fake at --port); instead of a "
            + "command.")
    String sutUrl;

    @Option(names = "--port", paramLabel = "N",
        description = "Port of the fake (default: a free one; 8091 with --sut-url).")
    Integer port;

    @Option(names = "--seed", paramLabel = "N", description = "Chaos seed for every scenario, instead of the files'.")
    Long seed;

    @Option(names = "--progress", paramLabel = "auto|live|plain|quiet", defaultValue = "auto",
        description = "live rewrites one line per scenario (a terminal); plain prints start and end lines "
            + "(CI logs); default ${DEFAULT-VALUE}.")
    String progress;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
        description = "Runs up to N scenarios at once, each with its own fake and its own SUT process (default "
            + "${DEFAULT-VALUE}: one after another); each starts once the one before is a second into its timeline. "
            + "Scenarios that use --sut-url, a sut.url without $${PORT} or a fixed --port run one at a time. Reports "
            + "keep the order of the files; progress is plain.")
    int parallel;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<String> command = commandAfterDoubleDash();
      List<String> files = new ArrayList<>(positionals.subList(0, positionals.size() - command.size()));
      if (files.isEmpty()) {
        err.println("cio-fake scenario run: give at least one scenario file, e.g. "
            + "scenario run scenarios/suites/*.yaml -- node server.js");
        err.flush();
        return BAD_INPUT;
      }
      ScenarioRunner.Progress mode;
      switch (progress.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "live":
          mode = ScenarioRunner.Progress.LIVE;
          break;
        case "plain":
          mode = ScenarioRunner.Progress.PLAIN;
          break;
        case "quiet":
          mode = ScenarioRunner.Progress.QUIET;
          break;
        case "auto":
          mode = System.console() != null ? ScenarioRunner.Progress.LIVE : ScenarioRunner.Progress.PLAIN;
          break;
        default:
          err.println("cio-fake scenario run: --progress takes auto, live, plain or quiet, got '" + progress + "'");
          err.flush();
          return BAD_INPUT;
      }
      if (parallel < 1) {
        err.println("cio-fake scenario run: --parallel takes a number of scenarios, 1 or more, got " + parallel);
        err.flush();
        return BAD_INPUT;
      }
      List<Scenario> scenarios = load(files, err);
      if (scenarios == null) {
        return BAD_INPUT;
      }
      ScenarioRunner runner = new ScenarioRunner(new ScenarioRunner.Options(reportDir, command, sutUrl, port, seed,
          out, mode, parallel));
      try {
        List<ScenarioResult> results = runner.runAll(scenarios);
        return results.stream().anyMatch(r -> r.error() != null) ? SETUP_FAILED
            : results.stream().allMatch(ScenarioResult::passed) ? 0 : FAILED;
      } catch (IOException e) {
        err.println("cio-fake scenario run: cannot write the reports to " + reportDir + ": " + e.getMessage());
        err.flush();
        return SETUP_FAILED;
      }
    }

    /**
     * The SUT command: what follows the first {@code --}. Picocli treats everything after {@code --} as positional
     * parameters, so they are taken off the end of the positionals.
     */
    private List<String> commandAfterDoubleDash() {
      List<String> original = spec.commandLine().getParseResult().originalArgs();
      int run = original.indexOf("run");
      int dashes = original.subList(Math.max(0, run), original.size()).indexOf("--");
      if (dashes < 0) {
        return List.of();
      }
      int from = Math.max(0, run) + dashes + 1;
      List<String> command = original.subList(from, original.size());
      int n = Math.min(command.size(), positionals.size());
      return List.copyOf(positionals.subList(positionals.size() - n, positionals.size()));
    }
  }

  /** {@code scenario validate FILE...}. */
  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Checks scenario files against the schema and the runner's rules; prints each problem with its "
          + "line and column. Exit code 0 when all are valid, 2 otherwise.")
  static final class Validate implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Scenario files, or names of shipped suites.")
    List<String> files = new ArrayList<>();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<Scenario> scenarios = load(files, spec.commandLine().getErr());
      if (scenarios == null) {
        return BAD_INPUT;
      }
      for (int i = 0; i < scenarios.size(); i++) {
        Scenario s = scenarios.get(i);
        out.println("ok " + files.get(i) + ": " + s.name() + " (" + s.timeline().size() + " timeline item(s), "
            + s.workload().size() + " workload stream(s))");
      }
      out.flush();
      return 0;
    }
  }

  /** {@code scenario schema}. */
  @Command(name = "schema", mixinStandardHelpOptions = true,
      description = "Prints the JSON Schema of scenario files (draft 2020-12), for editors.")
  static final class Schema implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().print(ScenarioParser.schemaText());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code scenario list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists the shipped suites, which `scenario run NAME` runs without a checkout.")
  static final class ListSuites implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ScenarioFileException {
      PrintWriter out = spec.commandLine().getOut();
      int width = ScenarioParser.SHIPPED.stream().mapToInt(String::length).max().orElse(0);
      for (String name : ScenarioParser.SHIPPED) {
        Scenario s = ScenarioParser.load(name);
        String d = s.description().replaceAll("\\s+", " ");
        out.println(String.format(java.util.Locale.ROOT, "%-" + width + "s  %s", name,
            d.length() > 100 ? d.substring(0, 97) + "..." : d));
      }
      out.flush();
      return 0;
    }
  }

  /** The version for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cio-fake scenario " + dev.ciofake.CioFakeServer.version()};
    }
  }
}
