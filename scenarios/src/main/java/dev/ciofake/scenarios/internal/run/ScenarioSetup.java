package dev.ciofake.scenarios.internal.run;

import dev.ciofake.RateClass;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.RateLimit;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.scenarios.Scenario;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.ciofake.scenarios.run.ScenarioRunner;
import dev.ciofake.scenarios.run.ScenarioRunner.Options;
import java.util.function.Consumer;

/**
 * What a scenario's run does before its timeline: the fake's options, the SUT's environment, the workspace's people
 * (created as the runner, whose requests are not counted as the SUT's) and the wait for the SUT to be ready.
 */
final class ScenarioSetup {
  private ScenarioSetup() {}

  /** The fake's options for the scenario: its workspace, settings, webhook and the run's seed. */
  static CioFakeOptions fakeOptions(Scenario s, Options options, boolean startCommand, String sutUrl) {
    Scenario.Workspace w = s.workspace();
    Scenario.Settings st = w.settings();
    CioFakeOptions.Builder b = CioFakeOptions.builder()
        .port(options.port() != null ? options.port() : startCommand ? 0 : 8091)
        .workspace(new WorkspaceCredentials(w.siteId(), w.trackApiKey(), w.appApiKey(), w.pipelinesApiKey()))
        .maxJournalEntries(200_000)
        .journalBodyBytes(1 << 20) // whole bodies, so a refused attempt and its retry compare equal
        .chaosSeed(seed(s, options))
        .lenientTimestamps(st.lenientTimestamps())
        .rateLimits(st.rateLimitsEnabled())
        .webhookRetryScale(st.webhookRetryScale())
        .deliveryProblemGrace(Duration.ofMillis(Math.round(st.deliveryProblemGraceSeconds() * 1000)));
    st.rateLimits().forEach((cls, spec) -> b.rateLimit(RateClass.parse(cls), RateLimit.parse(spec)));
    if (w.file() != null) {
      b.workspaceFile(java.nio.file.Path.of(w.file()));
    }
    if (w.webhook() != null) {
      String url = w.webhook().url() != null ? w.webhook().url() : sutUrl + w.webhook().path();
      b.webhook(url, w.webhook().secret());
    }
    return b.build();
  }

  /** The chaos seed: the command line's, else the scenario's. */
  static long seed(Scenario s, Options options) {
    return options.seed() != null ? options.seed() : s.seed();
  }

  /** PORT and the CIO_* variables, then the file's env (which may use them). */
  static Map<String, String> sutEnv(Scenario s, CioFakeServer fake, int port) {
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
  static String createPeople(Scenario s, HttpClient http, CioFakeServer fake, Set<String> runnerRequestIds,
      Consumer<String> log) throws InterruptedException {
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
            .header("User-Agent", ScenarioRunner.USER_AGENT).timeout(Duration.ofSeconds(10))
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
      log.accept("created " + s.workspace().people().size() + " existing person(s)");
    }
    return null;
  }

  /** Polls GET {ready_path} until 2xx; null when ready, else why not. */
  static String awaitReady(Scenario s, HttpClient http, String sutUrl, SutProcess sut) throws InterruptedException {
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
}
