package dev.ciofake.internal.http;

import dev.ciofake.internal.util.PercentDecoding;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.ciofake.FakeClock;
import dev.ciofake.internal.util.SystemClock;

/**
 * One HTTP request as the fake sees it: what the edge read of it ({@link RawRequest}, {@link EdgeRead}) plus the
 * request id and the server-side connection it came on. Parsing of the body happens once, in {@link Exchange}.
 */
public final class ApiRequest {
  private final String id;
  private final String method;
  private final String rawPath;
  private final String rawQuery;
  private final RawRequest raw;
  private final byte[] body;
  private final long receivedAtMillis;
  private final long receivedAtNanos;
  private final long startedRealNanos;
  private String retryKey;
  private final String connectionId;
  private final boolean firstOnConnection;
  private final long connectionOpenedAtMillis;
  private Map<String, String> query;
  private final Violation bodyProblem;
  /** The Content-Type the client sent when the edge showed WireMock another one, else {@code null}. */
  private final String sentContentType;

  /**
   * A request read by {@code raw}: the servlet's request on the edge's direct path, or WireMock's.
   *
   * @param edge what the HTTP edge read (the body and the raw query), or {@code null} when the request did not come
   *     through it (then both come from {@code raw})
   * @param connection the request's connection, or {@code null} when it did not come through Jetty (a warm-up)
   * @param clock the fake's clock: the request's time is read from it once, here
   */
  public ApiRequest(String id, RawRequest raw, EdgeRead edge, ConnectionIds.Current connection, FakeClock clock) {
    this.id = id;
    this.raw = raw;
    this.method = raw.method();
    String url = raw.url();
    int q = url.indexOf('?');
    this.rawPath = q < 0 ? url : url.substring(0, q);
    this.rawQuery = edge != null && edge.rawQuery() != null ? edge.rawQuery() : q < 0 ? "" : url.substring(q + 1);
    byte[] b = edge != null ? edge.body() : raw.body();
    this.body = b == null ? new byte[0] : b;
    this.bodyProblem = edge == null ? null : edge.problem();
    this.sentContentType = edge == null ? null : edge.contentType();
    this.receivedAtMillis = clock.millis();
    this.receivedAtNanos = clock.nanoTime();
    this.startedRealNanos = SystemClock.realNanos();
    this.connectionId = connection == null ? null : connection.id();
    this.firstOnConnection = connection != null && connection.first();
    this.connectionOpenedAtMillis = connection == null ? 0 : connection.openedAtMillis();
  }

  /** The fake's id for this request, echoed in {@code X-CIO-Fake-Request-Id} and used as pitfall evidence. */
  public String id() {
    return id;
  }

  /** The id of the {@code n}-th request the fake received: {@code req_<n>}. */
  public static String idOf(long n) {
    return "req_" + n;
  }

  /** {@code n} of an id {@link #idOf} made, or -1 for any other text. */
  public static long numberOf(String id) {
    if (id == null || !id.startsWith("req_") || id.length() < 5 || id.length() > 22
        || (id.charAt(4) == '0' && id.length() > 5)) {
      return -1;
    }
    long n = 0;
    for (int i = 4; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0'); // at most 18 digits: no overflow
    }
    return n;
  }

  public String method() {
    return method;
  }

  /** The path exactly as sent, percent-escapes kept. */
  public String rawPath() {
    return rawPath;
  }

  public String rawQuery() {
    return rawQuery;
  }

  public byte[] body() {
    return body;
  }

  /** Why the HTTP edge could not read the body (too large, too slow, broken), or {@code null}. */
  public Violation bodyProblem() {
    return bodyProblem;
  }

  /** When it arrived, in epoch milliseconds of the fake's clock. */
  public long receivedAtMillis() {
    return receivedAtMillis;
  }

  /** When it arrived, on the fake's monotonic clock (windows and deadlines). */
  public long receivedAtNanos() {
    return receivedAtNanos;
  }

  /** When it arrived on the machine's monotonic clock: for measuring its real latency only. */
  public long startedRealNanos() {
    return startedRealNanos;
  }

  /**
   * What a retry of this request has in common with it: the client (address and User-Agent) and the request
   * (method, path, query, body). Computed once, on first use (the rate limiter and the Retry-After ledger share it).
   */
  public String retryKey() {
    if (retryKey == null) {
      retryKey = clientIp() + "|" + header("User-Agent") + "\n" + method + " " + rawPath + "?" + rawQuery + "#"
          + java.util.Arrays.hashCode(body) + "/" + body.length;
    }
    return retryKey;
  }

  /**
   * A 64-bit hash of what the request says, not who sent it or when: method, path, query and body (FNV-1a). Equal
   * for a retry and for the same request in another run; chaos draws from it.
   */
  public long stableKey() {
    long h = 0xcbf29ce484222325L;
    for (String part : new String[] {method, rawPath, rawQuery}) {
      for (int i = 0; i < part.length(); i++) {
        h = (h ^ part.charAt(i)) * 0x100000001b3L;
      }
      h = (h ^ 0xff) * 0x100000001b3L;
    }
    for (byte b : body) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  /** Whether this request opened its connection: the first request Jetty read from it. */
  public boolean firstOnConnection() {
    return firstOnConnection;
  }

  /** Identity of the TCP connection at the server, or {@code null} when the server cannot tell. */
  /** When the server accepted this request's connection (the machine's epoch milliseconds); 0 when unknown. */
  public long connectionOpenedAtMillis() {
    return connectionOpenedAtMillis;
  }

  public String connectionId() {
    return connectionId;
  }

  public String clientIp() {
    return raw.clientIp();
  }

  /** First value of a header (case-insensitive), or {@code null}. */
  public String header(String name) {
    if (sentContentType != null && name.equalsIgnoreCase("Content-Type")) {
      return sentContentType;
    }
    return raw.header(name);
  }

  /**
   * The authority the client addressed: the {@code Host} header, or for HTTP/2 (which carries it as
   * {@code :authority}) the host and port the request was made to; {@code null} when neither is known.
   */
  public String authority() {
    String host = header("Host");
    if (host != null) {
      return host;
    }
    String h = raw.host();
    if (h == null || h.isEmpty()) {
      return null;
    }
    return (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + raw.port();
  }

  /** All headers, names as sent, the values of a repeated name joined. */
  public Map<String, String> headers() {
    Map<String, String> out = new LinkedHashMap<>();
    raw.forEachHeader((name, value) -> out.put(name, sentContentType != null
        && name.equalsIgnoreCase("Content-Type") ? sentContentType : value));
    return out;
  }

  /**
   * {@link #headers()} as the journal keeps them: names and values alternating, in the order sent, each value
   * masked by {@link dev.ciofake.internal.util.Redaction#maskHeader}. One flat array instead of a map per request.
   */
  public String[] maskedHeaderPairs() {
    String[] out = new String[raw.headerCount() * 2];
    int[] i = {0};
    raw.forEachHeader((name, value) -> {
      if (i[0] + 1 < out.length) {
        String v = sentContentType != null && name.equalsIgnoreCase("Content-Type") ? sentContentType : value;
        out[i[0]++] = name;
        out[i[0]++] = dev.ciofake.internal.util.Redaction.maskHeader(name, v);
      }
    });
    return i[0] == out.length ? out : java.util.Arrays.copyOf(out, i[0]);
  }

  /**
   * Decoded query parameters (first value wins). A malformed escape leaves the raw text in place: query
   * strings are informational for most operations and the operations that need one validate it.
   */
  public Map<String, String> query() {
    if (query == null) {
      Map<String, String> q = new LinkedHashMap<>();
      if (!rawQuery.isEmpty()) {
        for (String pair : rawQuery.split("&")) {
          if (pair.isEmpty()) {
            continue;
          }
          int eq = pair.indexOf('=');
          String k = eq < 0 ? pair : pair.substring(0, eq);
          String v = eq < 0 ? "" : pair.substring(eq + 1);
          q.putIfAbsent(decodeLenient(k), decodeLenient(v));
        }
      }
      query = Collections.unmodifiableMap(q);
    }
    return query;
  }

  private static String decodeLenient(String s) {
    try {
      return PercentDecoding.decodeQuery(s);
    } catch (PercentDecoding.MalformedEscapeException e) {
      return s;
    }
  }

  /** Content-Type header without parameters, lower case, or {@code null}. */
  public String mediaType() {
    String ct = header("Content-Type");
    if (ct == null || ct.isBlank()) {
      return null;
    }
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
  }
}
