package dev.ciofake.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.testing.FakeHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Latency chaos, measured like a benchmark: the median of several requests with the rule against the median
 * without it. The lower bounds are tight (a delay cannot make a response faster), the upper bounds generous (a busy
 * CI machine only ever adds time).
 */
@Isolated("it measures latency: the CPU of classes running beside it would show in its medians")
class ChaosLatencyTest extends ChaosTestBase {
  private static final int N = 9;
  /** What scheduling noise may take off a measured median. */
  private static final long TOLERANCE_MS = 40;
  /** What a loaded machine may add on top, without the test caring. */
  private static final long SLACK_MS = 2_000;
  private static final Pattern INJECTED = Pattern.compile("(r\\d+): latency (\\d+) ms");

  /** One timed request. */
  private record Timed(long millis, FakeHttp.Response response) {}

  private Timed timedRegion() {
    long t0 = System.nanoTime();
    FakeHttp.Response r = region();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.status()).as("GET region -> %s", r).isEqualTo(200);
    return new Timed(ms, r);
  }

  private List<Timed> run(int n) {
    List<Timed> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(timedRegion());
    }
    return out;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static long medianMillis(List<Timed> timed) {
    return median(timed.stream().map(Timed::millis).toList());
  }

  /** The baseline: warm the connection and the path up, then the median of N plain requests. */
  private long baselineMedian() {
    run(5);
    return medianMillis(run(N));
  }

  /** The latencies the journal says chaos injected, in request order. */
  private List<Long> injectedLatencies(String ruleId) {
    List<Long> out = new ArrayList<>();
    for (JsonNode e : journal()) {
      if (e.get("injected_fault").isNull()) {
        continue;
      }
      Matcher m = INJECTED.matcher(e.get("injected_fault").asText());
      assertThat(m.matches()).as("injected_fault %s", e.get("injected_fault")).isTrue();
      assertThat(m.group(1)).isEqualTo(ruleId);
      out.add(Long.parseLong(m.group(2)));
    }
    return out;
  }

  /** Every delayed response took at least its injected latency, and carries the rule's header. */
  private static void eachAtLeastItsLatency(List<Timed> timed, List<Long> injected) {
    assertThat(injected).hasSameSizeAs(timed);
    for (int i = 0; i < timed.size(); i++) {
      assertThat(timed.get(i).millis()).as("request %d, injected %d ms", i, injected.get(i))
          .isGreaterThanOrEqualTo(injected.get(i) - 5);
      assertThat(timed.get(i).response().header("X-CIO-Fake-Chaos")).isNull(); // latency is not an error
    }
  }

  @Test
  void fixedLatencyAddsItsDelayToTheMedian() {
    long base = baselineMedian();
    String id = addRule("{\"match\":{\"api\":\"track\"},\"effect\":{\"type\":\"latency\",\"fixed_ms\":150}}");

    List<Timed> delayed = run(N);
    long added = medianMillis(delayed) - base;

    assertThat(added).as("median %d ms over a baseline of %d ms", medianMillis(delayed), base)
        .isBetween(150 - TOLERANCE_MS, 150 + SLACK_MS);
    List<Long> injected = injectedLatencies(id);
    assertThat(injected).containsOnly(150L).hasSize(N);
    eachAtLeastItsLatency(delayed, injected);
    assertThat(rule(id).get("fired").asLong()).isEqualTo(N);
    assertThat(rule(id).get("effect").asText()).isEqualTo("latency 150 ms");
    assertThat(pitfallIds()).isEmpty();
  }

  @Test
  void uniformLatencyStaysWithinItsBoundsAndVaries() {
    long base = baselineMedian();
    String id = addRule("{\"match\":{\"api\":\"track\"},\"effect\":{\"type\":\"latency\",\"min_ms\":60,"
        + "\"max_ms\":240},\"seed\":11}");

    List<Timed> delayed = run(N);

    List<Long> injected = injectedLatencies(id);
    assertThat(injected).hasSize(N).allSatisfy(ms -> assertThat(ms).isBetween(60L, 240L));
    assertThat(injected.stream().distinct().count()).as("uniform draws vary: %s", injected).isGreaterThan(3);
    eachAtLeastItsLatency(delayed, injected);
    long added = medianMillis(delayed) - base;
    assertThat(added).as("median of %s over a baseline of %d ms", delayed.stream().map(Timed::millis).toList(), base)
        .isBetween(median(injected) - TOLERANCE_MS, 240 + SLACK_MS);
    assertThat(rule(id).get("effect").asText()).isEqualTo("latency 60..240 ms");
  }

  @Test
  void logNormalLatencyCentresOnItsMedianWithATail() {
    long base = baselineMedian();
    String id = addRule("{\"match\":{\"api\":\"track\"},\"effect\":{\"type\":\"latency\",\"median_ms\":100,"
        + "\"sigma\":0.5},\"seed\":5}");

    List<Timed> delayed = run(15);

    List<Long> injected = injectedLatencies(id);
    assertThat(injected).hasSize(15).allSatisfy(ms -> assertThat(ms).isPositive());
    // median 100 ms, sigma 0.5: the middle of 15 draws lies well within a factor of 2.5 of it
    assertThat(median(injected)).as("draws %s", injected).isBetween(40L, 250L);
    assertThat(injected.stream().distinct().count()).as("log-normal draws vary: %s", injected).isGreaterThan(5);
    eachAtLeastItsLatency(delayed, injected);
    long added = medianMillis(delayed) - base;
    assertThat(added).isBetween(median(injected) - TOLERANCE_MS, median(injected) + SLACK_MS);
    assertThat(rule(id).get("effect").asText()).isEqualTo("latency log-normal median 100 ms sigma 0.5");
  }

  @Test
  void latencyLetsTheRequestThroughAndChangesState() {
    String id = addRule("{\"match\":{\"api\":\"track\",\"method\":\"PUT\"},\"effect\":{\"type\":\"latency\","
        + "\"fixed_ms\":50}}");

    FakeHttp.Response r = http.track("PUT", "/api/v1/customers/lat-1", "{\"email\":\"lat@example.com\"}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/people/lat-1", null)
        .status()).isEqualTo(200);
    assertThat(lastEntry().get("injected_fault").asText()).isEqualTo(id + ": latency 50 ms");
    assertThat(lastEntry().get("status").asInt()).isEqualTo(200);
  }
}
