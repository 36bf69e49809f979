package dev.ciofake.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.Pitfall;
import dev.ciofake.Severity;
import dev.ciofake.scenarios.internal.check.Attempt;
import dev.ciofake.scenarios.internal.check.RunData;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds what a run observed, for the expectations' unit tests: times are milliseconds after the start (0). */
final class Observed {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final long START = 1_700_000_000_000L;

  private final List<Attempt> attempts = new ArrayList<>();
  private final List<Pitfall> pitfalls = new ArrayList<>();
  private final List<RunData.Report> reports = new ArrayList<>();
  private final List<RunData.Sample> samples = new ArrayList<>();
  private int ids;

  /** A request of the SUT, {@code ms} after the start. */
  Observed request(long ms, String method, String path, String operation, int status, String fault, String body) {
    attempts.add(new Attempt("req_" + ++ids, START + ms, method, path, path.startsWith("/v1/") ? "app" : "track",
        operation, status, fault, body == null ? null : json(body), Map.of("User-Agent", "sut"), List.of()));
    return this;
  }

  /** A Pipelines request of the SUT with the journal's notes ({@code dropped: ...}). */
  Observed pipelines(long ms, String path, int status, String fault, String body, String... errors) {
    attempts.add(new Attempt("req_" + ++ids, START + ms, "POST", path, "pipelines", path.substring(4), status, fault,
        json(body), Map.of("User-Agent", "sut"), List.of(errors)));
    return this;
  }

  Observed pitfall(String id, String requestId) {
    pitfalls.add(new Pitfall(id, Severity.ERROR, id + " happened", "fix it", "site", requestId, Map.of(), java.time.Instant.EPOCH));
    return this;
  }

  Observed report(long ms, String metric, String personId, String email, String cioId) {
    reports.add(new RunData.Report("ev" + reports.size(), metric, START + ms, personId, email, cioId));
    return this;
  }

  Observed probe(long ms, long latency, int status) {
    samples.add(new RunData.Sample(START + ms, latency, status, null));
    return this;
  }

  RunData run(String... runnerRequestIds) {
    return new RunData(START, attempts, pitfalls, Set.of(runnerRequestIds), reports, samples);
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
