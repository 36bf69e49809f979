package dev.ciofake.pitfall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import dev.ciofake.PitfallIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code no-connection-reuse} tells a pool from a client per request: a shared client sending concurrent bursts opens
 * a connection per request in flight and must not fire; a new client per request must, sequential or concurrent.
 */
class ConnectionReuseTest {
  private static CioFakeServer server;

  @BeforeAll
  static void start() {
    server = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false).build());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static HttpRequest identify(CioFake cio, String agent, int i) {
    return HttpRequest.newBuilder(URI.create(cio.trackUrl() + "/customers/" + i))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((cio.siteId() + ":"
            + cio.trackApiKey()).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json").header("User-Agent", agent)
        .PUT(HttpRequest.BodyPublishers.ofString("{\"email\":\"p" + i + "@example.com\"}")).build();
  }

  private static HttpClient http11() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  private static List<Pitfall> reuse(CioFake cio) {
    return cio.pitfalls().stream().filter(p -> p.id().equals(PitfallIds.NO_CONNECTION_REUSE)).toList();
  }

  /** Sends {@code n} requests at once from {@code client} and waits for all of them. */
  private static void burst(HttpClient client, CioFake cio, String agent, int from, int n) {
    List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      all.add(client.sendAsync(identify(cio, agent, i), HttpResponse.BodyHandlers.discarding()));
    }
    all.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
  }

  @Test
  void oneSharedClientSendingConcurrentBurstsDoesNotFire() {
    CioFake cio = server.newFake();
    HttpClient shared = http11();
    burst(shared, cio, "pool", 0, 30);   // a connection per request in flight: a pool, not a mistake
    burst(shared, cio, "pool", 30, 30);  // the second burst reuses them
    burst(shared, cio, "pool", 60, 30);

    assertThat(reuse(cio)).isEmpty();
  }

  @Test
  void aBurstOfNewConnectionsWithNothingIdleDoesNotFireEvenWithoutLaterReuse() {
    CioFake cio = server.newFake();
    burst(http11(), cio, "one-burst", 0, 25);

    assertThat(reuse(cio)).isEmpty();
  }

  @Test
  void aNewClientPerRequestFiresWithTheEvidence() throws Exception {
    CioFake cio = server.newFake();
    long t0 = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertThat(http11().send(identify(cio, "per-call", i), HttpResponse.BodyHandlers.discarding()).statusCode())
          .isEqualTo(200);
      // the calls of an app: spread over time (a pool's own burst lasts milliseconds); 20 ms apart at least
      while (System.nanoTime() - t0 < (i + 1) * 20_000_000L) {
        Thread.onSpinWait();
      }
    }

    assertThat(reuse(cio)).singleElement().satisfies(p -> {
      assertThat(p.message()).contains("per-call").contains("opened 20 connections for 20 requests");
      assertThat((Integer) p.evidence().get("opened_while_idle")).isGreaterThanOrEqualTo(5);
    });
  }

  @Test
  void newClientsPerRequestInConcurrentWavesFireToo() throws Exception {
    CioFake cio = server.newFake();
    for (int wave = 0; wave < 6; wave++) {
      Thread.sleep(60); // the next wave of calls, while the last wave's connections sit idle
      List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        all.add(http11().sendAsync(identify(cio, "waves", wave * 5 + i), HttpResponse.BodyHandlers.discarding()));
      }
      all.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
    }

    assertThat(reuse(cio)).hasSize(1);
  }
}
