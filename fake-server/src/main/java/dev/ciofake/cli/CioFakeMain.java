package dev.ciofake.cli;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.internal.config.Configuration;
import dev.ciofake.internal.config.Configuration.Kind;
import dev.ciofake.internal.config.Configuration.Setting;
import dev.ciofake.internal.util.Secrets;
import dev.ciofake.internal.util.SystemClock;
import dev.ciofake.internal.util.RawHttp;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code java -jar cio-fake.jar}: runs the fake until SIGTERM (or Ctrl-C). The server's flags and their
 * {@code CIO_FAKE_*} environment variables come from the one table of {@link Configuration}, which the Testcontainers
 * module and the extension's container mode use too, so a container is configured without changing its command and
 * an option means the same in process and in a container. A flag wins over its variable.
 *
 * <p>Exit codes: 0 after a clean stop (or a passed {@code --check}); 1 when {@code --check} fails; 2 for bad options;
 * 3 when the fake cannot start (the port is taken, a file cannot be read).
 */
@Command(name = "cio-fake", mixinStandardHelpOptions = true, versionProvider = CioFakeMain.Version.class,
    sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "A strict, stateful fake of the Customer.io Track and App APIs.",
        "Serves Track (/api/v1, /api/v2), App (/v1) and the admin API (/__cio) on one port, until SIGTERM.",
        "Every option can also be set with the environment variable named in its description; a flag wins."},
    footer = {"", "Exit codes: 0 stopped cleanly (or --check passed), 1 --check failed, 2 bad options, "
        + "3 could not start.",
        "", "Example:", "  java -jar cio-fake.jar --port 8091 --workspace shop:shop-track-key:shop-app-key",
        "  curl -u cio-fake-site:cio-fake-track-key -X PUT -H 'Content-Type: application/json' \\",
        "       -d '{\"email\":\"ada@example.com\"}' http://127.0.0.1:8091/api/v1/customers/42"})
public final class CioFakeMain implements Callable<Integer> {
  /** Exit code of a failed {@code --check}. */
  public static final int EXIT_CHECK_FAILED = 1;
  /** Exit code of bad options. */
  public static final int EXIT_BAD_OPTIONS = 2;
  /** Exit code when the fake cannot start (port in use, unreadable file). */
  public static final int EXIT_CANNOT_START = 3;

  @Option(names = "--chaos-file", paramLabel = "FILE",
      description = "Chaos rules to install at start, from a JSON or YAML file (env CIO_FAKE_CHAOS_FILE).")
  Path chaosFile;

  @Option(names = "--report-dir", paramLabel = "DIR",
      description = "On shutdown, write the integration report there as JSON, JUnit XML and HTML "
          + "(env CIO_FAKE_REPORT_DIR).")
  Path reportDir;

  @Option(names = "--check", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      description = "Start, send one identify through the whole stack, stop, and exit 0 if it was accepted "
          + "(1 if not): checks a configuration, and is how the build records the class-data archive that makes "
          + "later starts faster (env CIO_FAKE_CHECK).")
  Boolean check;

  /** The command line this instance runs in, so errors go to its (possibly redirected) err stream. */
  @CommandLine.Spec
  CommandSpec spec;

  private final Map<String, String> env;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile CioFakeServer server;

  /** A command that reads the process's environment. */
  public CioFakeMain() {
    this(System.getenv());
  }

  /** A command that reads {@code env} instead of the process's environment (tests, embedding). */
  public CioFakeMain(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  /** Entry point; exits with the code of the run (see the class comment). */
  public static void main(String[] args) {
    System.exit(commandLine(new CioFakeMain()).execute(args));
  }

  /** The configured picocli command line: the server's flags from the table, and other modules' subcommands. */
  public static CommandLine commandLine(CioFakeMain main) {
    CommandLine cl = new CommandLine(main);
    CommandSpec spec = cl.getCommandSpec();
    for (Setting s : Configuration.all()) {
      addOptions(spec, s);
    }
    // Subcommands of other modules on the class path (`scenario`, `audit`); none in a plain fake-server.
    for (CioFakeSubcommand sub : ServiceLoader.load(CioFakeSubcommand.class, CioFakeMain.class.getClassLoader())) {
      cl.addSubcommand(sub.command());
    }
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("cio-fake: " + ex.getMessage());
      return ex instanceof CannotStart ? EXIT_CANNOT_START : EXIT_BAD_OPTIONS;
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      PrintWriter err = c.getErr();
      err.println("cio-fake: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("See '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
      return EXIT_BAD_OPTIONS;
    });
    return cl;
  }

  private static void addOptions(CommandSpec spec, Setting s) {
    String envPart = " (env " + s.env() + (s.cliDefault() != null ? ", default " + s.cliDefault() : "") + ")";
    if (s.kind() == Kind.NEGATABLE) {
      spec.addOption(OptionSpec.builder(s.flag()).negatable(true).arity("0").type(boolean.class)
          .description(s.help() + envPart).build());
      return;
    }
    if (s.env().equals("CIO_FAKE_RATE_LIMITS")) {
      spec.addOption(OptionSpec.builder("--rate-limit").paramLabel(s.label()).type(List.class)
          .auxiliaryTypes(String.class).description(s.help() + " (env " + s.env() + ", comma-separated, or off)")
          .build());
      spec.addOption(OptionSpec.builder("--no-rate-limits").arity("0").type(boolean.class)
          .description("Switch rate limiting off: never answer 429 (env " + s.env() + "=off).").build());
      return;
    }
    OptionSpec.Builder b = OptionSpec.builder(s.flag()).description(s.help() + envPart);
    switch (s.kind()) {
      case SWITCH:
        b.arity("0..1").type(boolean.class).fallbackValue("true").paramLabel("true|false");
        break;
      case LIST:
      case JSON_LIST:
        b.paramLabel(s.label()).type(List.class).auxiliaryTypes(String.class);
        break;
      default:
        b.paramLabel(s.label()).type(String.class);
    }
    spec.addOption(b.build());
  }

  /**
   * The values of each setting, by variable name: the flags' when a flag was given, else the variable's, else the
   * command line's default (port 8091, bind 127.0.0.1).
   */
  Map<String, List<String>> values() {
    ParseResult parsed = spec.commandLine().getParseResult();
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Setting s : Configuration.all()) {
      List<String> given = new ArrayList<>();
      if (s.env().equals("CIO_FAKE_RATE_LIMITS")) {
        if (parsed != null && parsed.hasMatchedOption("--no-rate-limits")) {
          given.add("off");
        }
        if (parsed != null && parsed.hasMatchedOption("--rate-limit")) {
          given.addAll(parsed.matchedOptionValue("--rate-limit", List.<String>of()));
        }
      } else if (parsed != null && parsed.hasMatchedOption(s.flag())) {
        Object v = parsed.matchedOptionValue(s.flag(), null);
        if (v instanceof List<?> list) {
          list.forEach(x -> given.add(String.valueOf(x)));
        } else {
          given.add(String.valueOf(v));
        }
      }
      if (given.isEmpty() && env.get(s.env()) != null && !env.get(s.env()).isBlank()) {
        given.add(env.get(s.env()));
      }
      if (given.isEmpty() && s.cliDefault() != null) {
        given.add(s.cliDefault());
      }
      if (!given.isEmpty()) {
        out.put(s.env(), given);
      }
    }
    return out;
  }

  /** Builds the server options from the parsed flags and the environment. */
  CioFakeOptions options() {
    Map<String, List<String>> values = values();
    Path file = chaosFile != null ? chaosFile : path(env.get("CIO_FAKE_CHAOS_FILE"));
    if (file != null) {
      try {
        values.computeIfAbsent("CIO_FAKE_CHAOS", k -> new ArrayList<>()).add(0, Files.readString(file));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read --chaos-file " + file + ": " + e.getMessage());
      }
    }
    return Configuration.options(values);
  }

  private static Path path(String s) {
    return s == null || s.isBlank() ? null : Path.of(s.trim());
  }

  private boolean checkRequested() {
    if (check != null) {
      return check;
    }
    String e = env.get("CIO_FAKE_CHECK");
    return e != null && !e.isBlank() && Configuration.bool(e);
  }

  private Path reportDirectory() {
    return reportDir != null ? reportDir : path(env.get("CIO_FAKE_REPORT_DIR"));
  }

  /** The fake could not start; exit code 3. */
  static final class CannotStart extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CannotStart(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    long t0 = SystemClock.realNanos();
    CioFakeOptions options;
    try {
      options = options();
    } catch (CannotStart e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    boolean check = checkRequested();
    try {
      server = CioFakeServer.start(options);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } catch (IllegalStateException e) {
      throw new CannotStart(cannotStart(options, e));
    }
    if (!check) {
      // A clean stop on SIGTERM exits with 0, not the JVM's 143: halt once the server is stopped and reported.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        shutdown();
        System.out.flush();
        Runtime.getRuntime().halt(0);
      }, "cio-fake-shutdown"));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("cio-fake %s started in %d ms%n", CioFakeServer.version(), SystemClock.millisSince(t0));
    CioFake first = server.fake();
    out.println("cio-fake track " + first.trackUrl());
    out.println("cio-fake app   " + first.appUrl());
    out.println("cio-fake cdp   " + first.pipelinesUrl());
    out.println("cio-fake admin " + first.adminUrl());
    out.println("cio-fake ui    " + first.adminUrl() + "/ui");
    if (isWildcard(options.bindAddress())) {
      out.println("cio-fake listening on " + options.bindAddress() + ":" + server.port() + " (every interface): "
          + "from another host, or outside a container, use that host's address and the port mapped to "
          + server.port());
    }
    if (server.httpsBaseUrl() != null) {
      out.println("cio-fake https " + server.httpsBaseUrl() + " (certificate: " + first.adminUrl() + "/tls/ca.pem)");
    }
    for (CioFake w : server.fakes()) {
      out.println("cio-fake workspace site_id=" + w.siteId() + " track_api_key=" + Secrets.mask(w.trackApiKey())
          + " app_api_key=" + Secrets.mask(w.appApiKey()) + " pipelines_api_key=" + Secrets.mask(w.pipelinesApiKey()));
    }
    if (check) {
      return check(out);
    }
    stopped.await();
    return 0;
  }

  private static boolean isWildcard(String bind) {
    return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
  }

  /** The reason, and what to do about it: the common case is a port that another process holds. */
  private static String cannotStart(CioFakeOptions options, IllegalStateException e) {
    boolean portTaken = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || (t.getMessage() != null && t.getMessage().contains("Failed to bind"))) {
        portTaken = true;
      }
    }
    if (portTaken) {
      return "port " + options.port() + " on " + options.bindAddress() + " is already in use; stop what holds it, or "
          + "start with --port 0 (env CIO_FAKE_PORT=0) to take a free port";
    }
    return e.getMessage();
  }

  /**
   * {@code --check}: one identify over a plain socket (so the check loads what a client's request loads, and
   * nothing else), then a stop (with the report, when {@code --report-dir} is set).
   */
  private int check(PrintWriter out) {
    CioFake w = server.fake();
    String body = "{\"email\":\"check@example.com\",\"created_at\":" + SystemClock.realMillis() / 1000 + "}";
    String auth = "Basic " + Base64.getEncoder().encodeToString((w.siteId() + ":" + w.trackApiKey())
        .getBytes(StandardCharsets.UTF_8));
    long t0 = SystemClock.realNanos();
    String status;
    long ms;
    try {
      status = RawHttp.exchange(server.baseUrl(), "PUT", "/api/v1/customers/cio-fake-check",
          Map.of("Authorization", auth, "Content-Type", "application/json"), body, 10_000).statusLine();
      ms = SystemClock.millisSince(t0);
    } catch (IOException | RuntimeException e) {
      status = "(" + e + ")";
      ms = SystemClock.millisSince(t0);
    } finally {
      shutdown(); // writes --report-dir's report too
    }
    boolean ok = status.startsWith("HTTP/1.1 200");
    out.printf("cio-fake check %s: PUT /api/v1/customers/cio-fake-check in workspace %s answered %s in %d ms%n",
        ok ? "passed" : "FAILED", w.siteId(), status, ms);
    return ok ? 0 : EXIT_CHECK_FAILED;
  }

  /** Stops the server; called by the shutdown hook on SIGTERM or Ctrl-C. */
  void shutdown() {
    CioFakeServer s = server;
    if (s != null) {
      Path dir = reportDirectory();
      if (dir != null) {
        try {
          for (Path p : s.writeReports(dir)) {
            System.out.println("cio-fake report " + p.toAbsolutePath());
          }
        } catch (IOException | RuntimeException e) {
          System.err.println("cio-fake: could not write the report to " + dir + ": " + e.getMessage());
        }
      }
      s.stop();
      System.out.println("cio-fake stopped");
    }
    stopped.countDown();
  }

  /** The version for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cio-fake " + CioFakeServer.version(), "Java " + System.getProperty("java.version")};
    }
  }
}
