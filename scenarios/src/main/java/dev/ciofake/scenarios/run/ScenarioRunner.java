package dev.ciofake.scenarios.run;

import dev.ciofake.scenarios.internal.run.ScenarioReports;
import dev.ciofake.scenarios.internal.run.SutProcess;
import dev.ciofake.scenarios.internal.run.Templates;
import dev.ciofake.CioFake;
import dev.ciofake.RateClass;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import dev.ciofake.RateLimit;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.scenarios.Scenario;
import dev.ciofake.scenarios.internal.check.Attempt;
import dev.ciofake.scenarios.internal.check.Check;
import dev.ciofake.scenarios.internal.check.RunData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
  private static final long POLL_MILLIS = 200;
  /** How long the SUT must send nothing before the runner judges it done (when its expectations already hold). */
  static final long QUIET_MILLIS = 1000;

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
  private final Set<Integer> sutPorts = ConcurrentHashMap.newKeySet();
  /**
   * Held from a scenario's fake start until {@value #START_SLOT_MILLIS} ms into its timeline (or its end): scenarios
   * running at once, in this runner or another of the same JVM (whose fakes share its CPU), start one after another,
   * and the next start-up's CPU burst (a fake, a SUT process booting) lands neither on another start-up nor on the
   * first calls of the scenario before it, whose SUT is still cold (first requests, lazy loading) and most sensitive
   * to it in its timing checks.
   */
  private static final java.util.concurrent.Semaphore STARTING = new java.util.concurrent.Semaphore(1, true);
  /** How far into its timeline a scenario keeps the start slot. */
  static final long START_SLOT_MILLIS = 1000;

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
          daemon("cio-scenario"));
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
    return new Run(s, id, label).execute();
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

  // ------------------------------------------------------------------------------------------------ one run

  /** The state of one scenario's run. */
  private final class Run {
    private final Scenario s;
    private final String id;
    private final String label;
    private final Path dir;
    private final List<String> timelineLog = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<RunData.Sample> samples = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger callsDone = new AtomicInteger();
    private final AtomicInteger callsOk = new AtomicInteger();
    private final List<CompletableFuture<?>> inFlight = new CopyOnWriteArrayList<>();
    private final Set<String> runnerRequestIds = ConcurrentHashMap.newKeySet();
    private final String runId = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36),
        36);
    private final AtomicLong cioRequests = new AtomicLong();
    /** How many journal entries the runner reads (the fake keeps at most that many for a scenario). */
    private static final int JOURNAL = 200_000;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
        .findAndRegisterModules();
    private volatile boolean done;
    private volatile long t0;
    private int totalCalls;
    private int totalProbes;

    Run(Scenario s, String id, String label) {
      this.s = s;
      this.id = id;
      this.label = label;
      this.dir = options.reportDir().resolve(id);
    }

    private void log(long atMillis, String what) {
      timelineLog.add(t0 == 0 ? "  setup    " + what
          : String.format(Locale.ROOT, "%+7.2f s  %s", (atMillis - t0) / 1000.0, what));
    }

    ScenarioResult execute() {
      long started = System.currentTimeMillis();
      List<String> command = options.command().isEmpty() ? s.sut().command() : options.command();
      boolean startCommand = options.sutUrl() == null && !command.isEmpty();
      String urlTemplate = options.sutUrl() != null ? options.sutUrl()
          : s.sut().url() != null ? s.sut().url() : startCommand ? "http://127.0.0.1:${PORT}" : null;
      ScenarioResult.Sut sutInfo = new ScenarioResult.Sut(startCommand ? command : List.of(), urlTemplate);
      Map<String, Path> files = new LinkedHashMap<>();
      if (urlTemplate == null) {
        return finish(started, sutInfo, List.of(), files, "no system under test: give `-- <command...>` or "
            + "--sut-url on the command line, or sut.command / sut.url in the file");
      }
      plain("running (" + ScenarioReports.num(s.durationSeconds()) + " s timeline, up to "
          + ScenarioReports.num(s.settleSeconds()) + " s to settle)");
      int sutPort = startCommand ? freeSutPort() : -1;
      String sutUrl = Templates.expand(urlTemplate, Map.of("PORT", sutPort)).replaceAll("/+$", "");
      sutInfo = new ScenarioResult.Sut(sutInfo.command(), sutUrl);
      CioFakeOptions fakeOptions;
      try {
        fakeOptions = fakeOptions(startCommand, sutUrl);
      } catch (IllegalArgumentException e) {
        return finish(started, sutInfo, List.of(), files, "bad fake settings: " + e.getMessage());
      }
      ExecutorService httpPool = Executors.newCachedThreadPool(daemon("cio-scenario-http"));
      ScheduledExecutorService timers = Executors.newScheduledThreadPool(4, daemon("cio-scenario-timeline"));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpPool)
          .connectTimeout(Duration.ofSeconds(5)).build();
      CioFakeServer fake = null;
      SutProcess sut = null;
      java.util.concurrent.atomic.AtomicBoolean startSlot = new java.util.concurrent.atomic.AtomicBoolean();
      Runnable releaseStartSlot = () -> {
        if (startSlot.compareAndSet(true, false)) {
          STARTING.release();
        }
      };
      try {
        if (options.parallel() > 1) {
          STARTING.acquire();
          startSlot.set(true);
        }
        try {
          fake = CioFakeServer.start(fakeOptions);
        } catch (RuntimeException e) {
          return finish(started, sutInfo, List.of(), files, "the fake could not start: " + e.getMessage());
        }
        CioFake cio = fake.fake();
        String setupError = createPeople(http, fake);
        if (setupError != null) {
          return finish(started, sutInfo, List.of(), files, setupError);
        }
        if (startCommand) {
          Path cwd = s.sut().cwd() == null ? null : Path.of(s.sut().cwd());
          Path logFile = dir.resolve("sut.log");
          files.put("sut_log", logFile);
          try {
            sut = SutProcess.start(command, cwd, sutEnv(fake, sutPort), logFile);
          } catch (IOException e) {
            return finish(started, sutInfo, List.of(), files, "cannot start the SUT command " + command + ": "
                + e.getMessage());
          }
        }
        long waitFrom = System.currentTimeMillis();
        String notReady = awaitReady(http, sutUrl, sut);
        if (notReady != null) {
          return finish(started, sutInfo, List.of(), files, notReady);
        }
        log(System.currentTimeMillis(), "SUT ready at " + sutUrl + " after " + (System.currentTimeMillis() - waitFrom)
            + " ms");
        play(cio, http, timers, sutUrl);
        timers.schedule(releaseStartSlot, Math.min(START_SLOT_MILLIS, Math.round(s.durationSeconds() * 1000)),
            TimeUnit.MILLISECONDS);
        timers.scheduleAtFixedRate(() -> progress(cio), 0, 250, TimeUnit.MILLISECONDS);
        sleepUntil(t0 + Math.round(s.durationSeconds() * 1000), sut);
        boolean stopped = false;
        if (sut != null && s.sut().stopAfterTimeline() && sut.isAlive()) {
          long from = System.currentTimeMillis();
          int code = sut.stop(10);
          stopped = true;
          log(System.currentTimeMillis(), "stopped the SUT (SIGTERM) at the end of the timeline; it exited with code "
              + code + " after " + (System.currentTimeMillis() - from) + " ms");
        }
        long settleDeadline = t0 + Math.round((s.durationSeconds() + s.settleSeconds()) * 1000);
        awaitCalls(settleDeadline);
        List<Check> checks = Check.of(s.expect());
        RunData data = settle(cio, checks, settleDeadline, sut);
        log(System.currentTimeMillis(), "settled; judging " + checks.size() + " expectation(s)");
        List<CheckResult> verdicts = new ArrayList<>();
        for (Check c : checks) {
          verdicts.add(c.evaluate(data));
        }
        if (sut != null && !stopped && !sut.isAlive()) {
          errors.add("the SUT exited with code " + sut.exitCode() + " during the run; last output:\n  "
              + String.join("\n  ", sut.tail(15)));
        }
        saveFakeFiles(fake, cio, files);
        return finish(started, sutInfo, verdicts, files, errors.isEmpty() ? null : String.join("; ", errors));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return finish(started, sutInfo, List.of(), files, "interrupted");
      } catch (IOException | RuntimeException e) {
        return finish(started, sutInfo, List.of(), files, "the runner failed: " + e);
      } finally {
        releaseStartSlot.run();
        timers.shutdownNow();
        if (sut != null) {
          sut.close();
        }
        sutPorts.remove(sutPort);
        if (fake != null) {
          fake.stop();
        }
        httpPool.shutdownNow();
      }
    }

    private CioFakeOptions fakeOptions(boolean startCommand, String sutUrl) {
      Scenario.Workspace w = s.workspace();
      Scenario.Settings st = w.settings();
      CioFakeOptions.Builder b = CioFakeOptions.builder()
          .port(options.port() != null ? options.port() : startCommand ? 0 : 8091)
          .workspace(new WorkspaceCredentials(w.siteId(), w.trackApiKey(), w.appApiKey(), w.pipelinesApiKey()))
          .maxJournalEntries(200_000)
          .journalBodyBytes(1 << 20) // whole bodies, so a refused attempt and its retry compare equal
          .chaosSeed(seed())
          .lenientTimestamps(st.lenientTimestamps())
          .rateLimits(st.rateLimitsEnabled())
          .webhookRetryScale(st.webhookRetryScale())
          .deliveryProblemGrace(Duration.ofMillis(Math.round(st.deliveryProblemGraceSeconds() * 1000)));
      st.rateLimits().forEach((cls, spec) -> b.rateLimit(RateClass.parse(cls), RateLimit.parse(spec)));
      if (w.webhook() != null) {
        String url = w.webhook().url() != null ? w.webhook().url() : sutUrl + w.webhook().path();
        b.webhook(url, w.webhook().secret());
      }
      return b.build();
    }

    private long seed() {
      return options.seed() != null ? options.seed() : s.seed();
    }

    /** PORT and the CIO_* variables, then the file's env (which may use them). */
    private Map<String, String> sutEnv(CioFakeServer fake, int port) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("CIO_TRACK_URL", fake.fake().trackUrl());
      env.put("CIO_APP_URL", fake.fake().appUrl());
      env.put("CIO_SITE_ID", s.workspace().siteId());
      env.put("CIO_TRACK_API_KEY", s.workspace().trackApiKey());
      env.put("CIO_APP_API_KEY", s.workspace().appApiKey());
      env.put("CIO_PIPELINES_URL", fake.fake().pipelinesUrl());
      env.put("CIO_PIPELINES_HOST", fake.fake().baseUrl());
      env.put("CIO_PIPELINES_API_KEY", s.workspace().pipelinesApiKey());
      env.put("CIO_WEBHOOK_SECRET", s.workspace().webhook() == null ? CioFakeOptions.DEFAULT_WEBHOOK_SECRET
          : s.workspace().webhook().secret());
      env.put("CIO_SCENARIO", s.name());
      env.put("PORT", String.valueOf(port));
      Map<String, String> vars = new HashMap<>(env);
      s.sut().env().forEach((k, v) -> env.put(k, Templates.expand(v, vars)));
      return env;
    }

    /** Identifies the workspace's people through the Track API, as the runner (not counted as the SUT). */
    private String createPeople(HttpClient http, CioFakeServer fake) throws InterruptedException {
      String auth = "Basic " + java.util.Base64.getEncoder().encodeToString((s.workspace().siteId() + ":"
          + s.workspace().trackApiKey()).getBytes(StandardCharsets.UTF_8));
      for (Scenario.Person p : s.workspace().people()) {
        ObjectNode body = p.attributes().deepCopy();
        if (p.email() != null) {
          body.put("email", p.email());
        }
        if (!body.has("created_at")) {
          body.put("created_at", Instant.now().getEpochSecond() - 86_400);
        }
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fake.fake().trackUrl() + "/customers/"
              + java.net.URLEncoder.encode(p.id(), StandardCharsets.UTF_8).replace("+", "%20")))
              .header("Authorization", auth).header("Content-Type", "application/json")
              .header("User-Agent", USER_AGENT).timeout(Duration.ofSeconds(10))
              .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
          r.headers().firstValue("X-CIO-Fake-Request-Id").ifPresent(runnerRequestIds::add);
          if (r.statusCode() / 100 != 2) {
            return "workspace.people: the fake refused person " + p.id() + " (" + r.statusCode() + "): " + r.body();
          }
        } catch (IOException e) {
          return "workspace.people: cannot create person " + p.id() + ": " + e.getMessage();
        }
      }
      if (!s.workspace().people().isEmpty()) {
        log(System.currentTimeMillis(), "created " + s.workspace().people().size() + " existing person(s)");
      }
      return null;
    }

    /** Polls GET {ready_path} until 2xx; null when ready, else why not. */
    private String awaitReady(HttpClient http, String sutUrl, SutProcess sut) throws InterruptedException {
      long deadline = System.currentTimeMillis() + Math.round(s.sut().startTimeoutSeconds() * 1000);
      String last = "no answer";
      URI uri;
      try {
        uri = URI.create(sutUrl + s.sut().readyPath());
      } catch (IllegalArgumentException e) {
        return "bad SUT URL " + sutUrl + s.sut().readyPath() + ": " + e.getMessage();
      }
      while (System.currentTimeMillis() < deadline) {
        if (sut != null && !sut.isAlive()) {
          return "the SUT exited with code " + sut.exitCode() + " before it was ready; last output:\n  "
              + String.join("\n  ", sut.tail(20));
        }
        try {
          HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() / 100 == 2) {
            return null;
          }
          last = "status " + r.statusCode();
        } catch (IOException e) {
          last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        Thread.sleep(100);
      }
      return "the SUT was not ready at GET " + uri + " within " + ScenarioReports.num(s.sut().startTimeoutSeconds())
          + " s (last: " + last + ")" + (sut == null ? "" : "; last output:\n  " + String.join("\n  ", sut.tail(20)));
    }

    /** Installs the chaos rules and schedules delivery events, workload calls and probes, from now. */
    private void play(CioFake cio, HttpClient http, ScheduledExecutorService timers, String sutUrl) {
      List<Scenario.ChaosWindow> chaos = new ArrayList<>();
      s.timeline().forEach(t -> {
        if (t instanceof Scenario.ChaosWindow c) {
          chaos.add(c);
        }
      });
      t0 = System.currentTimeMillis();
      if (s.expect().noDataLost() != null && s.expect().noDataLost().pipelinesCalls() != null) {
        cio.expectPipelinesCalls(s.expect().noDataLost().pipelinesCalls());
        log(t0, "told the fake to expect " + s.expect().noDataLost().pipelinesCalls() + " Pipelines call(s)");
      }
      if (!chaos.isEmpty()) {
        for (int i = 0; i < chaos.size(); i++) {
          cio.chaos().rule(chaos.get(i).toRule(seed() + i).toString()).apply();
        }
        for (Scenario.ChaosWindow c : chaos) {
          log(t0, "chaos " + c.effect() + (c.match().isEmpty() ? " on every request" : " on " + c.match())
              + " from " + ScenarioReports.num(c.from()) + " s to "
              + (c.to() == null ? "the end" : ScenarioReports.num(c.to()) + " s"));
        }
      }
      for (Scenario.TimelineItem t : s.timeline()) {
        if (t instanceof Scenario.Delivery d) {
          at(timers, d.at() * 1000, () -> deliver(cio, d));
        }
      }
      for (Scenario.Workload w : s.workload()) {
        totalCalls += w.count();
        for (int k = 0; k < w.count(); k++) {
          int n = k + 1;
          at(timers, w.at() * 1000 + (double) k * w.everyMs(), () -> inFlight.add(call(http, sutUrl, w.request(), n)
              .thenAccept(this::countCall)));
        }
      }
      Scenario.Latency lat = s.expect().latency();
      if (lat != null) {
        int probes = (int) Math.floor((lat.to() - lat.from()) * 1000 / lat.everyMs()) + 1;
        totalProbes = probes;
        for (int k = 0; k < probes; k++) {
          int n = k + 1;
          at(timers, lat.from() * 1000 + (double) k * lat.everyMs(), () -> inFlight.add(call(http, sutUrl,
              lat.probe(), n).thenAccept(samples::add)));
        }
      }
    }

    private void at(ScheduledExecutorService timers, double offsetMillis, Runnable r) {
      long delay = t0 + Math.round(offsetMillis) - System.currentTimeMillis();
      timers.schedule(() -> {
        try {
          r.run();
        } catch (RuntimeException e) {
          errors.add("the runner failed at " + ScenarioReports.num(offsetMillis / 1000) + " s: " + e);
        }
      }, Math.max(0, delay), TimeUnit.MILLISECONDS);
    }

    private void deliver(CioFake cio, Scenario.Delivery d) {
      CioFake.Simulation sim = cio.simulate(d.metric());
      if (d.person() != null) {
        sim.person(d.person());
      }
      if (d.deliveryId() != null) {
        sim.delivery(d.deliveryId());
      }
      if (d.objectType() != null) {
        sim.objectType(d.objectType());
      }
      if (d.failureMessage() != null) {
        sim.failureMessage(d.failureMessage());
      }
      String what = "deliver " + d.metric() + " for " + (d.person() != null ? d.person() : d.deliveryId());
      try {
        Map<String, Object> event = sim.send();
        log(System.currentTimeMillis(), what + " (event " + event.get("event_id") + ")");
      } catch (RuntimeException e) {
        String msg = "timeline event at " + ScenarioReports.num(d.at()) + " s (" + what + ") failed: "
            + e.getMessage();
        log(System.currentTimeMillis(), msg);
        errors.add(msg);
      }
    }

    /** One call to the SUT; completes with its sample (never exceptionally). */
    private CompletableFuture<RunData.Sample> call(HttpClient http, String sutUrl, Scenario.Call c, int n) {
      long at = System.currentTimeMillis();
      Map<String, Object> vars = Map.of("n", n, "run", runId, "now", at / 1000, "now_ms", at, "scenario", s.name());
      HttpRequest req;
      try {
        JsonNode body = Templates.expand(c.body(), vars);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sutUrl + Templates.expand(c.path(), vars)))
            .timeout(Duration.ofMillis(c.timeoutMs()))
            .method(c.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
          b.header("Content-Type", "application/json");
        }
        c.headers().forEach((k, v) -> b.header(k, Templates.expand(v, vars)));
        req = b.build();
      } catch (IllegalArgumentException e) {
        return CompletableFuture.completedFuture(new RunData.Sample(at, 0, 0, "bad request: " + e.getMessage()));
      }
      long t = System.nanoTime();
      return http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).handle((r, ex) -> {
        long ms = (System.nanoTime() - t) / 1_000_000;
        if (ex == null) {
          return new RunData.Sample(at, ms, r.statusCode(), null);
        }
        Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null
            ? ex.getCause() : ex;
        String why = cause instanceof HttpTimeoutException ? "timeout after " + c.timeoutMs() + " ms"
            : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new RunData.Sample(at, ms, 0, why);
      });
    }

    private void countCall(RunData.Sample sample) {
      callsDone.incrementAndGet();
      if (sample.status() / 100 == 2) {
        callsOk.incrementAndGet();
      }
      String kind = sample.error() != null ? (sample.error().startsWith("timeout") ? "timeout" : "no answer")
          : String.valueOf(sample.status());
      outcomes.merge(kind, 1, Integer::sum);
    }

    private void sleepUntil(long epochMillis, SutProcess sut) throws InterruptedException {
      while (System.currentTimeMillis() < epochMillis) {
        if (sut != null && !sut.isAlive()) {
          return;
        }
        Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, epochMillis - System.currentTimeMillis())));
      }
    }

    /** Waits for the workload calls and probes still in flight (at most until the deadline). */
    private void awaitCalls(long deadline) throws InterruptedException {
      for (CompletableFuture<?> f : inFlight) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return;
        }
        try {
          f.get(left, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          // a call's own failure is recorded in its sample; a slow one is left behind
        }
      }
    }

    /**
     * Polls until the eventual expectations hold and the SUT has been quiet (no request to the fake) for
     * {@value #QUIET_MILLIS} ms, or the settle time is over; returns the final observation. The quiet time keeps a
     * queue that is still draining from being judged half-way.
     */
    private RunData settle(CioFake cio, List<Check> checks, long deadline, SutProcess sut)
        throws IOException, InterruptedException {
      List<Check> eventual = checks.stream().filter(Check::eventual).toList();
      int seen = -1;
      long quietSince = System.currentTimeMillis();
      while (true) {
        RunData data = observe(cio);
        long now = System.currentTimeMillis();
        if (data.attempts().size() != seen) {
          seen = data.attempts().size();
          quietSince = now;
        }
        boolean held = now - quietSince >= QUIET_MILLIS && eventual.stream().allMatch(c -> c.evaluate(data).passed());
        if (held || now >= deadline || (sut != null && !sut.isAlive() && !s.sut().stopAfterTimeline())) {
          return observe(cio);
        }
        Thread.sleep(Math.min(250, Math.max(1, deadline - System.currentTimeMillis())));
      }
    }

    private RunData observe(CioFake cio) {
      List<Attempt> attempts = new ArrayList<>();
      for (CioFake.Request e : cio.requests(JOURNAL)) {
        Attempt a = Attempt.fromJournal(e);
        if (USER_AGENT.equals(a.header("User-Agent"))) {
          runnerRequestIds.add(a.requestId());
          continue;
        }
        attempts.add(a);
      }
      List<Pitfall> pitfalls = cio.pitfalls();
      List<RunData.Report> reports = new ArrayList<>();
      Map<String, Long> firstPost = new HashMap<>();
      for (CioFake.WebhookAttempt a : cio.webhookAttempts()) {
        firstPost.merge(a.eventId(), a.at().toEpochMilli(), Math::min);
      }
      for (Map<String, Object> e : cio.webhookEvents()) {
        Map<?, ?> data = e.get("data") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> ids = data.get("identifiers") instanceof Map<?, ?> m ? m : Map.of();
        String eventId = String.valueOf(e.get("event_id"));
        long timestamp = e.get("timestamp") instanceof Number n ? n.longValue() : 0;
        reports.add(new RunData.Report(eventId, String.valueOf(e.get("metric")),
            firstPost.getOrDefault(eventId, timestamp * 1000), text(ids, "id"), text(ids, "email"),
            text(ids, "cio_id")));
      }
      return new RunData(t0, attempts, pitfalls, runnerRequestIds, reports, new ArrayList<>(samples));
    }

    private static String text(Map<?, ?> n, String field) {
      Object v = n.get(field);
      return v == null || v.toString().isEmpty() ? null : v.toString();
    }

    private void saveFakeFiles(CioFakeServer fake, CioFake cio, Map<String, Path> files) throws IOException {
      Files.createDirectories(dir);
      List<Path> written = fake.writeReports(dir);
      files.put("fake_report_html", written.get(2));
      files.put("fake_report_json", written.get(0));
      Path journal = dir.resolve("journal.json");
      Files.writeString(journal, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
          Map.of("requests", cio.requests(JOURNAL))), StandardCharsets.UTF_8);
      files.put("journal", journal);
    }

    private void progress(CioFake cio) {
      if (progress != Progress.LIVE) {
        return;
      }
      try {
        // the fake numbers its requests (req_N): the newest one's number is how many it served
        List<CioFake.Request> newest = cio.requests(1);
        if (!newest.isEmpty() && newest.get(0).id().startsWith("req_")) {
          cioRequests.set(Long.parseLong(newest.get(0).id().substring(4)));
        }
      } catch (RuntimeException e) {
        // the count is cosmetic
      }
      double elapsed = (System.currentTimeMillis() - t0) / 1000.0;
      String clock = elapsed <= s.durationSeconds()
          ? String.format(Locale.ROOT, "timeline %.1f/%s s", elapsed, ScenarioReports.num(s.durationSeconds()))
          : String.format(Locale.ROOT, "settling %.1f s (at most %s s)", elapsed - s.durationSeconds(),
              ScenarioReports.num(s.settleSeconds()));
      String line = String.format(Locale.ROOT, "  ....  %s  %s  calls %d/%d  probes %d/%d  Customer.io requests %d",
          label, clock, callsDone.get(), totalCalls, samples.size(), totalProbes, cioRequests.get());
      synchronized (options.out()) {
        if (!done) {
          options.out().print("\r" + line + "   ");
          options.out().flush();
        }
      }
    }

    private void plain(String what) {
      if (progress == Progress.PLAIN) {
        options.out().println("  ....  " + label + ": " + what);
        options.out().flush();
      }
    }

    private ScenarioResult finish(long started, ScenarioResult.Sut sutInfo, List<CheckResult> checks,
        Map<String, Path> files, String error) {
      boolean passed = error == null && !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed);
      long ms = System.currentTimeMillis() - started;
      Map<String, Integer> sortedOutcomes = new TreeMap<>(outcomes);
      ScenarioResult r = new ScenarioResult(s, id, passed, error, checks, started, ms, sutInfo,
          new ScenarioResult.Workload(totalCalls, callsOk.get(), sortedOutcomes), List.copyOf(timelineLog),
          Collections.unmodifiableMap(files));
      printFinal(r);
      return r;
    }

    private void printFinal(ScenarioResult r) {
      PrintWriter out = options.out();
      StringBuilder sb = new StringBuilder();
      if (progress == Progress.LIVE) {
        sb.append("\r\033[2K");
      }
      String verdict = r.passed() ? "PASS " : r.error() != null ? "ERROR" : "FAIL ";
      sb.append(String.format(Locale.ROOT, "  %s %s (%.1f s)", verdict, label, r.durationMillis() / 1000.0));
      if (r.error() != null) {
        sb.append("  ").append(r.error().replace("\n", "\n        "));
      } else if (r.passed()) {
        sb.append("  ").append(r.checks().size()).append('/').append(r.checks().size()).append(" expectations held");
      } else {
        for (CheckResult c : r.failures()) {
          sb.append("\n        ").append(c.expectation()).append(": ").append(c.summary());
        }
      }
      synchronized (out) {
        done = true;
        out.println(sb);
        out.flush();
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** A free port for a SUT, never one a SUT of a scenario still running was given. */
  private int freeSutPort() {
    for (int attempt = 0; ; attempt++) {
      int port = freePort();
      if (sutPorts.add(port) || attempt >= 20) {
        return port;
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the SUT", e);
    }
  }
}
