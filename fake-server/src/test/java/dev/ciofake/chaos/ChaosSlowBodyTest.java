package dev.ciofake.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A slow body: the headers come at once, the body trickles out over the configured time. Measured loosely. */
class ChaosSlowBodyTest extends ChaosTestBase {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** How long the body took to read after the headers arrived, the whole request, and the body. */
  private record Timing(long bodyMillis, long totalMillis, int status, String body, String chaosHeader) {}

  private Timing timedIdentify(String id) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/customers/" + id))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", http.trackAuth())
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + id + "@example.com\"}"))
        .build();
    long t0 = System.nanoTime();
    HttpResponse<InputStream> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofInputStream());
    long headers = System.nanoTime();
    String body;
    try (InputStream in = r.body()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    long end = System.nanoTime();
    return new Timing((end - headers) / 1_000_000, (end - t0) / 1_000_000, r.statusCode(), body,
        r.headers().firstValue("X-CIO-Fake-Chaos").orElse(null));
  }

  @Test
  void theBodyArrivesOverTheConfiguredDuration() throws Exception {
    timedIdentify("warm-1");
    Timing plain = timedIdentify("plain-1");
    String id = addRule("{\"match\":{\"api\":\"track\",\"method\":\"PUT\"},\"effect\":{\"type\":\"slow_body\","
        + "\"duration_ms\":800}}");

    Timing slow = timedIdentify("slow-1");

    assertThat(slow.status()).isEqualTo(200);
    assertThat(slow.body()).as("the whole body still arrives").isEqualTo(plain.body());
    // Loose: at least half the duration (the first chunk may leave at once), and well over a plain request.
    assertThat(slow.totalMillis()).as("slow %s vs plain %s", slow, plain).isBetween(400L, 800L + 10_000);
    assertThat(slow.bodyMillis()).as("the body itself trickles after the headers: %s vs plain %s", slow, plain)
        .isGreaterThanOrEqualTo(300).isGreaterThan(plain.bodyMillis());
    assertThat(lastEntry().get("injected_fault").asText()).isEqualTo(id + ": slow body over 800 ms");
    assertThat(rule(id).get("fired").asLong()).isEqualTo(1);
    assertThat(http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/people/slow-1", null)
        .status()).as("a slow body does not stop the request").isEqualTo(200);
  }
}
