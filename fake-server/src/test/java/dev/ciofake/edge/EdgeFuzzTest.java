package dev.ciofake.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.internal.FakeCore;
import dev.ciofake.internal.routing.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A seeded, bounded fuzz run over every endpoint of the router (issue 15, "Done means"): requests built from each
 * endpoint's path with hostile path segments, query strings, credentials, content types, encodings (gzip bombs and
 * corrupt data), bodies (huge exponents, deep nesting, NaN, NUL bytes, invalid UTF-8, known fields with wrong
 * types) and broken framing, sent over a real socket. Without chaos no answer is a 5xx, none carries a stack trace or
 * a Java class name, none takes 2 s, and the fake is healthy and idle afterwards.
 *
 * <p>The default build runs {@code jqwik.tries.default} tries (junit-platform.properties); a longer run raises it:
 * {@code mvn -pl fake-server test -Dtest=EdgeFuzzTest -Djqwik.tries.default=100000}.
 */
class EdgeFuzzTest {
  private static final String[] MARKERS = {"\tat ", "Exception", "java.lang", "org.eclipse", "com.fasterxml",
      "tomakehurst", "networknt", "<html", "Caused by", "jakarta."};
  private static CioFakeServer server;
  private static List<Endpoint> endpoints;
  private static String track;
  private static String app;
  private static final AtomicLong requests = new AtomicLong();
  private static final AtomicLong slowest = new AtomicLong();
  private static final AtomicLong closedWithoutAnswer = new AtomicLong();

  @BeforeContainer
  static void start() {
    server = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false).maxJournalEntries(500)
        .bodyReadTimeout(java.time.Duration.ofSeconds(1)).build());
    endpoints = new FakeCore(CioFakeOptions.defaults(), "fuzz").endpoints();
    WorkspaceCredentials w = server.fake().credentials();
    track = "Basic " + Base64.getEncoder().encodeToString((w.siteId() + ":" + w.trackApiKey())
        .getBytes(StandardCharsets.UTF_8));
    app = "Bearer " + w.appApiKey();
  }

  @AfterContainer
  static void healthyAndIdleAfterwards() {
    try {
      for (int i = 0; i < 16; i++) {
        long t0 = System.nanoTime();
        try (RawSocket s = new RawSocket(server.port(), 2000)) {
          RawSocket.Response r = s.send("GET /__cio/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").read();
          assertThat(r).isNotNull();
          assertThat(r.status()).isEqualTo(200);
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
      }
      System.out.printf("EdgeFuzzTest: %d requests, slowest %d ms, %d closed without an answer (framing errors)%n",
          requests.get(), slowest.get(), closedWithoutAnswer.get());
    } finally {
      server.stop();
    }
  }

  @Property(seed = "20260115", shrinking = ShrinkingMode.BOUNDED)
  void noRequestGetsA5xxAStackTraceOrASlowAnswer(@ForAll("requests") byte[] request) {
    long t0 = System.nanoTime();
    RawSocket.Response r;
    try (RawSocket s = new RawSocket(server.port(), 5000)) {
      try {
        s.send(request).endInput(); // the request is complete (or broken on purpose): an early end is seen at once
      } catch (RuntimeException refusedMidway) {
        // the fake answered and closed before the client finished sending (a body past the limit): read the answer
      }
      r = s.read();
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    requests.incrementAndGet();
    slowest.accumulateAndGet(ms, Math::max);
    assertThat(ms).as("ms to answer").isLessThan(2000);
    if (r == null) {
      closedWithoutAnswer.incrementAndGet(); // allowed only where the framing itself is broken
      return;
    }
    assertThat(r.status()).as(r.body()).isBetween(100, 499);
    for (String m : MARKERS) {
      if (!(m.equals("<html") && r.status() < 400)) { // the HTML report is a page, an error never is
        assertThat(r.body()).as("answer %d carries '%s'", r.status(), m).doesNotContain(m);
      }
    }
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<byte[]> requests() {
    return Combinators.combine(endpoint(), method(), path(), query(), headers(), body(), framing())
        .as(EdgeFuzzTest::assemble);
  }

  private static byte[] assemble(Endpoint e, String method, String pathOverride, String query, List<String> headers,
      byte[] body, Integer framing) {
    String template = e.path().toString();
    String path = !pathOverride.isEmpty() ? pathOverride : fill(template, query.hashCode() + headers.hashCode());
    String m = !method.isEmpty() ? method : e.method();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder(m).append(' ').append(path).append(query).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1\r\nConnection: close\r\n");
    for (String h : headers) {
      head.append(h.replace("{track}", track).replace("{app}", app)).append("\r\n");
    }
    byte[] payload = body;
    boolean gzip = headers.stream().anyMatch(h -> h.startsWith("Content-Encoding: gzip"))
        && framing % 3 != 0; // sometimes the gzip header with plain (corrupt) bytes
    if (gzip) {
      payload = gzip(body);
    }
    switch (framing) {
      case 1: // chunked
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        write(out, head.toString());
        write(out, Integer.toHexString(payload.length) + "\r\n");
        out.writeBytes(payload);
        write(out, "\r\n0\r\n\r\n");
        return out.toByteArray();
      case 2: // an invalid chunk size
        head.append("Transfer-Encoding: chunked\r\n\r\nzz\r\n");
        write(out, head.toString());
        out.writeBytes(payload);
        return out.toByteArray();
      case 3: // a Content-Length longer than the body, then the end of the input: an early end
        head.append("Content-Length: ").append(payload.length + 10).append("\r\n\r\n");
        write(out, head.toString());
        out.writeBytes(payload);
        return out.toByteArray();
      case 4: // two different Content-Lengths
        head.append("Content-Length: ").append(payload.length).append("\r\nContent-Length: 1\r\n\r\n");
        write(out, head.toString());
        out.writeBytes(payload);
        return out.toByteArray();
      case 5: // a header with a control character
        head.append("X-Bad: a\u0001b\r\nContent-Length: ").append(payload.length).append("\r\n\r\n");
        write(out, head.toString());
        out.writeBytes(payload);
        return out.toByteArray();
      default:
        head.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
        write(out, head.toString());
        out.writeBytes(payload);
        return out.toByteArray();
    }
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] gzip(byte[] b) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(o)) {
      g.write(b);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return o.toByteArray();
  }

  private static final String[] SEGMENTS = {"42", "ada@example.com", "cio_03000001", "%zz", "%00", "a%2Fb", "%E2%82",
      "%", "..", "%2e%2e", "a b", "\u00e9", "+", "x".repeat(300), "", "7", "email", "1:acme", "%25", "d-1", "%C3%A9"};

  private static String fill(String template, int salt) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (String part : template.split("/", -1)) {
      if (i++ > 0) {
        sb.append('/');
      }
      if (part.startsWith("{")) {
        String seg = SEGMENTS[Math.floorMod(salt + i * 7, SEGMENTS.length)];
        sb.append(seg.replace(" ", "%20").replace("\u00e9", "%C3%A9"));
      } else {
        sb.append(part);
      }
    }
    return sb.toString();
  }

  private Arbitrary<Endpoint> endpoint() {
    return Arbitraries.of(endpoints);
  }

  private Arbitrary<String> method() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.just("")),
        net.jqwik.api.Tuple.of(2, Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")));
  }

  private Arbitrary<String> path() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, Arbitraries.just("")),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("/", "/api/v1/nope", "/v1/nope/%zz", "/__cio/nope", "/__admin/mappings",
            "/__files/x", "/api/v2/%00", "/unsubscribe/%", "//api/v1/customers", "/api/v1/customers/",
            "/" + "a".repeat(9000))));
  }

  private Arbitrary<String> query() {
    Arbitrary<String> pair = Combinators.combine(
        Arbitraries.of("api_key", "site_id", "id_type", "limit", "format", "a", "%", "%zz", "token", "q", "email"),
        Arbitraries.of("1", "-1", "email", "id", "cio_id", "html", "junit", "%", "%zz", "%00", "x".repeat(50), "",
            "999999999999999999999", "cio-fake-site", "%E2"))
        .as((k, v) -> k + "=" + v);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.just("")),
        net.jqwik.api.Tuple.of(4, pair.list().ofMinSize(1).ofMaxSize(3).map(l -> "?" + String.join("&", l))));
  }

  private Arbitrary<List<String>> headers() {
    Arbitrary<String> auth = Arbitraries.of("Authorization: {track}", "Authorization: {track}",
        "Authorization: {app}", "Authorization: {app}", "Authorization: Basic !!!", "Authorization: Bearer",
        "Authorization: cio-fake-app-key", "Authorization: Basic " + Base64.getEncoder().encodeToString(
            "cio-fake-track-key:cio-fake-site".getBytes(StandardCharsets.UTF_8)), "Authorization: Digest x=1", "");
    Arbitrary<String> type = Arbitraries.of("Content-Type: application/json", "Content-Type: application/json",
        "Content-Type: application/json; charset=bogus", "Content-Type: text/plain",
        "Content-Type: application/x-www-form-urlencoded; charset=nope", "Content-Type: multipart/form-data; boundary=",
        "Content-Type: application/vnd.api+json", "Content-Type: ;;;", "");
    Arbitrary<String> encoding = Arbitraries.of("", "", "", "", "Content-Encoding: gzip", "Content-Encoding: deflate",
        "Content-Encoding: br", "Content-Encoding: gzip, gzip", "Content-Encoding: identity");
    Arbitrary<String> extra = Arbitraries.of("", "", "Cookie: a=b; c", "Expect: 100-continue", "Expect: what",
        "Origin: http://evil.example", "Sec-Fetch-Site: cross-site", "X-Forwarded-For: %zz", "Accept: text/html",
        "User-Agent: " + "u".repeat(2000), "X-Retry-Count: abc");
    return Combinators.combine(auth, type, encoding, extra).as((a, t, e, x) -> {
      List<String> h = new ArrayList<>();
      for (String s : new String[] {a, t, e, x}) {
        if (!s.isEmpty()) {
          h.add(s);
        }
      }
      return h;
    });
  }

  private static final String[] FIELDS = {"name", "email", "id", "type", "action", "identifiers", "attributes",
      "timestamp", "data", "device", "metric", "delivery_id", "batch", "primary", "secondary", "cio_relationships",
      "transactional_message_id", "to", "ids", "object_type_id", "object_id", "event", "recipient", "created_at",
      "anonymous_id", "platform", "last_used", "_update", "_timestamp", "message_data", "seconds", "match", "effect",
      "url", "site_id", "track_api_key", "events", "after_ms", "rules", "seed", "body", "subject", "from"};

  private Arbitrary<String> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.of("1e999999", "1e99999999999999999999", "-1E+400", "1e-999999", "NaN", "Infinity", "0", "-0.0",
            "123456789012345678901234567890", "1700000000", "1700000000000", "true", "false", "null", "\"\"",
            "\"person\"", "\"identify\"", "\"event\"", "\"add_device\"", "\"object\"", "\"delivery\"", "\"opened\"",
            "\"ada@example.com\"", "\"\\u0000\"", "\"\\ud800\"", "\"http://127.0.0.1:9/x\"", "[]", "{}",
            "[1,2]", "\"" + "s".repeat(60_000) + "\""),
        Arbitraries.strings().withChars("abcdefghiklmnopqrstuvwyz0123456789_-@+ /%:").ofMaxLength(40)
            .map(s -> "\"" + s + "\""),
        Arbitraries.longs().map(String::valueOf));
  }

  private Arbitrary<String> json(int depth) {
    if (depth <= 0) {
      return scalar();
    }
    Arbitrary<String> member = Combinators.combine(Arbitraries.of(FIELDS), Arbitraries.lazy(() -> json(depth - 1)))
        .as((k, v) -> "\"" + k + "\":" + v);
    Arbitrary<String> object = member.list().ofMaxSize(6).map(l -> "{" + String.join(",", l) + "}");
    Arbitrary<String> array = Arbitraries.lazy(() -> json(depth - 1)).list().ofMaxSize(4)
        .map(l -> "[" + String.join(",", l) + "]");
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, scalar()), net.jqwik.api.Tuple.of(5, object),
        net.jqwik.api.Tuple.of(1, array));
  }

  private Arbitrary<byte[]> body() {
    Arbitrary<byte[]> jsonBody = json(3).map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> broken = Arbitraries.of(
        "{\"name\":", "{\"a\":1}}", "{'a':1}", "{\"a\":1} {\"b\":2}", "[" .repeat(500) + "]".repeat(500),
        "{\"data\":" + "[".repeat(250) + "]".repeat(250) + "}", "\uFEFF{\"name\":\"n\"}", "a=1&b=%zz", "--zz--",
        "{\"name\":\"n\",\"data\":{\"n\":1e999999999}}").map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> bytes = Arbitraries.of(new byte[] {(byte) 0xff, (byte) 0xfe, 0x7b, 0x00},
        new byte[] {0x7b, 0x22, (byte) 0xc3, 0x28, 0x22, 0x7d}, "{\"email\":\"a@b.c\"}".getBytes(
            StandardCharsets.UTF_16LE), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0}, bigZeros());
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just(new byte[0])),
        net.jqwik.api.Tuple.of(12, jsonBody), net.jqwik.api.Tuple.of(3, broken), net.jqwik.api.Tuple.of(1, bytes));
  }

  /** 6 MB of JSON whitespace: past the body limit raw, and a bomb when gzipped. */
  private static byte[] bigZeros() {
    byte[] b = new byte[6 * 1024 * 1024];
    java.util.Arrays.fill(b, (byte) ' ');
    b[0] = '{';
    b[b.length - 1] = '}';
    return b;
  }

  private Arbitrary<Integer> framing() {
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, Arbitraries.just(0)),
        net.jqwik.api.Tuple.of(3, Arbitraries.just(1)), net.jqwik.api.Tuple.of(1, Arbitraries.of(2, 3, 4, 5)));
  }
}
