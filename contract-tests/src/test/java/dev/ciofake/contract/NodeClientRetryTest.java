package dev.ciofake.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real customerio-node client (5.2.0, pinned in {@code contract-tests/node/package-lock.json}), run by
 * {@code node}, against a fake whose Track API answers 503 with {@code Retry-After: 1} twice: the client waits the
 * second each time, retries with {@code X-Retry-Count: 1} and {@code 2}, and succeeds on the third request
 * (docs/customerio-facts.md 6.1). The journal shows the three requests, the first two marked as injected faults,
 * and the fake records no {@code retry-ignored-retry-after}: the client honoured the header.
 *
 * <p>Skipped, with the reason, when {@code node} or {@code npm} is not on the PATH. When
 * {@code contract-tests/node/node_modules} is missing the test runs {@code npm ci} there first ({@code .ci/run}
 * does it too).
 */
class NodeClientRetryTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PERSON = "node-retry-1";
  private static final Duration NODE_TIMEOUT = Duration.ofSeconds(60);

  /** The outcome of a process run with a bounded wait. */
  private record Run(int exitCode, String out, String err) {}

  private static Run run(Path dir, Map<String, String> env, Duration timeout, String... command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("cio-fake-node", ".out");
    Path err = Files.createTempFile("cio-fake-node", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "; stderr: "
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String header(JsonNode entry, String name) {
    for (Iterator<Map.Entry<String, JsonNode>> it = entry.get("headers").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> h = it.next();
      if (h.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return h.getValue().asText();
      }
    }
    return null;
  }

  private static JsonNode adminGet(CioFakeServer server, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.fake().adminUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s -> %s", path, r.body()).isEqualTo(200);
    return MAPPER.readTree(r.body());
  }

  @Test
  void theNodeClientWaitsTheRetryAfterRetriesTwiceAndSucceeds() throws Exception {
    Path project = NodeProject.require();

    try (CioFakeServer server = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false).build())) {
      CioFake cio = server.fake();
      String rule = cio.chaos().error(503).retryAfter(1).onTrack().forRequests(2).apply();

      Run script = run(project, Map.of(
          "CIO_FAKE_TRACK_URL", cio.trackUrl(),
          "CIO_FAKE_SITE_ID", cio.siteId(),
          "CIO_FAKE_TRACK_API_KEY", cio.trackApiKey(),
          "CIO_PERSON_ID", PERSON), NODE_TIMEOUT, NodeProject.node(), "identify.js");

      assertThat(script.exitCode()).as("node identify.js: stdout %s, stderr %s", script.out(), script.err())
          .isZero();
      JsonNode outcome = MAPPER.readTree(script.out().strip().lines().reduce((a, b) -> b).orElse("{}"));
      assertThat(outcome.get("ok").asBoolean()).as("outcome %s", outcome).isTrue();
      assertThat(outcome.get("elapsed_ms").asLong()).as("two waits of Retry-After: 1").isGreaterThanOrEqualTo(1_900);

      List<JsonNode> identifies = new ArrayList<>();
      for (JsonNode e : adminGet(server, "/requests?limit=1000&site_id=" + cio.siteId()).get("requests")) {
        if (e.get("method").asText().equals("PUT") && e.get("path").asText().equals("/api/v1/customers/" + PERSON)) {
          identifies.add(e);
        }
      }
      assertThat(identifies).as("one identify, sent three times").hasSize(3);
      assertThat(identifies).extracting(e -> e.get("status").asInt()).containsExactly(503, 503, 200);
      assertThat(identifies).extracting(e -> header(e, "X-Retry-Count")).containsExactly(null, "1", "2");
      assertThat(identifies).extracting(e -> header(e, "User-Agent"))
          .allSatisfy(ua -> assertThat(ua).isEqualTo("Customer.io Node Client/5.2.0"));
      assertThat(identifies.get(0).get("injected_fault").asText()).isEqualTo(rule + ": error 503 (Retry-After 1)");
      assertThat(identifies.get(1).get("injected_fault").asText()).isEqualTo(rule + ": error 503 (Retry-After 1)");
      assertThat(identifies.get(2).get("injected_fault").isNull()).isTrue();
      for (int i = 1; i < 3; i++) {
        long gap = Duration.between(Instant.parse(identifies.get(i - 1).get("received_at").asText()),
            Instant.parse(identifies.get(i).get("received_at").asText())).toMillis();
        assertThat(gap).as("wait before retry %d", i).isGreaterThanOrEqualTo(990);
      }

      JsonNode retryPitfalls = adminGet(server, "/pitfalls?id=retry-ignored-retry-after").get("pitfalls");
      assertThat(retryPitfalls).as("the client honoured Retry-After").isEmpty();
      assertThat(cio.pitfalls()).as("no pitfall at all for a correct client").isEmpty();
      assertThat(cio.person(PERSON)).as("the third request stored the person").isPresent();
      assertThat(cio.chaos().installed()).singleElement().asString().contains("\"fired\":2");
    }
  }
}
