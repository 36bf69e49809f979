package dev.ciofake.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Socket abuse over a real socket (issue 15, items 2, 3, 6 and 8): stalled and dribbled bodies hold no thread and get
 * 408, bodies past the limit (declared, sent or inflated) get 413 without being held, framing errors and the pages
 * Jetty writes itself come back in the API's error shape, and WireMock's own admin API is not there.
 */
class EdgeSocketIT {
  private static final int BODY_LIMIT = CioFakeOptions.DEFAULT_MAX_BODY_BYTES;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CioFakeServer server;
  private static String auth;

  @BeforeAll
  static void start() {
    server = CioFakeServer.start(CioFakeOptions.builder().maxBodyBytes(BODY_LIMIT)
        .bodyReadTimeout(Duration.ofSeconds(4)).build());
    auth = "Basic " + Base64.getEncoder().encodeToString((server.fake().credentials().siteId() + ":"
        + server.fake().credentials().trackApiKey()).getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static String head(String method, String path, String... headers) {
    StringBuilder sb = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
        + auth + "\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    return sb.append("\r\n").toString();
  }

  @Test
  void sixteenStalledOrSlowBodiesDoNotInterruptHealthForASecond() throws Exception {
    List<RawSocket> clients = new ArrayList<>();
    ExecutorService dribblers = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < 16; i++) {
        RawSocket s = new RawSocket(server.port(), 8000);
        s.send(head("POST", "/api/v1/customers/" + i + "/events", "Content-Type: application/json",
            "Content-Length: 1000") + "{");
        clients.add(s);
        if (i >= 8) { // half stall, half send a byte every 500 ms
          dribblers.submit(() -> {
            for (int b = 0; b < 10; b++) {
              try {
                Thread.sleep(500);
                s.send(" ");
              } catch (RuntimeException | InterruptedException closed) {
                return;
              }
            }
          });
        }
      }
      long worst = 0;
      long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      int probes = 0;
      while (System.nanoTime() < until) {
        long t0 = System.nanoTime();
        try (RawSocket h = new RawSocket(server.port(), 5000)) {
          RawSocket.Response r = h.send("GET /__cio/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .read();
          assertThat(r).isNotNull();
          assertThat(r.status()).isEqualTo(200);
        }
        worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
        probes++;
        Thread.sleep(50);
      }
      assertThat(probes).isGreaterThan(10);
      assertThat(worst).as("slowest /__cio/health while 16 bodies stall, ms").isLessThan(1000);

      for (RawSocket s : clients) {
        RawSocket.Response r = s.read();
        assertThat(r).as("a stalled body is answered").isNotNull();
        assertThat(r.status()).isEqualTo(408);
        assertTrackShape(r);
      }
    } finally {
      dribblers.shutdownNow();
      clients.forEach(RawSocket::close);
    }
  }

  @Test
  void aContentLengthPastTheLimitIs413WithoutReadingTheBody() {
    try (RawSocket s = new RawSocket(server.port(), 3000)) {
      long t0 = System.nanoTime();
      RawSocket.Response r = s.send(head("POST", "/api/v1/customers/1/events", "Content-Type: application/json",
          "Content-Length: 10737418240")).read();
      assertThat(r).isNotNull();
      assertThat(r.status()).isEqualTo(413);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
      assertTrackShape(r);
    }
  }

  @Test
  void aChunkedBodyThatGrowsPastTheLimitStopsBeingRead() {
    try (RawSocket s = new RawSocket(server.port(), 5000)) {
      s.send(head("POST", "/api/v1/customers/1/events", "Content-Type: application/json",
          "Transfer-Encoding: chunked"));
      byte[] chunk = ("10000\r\n" + " ".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      RawSocket.Response r = null;
      try {
        for (int i = 0; i < 80; i++) { // 5 MiB, past the 4 MiB limit
          s.send(chunk);
        }
        s.send("0\r\n\r\n");
      } catch (RuntimeException closedOnUs) {
        // the server answered and closed: what follows reads its answer
      }
      r = s.read();
      assertThat(r).isNotNull();
      assertThat(r.status()).isEqualTo(413);
      assertTrackShape(r);
    }
  }

  /** 1 GiB of zeros as 1024 concatenated gzip members of 1 MiB each (about 1 MB on the wire). */
  private static byte[] gzipBomb() throws IOException {
    ByteArrayOutputStream member = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(member)) {
      gz.write(new byte[1024 * 1024]);
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < 1024; i++) {
      all.write(member.toByteArray());
    }
    return all.toByteArray();
  }

  private static byte[] deflateBomb() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < 256; i++) {
        d.write(zeros);
      }
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "deflate"})
  void aCompressionBombIsRefusedWithinASecondAllocatingAboutTheLimit(String encoding) throws Exception {
    byte[] bomb = encoding.equals("gzip") ? gzipBomb() : deflateBomb();
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = allocated(threads);
    long t0 = System.nanoTime();
    RawSocket.Response r;
    try (RawSocket s = new RawSocket(server.port(), 5000)) {
      r = s.send(head("POST", "/api/v1/customers/1/events", "Content-Type: application/json",
          "Content-Encoding: " + encoding, "Content-Length: " + bomb.length)).send(bomb).read();
    }
    long took = (System.nanoTime() - t0) / 1_000_000;
    long grew = allocated(threads) - before;
    assertThat(r).isNotNull();
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).contains("decompressed");
    assertTrackShape(r);
    assertThat(took).as("ms to refuse the bomb").isLessThan(1000);
    // everything every thread allocated meanwhile (the client's own bytes included): a few times the limit, where
    // inflating the bomb would allocate more than a GiB
    assertThat(grew).as("bytes allocated while refusing it").isLessThan(4L * BODY_LIMIT + 4L * bomb.length);
  }

  private static long allocated(com.sun.management.ThreadMXBean threads) {
    long sum = 0;
    for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      sum += Math.max(0, a);
    }
    return sum;
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "deflate", "br"})
  void aCorruptOrUnknownEncodingIsA4xxInShape(String encoding) {
    try (RawSocket s = new RawSocket(server.port(), 3000)) {
      RawSocket.Response r = s.send(head("POST", "/api/v1/customers/1/events", "Content-Type: application/json",
          "Content-Encoding: " + encoding, "Content-Length: 12") + "not-deflated").read();
      assertThat(r).isNotNull();
      assertThat(r.status()).isIn(400, 415);
      assertTrackShape(r);
    }
  }

  @Test
  void anInvalidChunkSizeIsA400InShape() {
    try (RawSocket s = new RawSocket(server.port(), 3000)) {
      RawSocket.Response r = s.send(head("POST", "/api/v1/customers/1/events", "Content-Type: application/json",
          "Transfer-Encoding: chunked") + "zz\r\n{}\r\n0\r\n\r\n").read();
      assertThat(r).isNotNull();
      assertThat(r.status()).isEqualTo(400);
      assertTrackShape(r);
    }
  }

  @Test
  void anEarlyEndOfTheBodyIsNeverA5xxOrAPage() {
    try (RawSocket s = new RawSocket(server.port(), 3000)) {
      RawSocket.Response r = s.send(head("POST", "/api/v1/customers/1/events", "Content-Type: application/json",
          "Content-Length: 100") + "{\"name\":").endInput().read();
      if (r != null) { // the client half-closed; the server may answer or just close
        assertThat(r.status()).isBetween(400, 499);
        assertTrackShape(r);
      }
    }
    assertHealthy();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/customers/1", "/v1/customers/1/attributes", "/__cio/health", "/api/v2/entity"})
  void jettysOwnPagesComeInThePathsApiShape(String path) throws Exception {
    String longUri = path + "?" + "a".repeat(70_000);
    String bigHeader = "X-Big: " + "b".repeat(40_000);
    String[] requests = {
        "GET " + longUri + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + bigHeader + "\r\n\r\n",
        "POST " + path + " HTTP/1.1\r\nHost: x\r\nExpect: 101-wat\r\nContent-Length: 2\r\n\r\n{}",
        "GET " + path + "/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET " + path + "/a%00b HTTP/1.1\r\nHost: x\r\n\r\n"};
    for (String req : requests) {
      try (RawSocket s = new RawSocket(server.port(), 3000)) {
        RawSocket.Response r = s.send(req).read();
        assertThat(r).as(req.substring(0, Math.min(40, req.length()))).isNotNull();
        assertThat(r.status()).isBetween(400, 499);
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        if (req == requests[0]) {
          // a URI past the header limit is refused before its path is read: the answer takes Track v1's shape
          assertThat(r.status()).isEqualTo(414);
          assertThat(body.path("meta").path("errors").isArray()).as(r.body()).isTrue();
        } else if (path.startsWith("/v1/") || path.startsWith("/api/v2/")) {
          assertThat(body.path("errors").isArray()).as(r.body()).isTrue();
        } else if (path.startsWith("/__cio")) {
          assertThat(body.path("error").isTextual()).as(r.body()).isTrue();
        } else {
          assertThat(body.path("meta").path("errors").isArray()).as(r.body()).isTrue();
        }
        ParseLimitsTest.assertNoJavaNames(r.body());
      }
    }
  }

  @Test
  void aStrayPercentInTheQueryIsNoLongerA500() {
    for (String path : List.of("/__cio/health?a=%", "/api/v1/accounts/region?%zz")) {
      try (RawSocket s = new RawSocket(server.port(), 3000)) {
        RawSocket.Response r = s.send(head("GET", path)).read();
        assertThat(r).isNotNull();
        assertThat(r.status()).as(path + " " + r.body()).isLessThan(500);
        assertThat(r.headers().get("content-type")).startsWith("application/json");
      }
    }
  }

  @Test
  void wireMocksOwnAdminApiAndFilesAreNotServed() {
    for (String req : List.of("GET /__admin/mappings", "POST /__admin/shutdown", "GET /__files/index.json")) {
      try (RawSocket s = new RawSocket(server.port(), 3000)) {
        RawSocket.Response r = s.send(req + " HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n"
            + "Content-Length: 0\r\n\r\n").read();
        assertThat(r).isNotNull();
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).contains("no Track API endpoint"); // the fake's router answers: nothing is mounted there
      }
    }
    assertThat(server.isRunning()).isTrue();
    assertHealthy();
  }

  private static void assertHealthy() {
    try (RawSocket h = new RawSocket(server.port(), 3000)) {
      RawSocket.Response r = h.send("GET /__cio/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").read();
      assertThat(r).isNotNull();
      assertThat(r.status()).isEqualTo(200);
    }
  }

  private static void assertTrackShape(RawSocket.Response r) {
    assertThat(r.headers().get("content-type")).startsWith("application/json");
    try {
      assertThat(JSON.readTree(r.body()).path("meta").path("errors").isArray()).as(r.body()).isTrue();
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
    ParseLimitsTest.assertNoJavaNames(r.body());
  }

  @Test
  void aBurstAfterTheAbuseIsServedAtOnce() throws Exception {
    // every abuse above leaves the pool idle: a burst of ordinary requests is served at once
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        answers.add(pool.submit(() -> {
          try (RawSocket s = new RawSocket(server.port(), 3000)) {
            RawSocket.Response r = s.send("GET /__cio/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").read();
            return r == null ? -1 : r.status();
          }
        }));
      }
      for (Future<Integer> f : answers) {
        assertThat(f.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
