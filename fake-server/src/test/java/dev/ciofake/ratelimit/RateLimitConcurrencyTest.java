package dev.ciofake.ratelimit;

import dev.ciofake.RateClass;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.RateLimit;
import dev.ciofake.testing.FakeHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Concurrent clients against one workspace's limit, over real HTTP. Nothing here asserts how fast the machine is:
 * the first case uses a window so long that every request surely falls inside it, the second measures the elapsed
 * time itself and checks the bound the sliding window guarantees for that time.
 */
class RateLimitConcurrencyTest {
  private static final int THREADS = 8;

  /** Counts of one run. */
  private record Run(int ok, int limited, int other, long elapsedNanos, List<String> unexpected) {}

  /** {@code THREADS} threads, released together, each sending {@code perThread} identifies as fast as it can. */
  private static Run fire(FakeHttp http, int perThread) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CyclicBarrier start = new CyclicBarrier(THREADS + 1);
    try {
      List<Future<int[]>> futures = new ArrayList<>();
      List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Callable<int[]> task = () -> {
          start.await(30, TimeUnit.SECONDS);
          int[] counts = new int[3];
          for (int i = 0; i < perThread; i++) {
            FakeHttp.Response r = http.track("PUT", "/api/v1/customers/t" + thread + "-" + i, "{}");
            if (r.status() == 200) {
              counts[0]++;
            } else if (r.status() == 429) {
              counts[1]++;
              if (r.header("Retry-After") == null) {
                unexpected.add("429 without Retry-After");
              }
            } else {
              counts[2]++;
              unexpected.add(r.toString());
            }
          }
          return counts;
        };
        futures.add(pool.submit(task));
      }
      long began = System.nanoTime(); // before the release: no request can be received earlier
      start.await(30, TimeUnit.SECONDS);
      int ok = 0;
      int limited = 0;
      int other = 0;
      for (Future<int[]> f : futures) {
        int[] c = f.get(120, TimeUnit.SECONDS);
        ok += c[0];
        limited += c[1];
        other += c[2];
      }
      return new Run(ok, limited, other, System.nanoTime() - began, unexpected);
    } finally {
      pool.shutdownNow();
    }
  }

  private static JsonNode trackLimiter(FakeHttp http) {
    return http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/rate-limits", null)
        .json().at("/classes/track");
  }

  private static int peopleCount(FakeHttp http) {
    return http.admin("GET", "/__cio/workspaces/" + http.credentials().siteId() + "/people", null)
        .json().get("count").asInt();
  }

  @Test
  void eightThreadsInsideOneWindowGetExactlyTheLimitAdmitted() throws Exception {
    try (CioFakeServer server = CioFakeServer.start(CioFakeOptions.builder()
        .rateLimit(RateClass.TRACK, RateLimit.parse("100/60s")) // a minute: even a loaded 2-core box fits 320 requests
        .build())) {
      FakeHttp http = new FakeHttp(server);

      Run run = fire(http, 40); // 320 requests, all well inside one window

      assertThat(run.unexpected()).isEmpty();
      assertThat(run.ok()).as("admitted (took %d ms)", run.elapsedNanos() / 1_000_000).isEqualTo(100);
      assertThat(run.limited()).isEqualTo(220);
      assertThat(run.other()).isZero();
      JsonNode track = trackLimiter(http);
      assertThat(track.get("admitted").asLong()).isEqualTo(100);
      assertThat(track.get("rejected").asLong()).isEqualTo(220);
      assertThat(track.get("bursts").asLong()).isEqualTo(1);
      assertThat(peopleCount(http)).as("only admitted identifies change the state").isEqualTo(100);
      List<Pitfall> found = pitfalls(http, "rate-limit-exceeded");
      assertThat(found).hasSize(1);
    }
  }

  @Test
  void eightThreadsOverSeveralWindowsStayWithinTheSlidingWindowBound() throws Exception {
    RateLimit limit = RateLimit.parse("25/100ms");
    try (CioFakeServer server = CioFakeServer.start(CioFakeOptions.builder().rateLimit(RateClass.TRACK, limit).build())) {
      FakeHttp http = new FakeHttp(server);

      Run run = fire(http, 60); // 480 requests

      long window = limit.window().toNanos();
      long windows = (run.elapsedNanos() + window - 1) / window;
      long upper = limit.requests() * windows + limit.requests();
      assertThat(run.unexpected()).isEmpty();
      assertThat(run.ok() + run.limited()).isEqualTo(480);
      assertThat(run.ok()).as("admitted in %d ms (%d windows)", run.elapsedNanos() / 1_000_000, windows)
          .isBetween(limit.requests(), (int) Math.min(upper, 480));
      assertThat(trackLimiter(http).get("admitted").asLong()).isEqualTo(run.ok());
      assertThat(peopleCount(http)).isEqualTo(run.ok());
    }
  }

  /** Minimal view of a pitfall for counting. */
  private record Pitfall(String id) {}

  private static List<Pitfall> pitfalls(FakeHttp http, String id) {
    JsonNode r = http.admin("GET", "/__cio/pitfalls?site_id=" + http.credentials().siteId() + "&id=" + id, null).json();
    List<Pitfall> out = new ArrayList<>();
    r.get("pitfalls").forEach(p -> out.add(new Pitfall(p.get("id").asText())));
    return out;
  }
}
