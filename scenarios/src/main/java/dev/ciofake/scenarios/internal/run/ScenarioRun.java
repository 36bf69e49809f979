package dev.ciofake.scenarios.internal.run;

import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.CioFake;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import dev.ciofake.scenarios.Scenario;
import dev.ciofake.scenarios.internal.check.Attempt;
import dev.ciofake.scenarios.internal.check.Check;
import dev.ciofake.scenarios.internal.check.RunData;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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

import dev.ciofake.scenarios.run.ScenarioResult;
import dev.ciofake.scenarios.run.ScenarioRunner;
import dev.ciofake.scenarios.run.ScenarioRunner.Options;
import dev.ciofake.scenarios.run.ScenarioRunner.Progress;
/**
 * One scenario's run, for {@link ScenarioRunner}: starts a fresh fake, seeds the workspace, starts or reaches the SUT,
 * plays the timeline (workload, chaos, delivery events, probes), waits for the SUT to settle, judges the expectations
 * and writes the scenario's folder. {@link #execute()} never throws for a failing SUT: that is the result.
 *
 * <p>A little over 500 lines: one run's state and its steps in the order they happen; what comes before the timeline
 * is {@link ScenarioSetup}, the reports {@link ScenarioReports}, the judging the checks of {@code internal.check}.
 */
public final class ScenarioRun {
  private static final long POLL_MILLIS = 200;
  /** How long the SUT must send nothing before the runner judges it done (when its expectations already hold). */
  static final long QUIET_MILLIS = 1000;
  /**
   * Held from a scenario's fake start until {@value #START_SLOT_MILLIS} ms into its timeline (or its end): scenarios
   * running at once, in one runner or another of the same JVM (whose fakes share its CPU), start one after another,
   * and the next start-up's CPU burst (a fake, a SUT process booting) lands neither on another start-up nor on the
   * first calls of the scenario before it, whose SUT is still cold (first requests, lazy loading) and most sensitive
   * to it in its timing checks.
   */
  private static final java.util.concurrent.Semaphore STARTING = new java.util.concurrent.Semaphore(1, true);
  /** How far into its timeline a scenario keeps the start slot. */
  static final long START_SLOT_MILLIS = 1000;

  private final Options options;
  private final Progress progress;
  private final SutPorts sutPorts;

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

  /**
   * @param progress how progress is shown ({@link Progress#LIVE} only when this run is the only one)
   * @param sutPorts the ports handed to the SUTs of scenarios still running
   */
  public ScenarioRun(Options options, Progress progress, SutPorts sutPorts, Scenario s, String id, String label) {
    this.options = options;
    this.progress = progress;
    this.sutPorts = sutPorts;
    this.s = s;
    this.id = id;
    this.label = label;
    this.dir = options.reportDir().resolve(id);
  }

  private void log(long atMillis, String what) {
    timelineLog.add(t0 == 0 ? "  setup    " + what
        : String.format(Locale.ROOT, "%+7.2f s  %s", (atMillis - t0) / 1000.0, what));
  }

  /** Runs the scenario; prints its progress and final line. */
  public ScenarioResult execute() {
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
    int sutPort = startCommand ? sutPorts.take() : -1;
    String sutUrl = Templates.expand(urlTemplate, Map.of("PORT", sutPort)).replaceAll("/+$", "");
    sutInfo = new ScenarioResult.Sut(sutInfo.command(), sutUrl);
    CioFakeOptions fakeOptions;
    try {
      fakeOptions = ScenarioSetup.fakeOptions(s, options, startCommand, sutUrl);
    } catch (IllegalArgumentException e) {
      return finish(started, sutInfo, List.of(), files, "bad fake settings: " + e.getMessage());
    }
    ExecutorService httpPool = Executors.newCachedThreadPool(SutPorts.daemon("cio-scenario-http"));
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(4, SutPorts.daemon("cio-scenario-timeline"));
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
      String setupError = ScenarioSetup.createPeople(s, http, fake, runnerRequestIds,
          what -> log(System.currentTimeMillis(), what));
      if (setupError != null) {
        return finish(started, sutInfo, List.of(), files, setupError);
      }
      if (startCommand) {
        Path cwd = s.sut().cwd() == null ? null : Path.of(s.sut().cwd());
        Path logFile = dir.resolve("sut.log");
        files.put("sut_log", logFile);
        try {
          sut = SutProcess.start(command, cwd, ScenarioSetup.sutEnv(s, fake, sutPort), logFile);
        } catch (IOException e) {
          return finish(started, sutInfo, List.of(), files, "cannot start the SUT command " + command + ": "
              + e.getMessage());
        }
      }
      long waitFrom = System.currentTimeMillis();
      String notReady = ScenarioSetup.awaitReady(s, http, sutUrl, sut);
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
      saveFakeFiles(fake, cio, files, verdicts);
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
      sutPorts.release(sutPort);
      if (fake != null) {
        fake.stop();
      }
      httpPool.shutdownNow();
    }
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
        cio.chaos().rule(chaos.get(i).toRule(ScenarioSetup.seed(s, options) + i).toString()).apply();
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
      if (ScenarioRunner.USER_AGENT.equals(a.header("User-Agent"))) {
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

  private void saveFakeFiles(CioFakeServer fake, CioFake cio, Map<String, Path> files, List<CheckResult> verdicts)
      throws IOException {
    Files.createDirectories(dir);
    List<Path> written = fake.writeReports(dir);
    List<CheckResult> failed = verdicts.stream().filter(v -> !v.passed()).toList();
    if (!failed.isEmpty()) {
      // the fake's score counts pitfalls only: a run that lost writes must not look green on its page
      String banner = dev.ciofake.internal.report.Markup.html(ScenarioRun.class, "scenario-verdict-banner.html.hbs",
          Map.of("scenario", s.name(), "failedCount", failed.size(), "total", verdicts.size(),
              "failed", failed.stream().map(v -> Map.of("expectation", v.expectation(), "summary", v.summary()))
                  .toList()));
      String html = Files.readString(written.get(2), StandardCharsets.UTF_8);
      Files.writeString(written.get(2), html.replaceFirst("<body>", java.util.regex.Matcher.quoteReplacement(
          "<body>\n" + banner)), StandardCharsets.UTF_8);
    }
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
    String line = (progress == Progress.LIVE ? "\r\033[2K" : "") + ScenarioReports.finalLine(r, label);
    synchronized (out) {
      done = true;
      out.println(line);
      out.flush();
    }
  }
}
