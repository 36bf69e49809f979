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
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code no-connection-reuse} tells a pool from a client per request: a shared client sending concurrent bursts opens
 * a connection per request in flight and must not fire; a new client per request must, sequential or concurrent.
 */
@Isolated("it judges when connections open: the CPU of classes running beside it delays a pool's connections")
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

  /** One HTTP/1.1 keep-alive connection written by hand, so the test decides when each one is opened. */
  private static final class RawConnection implements AutoCloseable {
    private final java.net.Socket socket;
    private final java.io.InputStream in;

    RawConnection(CioFake cio) throws java.io.IOException {
      URI u = URI.create(cio.trackUrl());
      socket = new java.net.Socket(u.getHost(), u.getPort());
      socket.setSoTimeout(10_000);
      in = new java.io.BufferedInputStream(socket.getInputStream());
    }

    void send(CioFake cio, String agent, int i) throws java.io.IOException {
      String body = "{\"email\":\"p" + i + "@example.com\"}";
      String auth = Base64.getEncoder().encodeToString((cio.siteId() + ":" + cio.trackApiKey())
          .getBytes(StandardCharsets.UTF_8));
      String req = "PUT " + URI.create(cio.trackUrl()).getPath() + "/customers/" + i + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Basic " + auth + "\r\nUser-Agent: " + agent + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body;
      socket.getOutputStream().write(req.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
    }

    /** Reads one response and returns its status. */
    int read() throws java.io.IOException {
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new java.io.EOFException(head.toString());
        }
        head.append((char) b);
      }
      String h = head.toString();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(h);
      int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
      in.readNBytes(length);
      return Integer.parseInt(h.substring(9, 12));
    }

    @Override
    public void close() throws java.io.IOException {
      socket.close();
    }
  }

  @Test
  void aPoolBurstWhoseLastConnectionsComeLateDoesNotFire() throws Exception {
    // What a loaded CI machine showed: a shared JDK client's burst of 28 connections, the last 5 of them opened more
    // than 25 ms after the first answers (the client connects one by one); its next burst reuses them
    CioFake cio = server.newFake();
    List<RawConnection> pool = new ArrayList<>();
    try {
      for (int i = 0; i < 23; i++) {
        RawConnection c = new RawConnection(cio);
        pool.add(c);
        c.send(cio, "late-pool", i);
      }
      for (RawConnection c : pool) {
        assertThat(c.read()).isEqualTo(200);
      }
      Thread.sleep(40);
      for (int i = 23; i < 28; i++) {
        RawConnection c = new RawConnection(cio);
        pool.add(c);
        c.send(cio, "late-pool", i);
      }
      for (int i = 23; i < 28; i++) {
        assertThat(pool.get(i).read()).isEqualTo(200);
      }
      for (int i = 0; i < 28; i++) { // the next burst, on the same connections
        pool.get(i).send(cio, "late-pool", 100 + i);
      }
      for (RawConnection c : pool) {
        assertThat(c.read()).isEqualTo(200);
      }
    } finally {
      for (RawConnection c : pool) {
        c.close();
      }
    }

    assertThat(cio.people()).hasSize(56);
    assertThat(cio.requests().stream().map(CioFake.Request::connection).distinct()).hasSize(28);
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
      // the calls of an app: spread over time (a pool's own burst lasts milliseconds); 30 ms apart at least
      while (System.nanoTime() - t0 < (i + 1) * 30_000_000L) {
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
      Thread.sleep(300); // the next wave of calls, while the last wave's connections sit idle
      List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        all.add(http11().sendAsync(identify(cio, "waves", wave * 5 + i), HttpResponse.BodyHandlers.discarding()));
      }
      all.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
    }

    assertThat(reuse(cio)).hasSize(1);
  }
}
