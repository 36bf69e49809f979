package dev.ciofake.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.testing.FakeHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Chaos replays by seed under concurrency (issue 15, item 15): the same requests get the same faults whichever of 8
 * concurrent clients sends each and in whatever order they arrive; and a path pattern costs linear time (item 5).
 */
class ChaosReplayUnderConcurrencyTest {
  private static final String RULE = "{\"seed\": 42, \"rules\": [{\"match\": {\"api\": \"track\", \"probability\": 0.5},"
      + " \"effect\": {\"type\": \"error\", \"status\": 503}}]}";

  /** Which of 1000 distinct events failed, sent by 8 clients in an order that depends on {@code shuffle}. */
  private static Set<Integer> failedEvents(int shuffle) throws Exception {
    try (CioFakeServer server = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false).build())) {
      FakeHttp http = new FakeHttp(server);
      http.admin("POST", "/__cio/chaos", RULE);
      Set<Integer> failed = new ConcurrentSkipListSet<>();
      ExecutorService clients = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
          int client = c;
          done.add(clients.submit(() -> {
            for (int i = 0; i < 125; i++) {
              int n = ((client + shuffle) % 8) * 125 + (shuffle % 2 == 0 ? i : 124 - i);
              int status = http.track("POST", "/api/v1/customers/p" + (n % 50) + "/events",
                  "{\"name\":\"order_placed\",\"data\":{\"n\":" + n + "}}").status();
              if (status == 503) {
                failed.add(n);
              }
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        clients.shutdownNow();
      }
      return new TreeSet<>(failed);
    }
  }

  @Test
  void theSameSeedFailsTheSameRequestsWhateverTheInterleaving() throws Exception {
    Set<Integer> first = failedEvents(0);
    Set<Integer> second = failedEvents(3);
    assertThat(first.size()).as("about half of 1000 requests fail").isBetween(420, 580);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void aHugePathPatternIsRefusedAtOnceAndLongOnesMatchInLinearTime() {
    try (CioFakeServer server = CioFakeServer.start()) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> server.fake().chaos().rule("{\"match\":{\"path\":\"" + "/*".repeat(50_000)
          + "\"},\"effect\":{\"type\":\"outage\"}}")).hasMessageContaining("at most 1024");
      server.fake().chaos().rule("{\"match\":{\"path\":\"" + "*a".repeat(300) + "b\"},\"effect\":{\"type\":\"outage\"}}")
          .apply();
      FakeHttp http = new FakeHttp(server);
      // a path that almost matches: a backtracking matcher takes exponential time here
      FakeHttp.Response r = http.track("GET", "/" + "a".repeat(4000), null);
      assertThat(r.status()).isNotEqualTo(503);
      assertThat((System.nanoTime() - t0) / 1_000_000).as("ms").isLessThan(2000);
    }
  }
}
