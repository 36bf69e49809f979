package dev.ciofake.internal.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.ciofake.internal.util.Json;
import java.util.Locale;
import java.util.Random;

/**
 * One chaos rule: a match (API, method, path pattern, workspace, probability, time window) and an effect
 * (latency, an error status, a 429 storm, an outage, a connection fault, a slow body). Seeded: the same requests get
 * the same faults, in whatever order concurrent clients send them (see {@link #fires}). Parsed from, and shown as,
 * JSON:
 *
 * <pre>{@code
 * {"match": {"api": "track", "method": "POST", "path": "/api/v1/customers/ * /events", "site_id": "...",
 *            "probability": 0.5, "after_seconds": 2, "after_requests": 10, "for_seconds": 5, "for_requests": 3},
 *  "effect": {"type": "latency", "fixed_ms": 200},
 *  "seed": 42}
 * }</pre>
 *
 * Effects: {@code latency} ({@code fixed_ms}, or {@code min_ms}+{@code max_ms} uniform, or {@code median_ms}+
 * {@code sigma} log-normal), {@code error} ({@code status} 500/502/503/504, optional {@code retry_after}),
 * {@code rate_limit} (429, optional {@code retry_after}), {@code outage} (503 for every request),
 * {@code fault} ({@code fault}: connection_reset, empty_response, malformed_chunk, random_data),
 * {@code slow_body} ({@code duration_ms}).
 */
public final class ChaosRule {
  private final String id;
  private final String api;
  private final String method;
  private final String pathText;
  private final Glob path;
  private final String siteId;
  private final double probability;
  private final double afterSeconds;
  private final long afterRequests;
  private final Double forSeconds;
  private final Long forRequests;
  private final long seed;
  private final Effect effect;
  private final long createdNanos;
  /** How often each request (by its stable key) has matched: the occurrence number of its draw. */
  private final java.util.Map<Long, long[]> occurrences = dev.ciofake.internal.util.BoundedMaps.insertionOrdered(
      MAX_REMEMBERED_REQUESTS);
  private long matched;
  private long fired;
  private Long openedNanos;

  /** What a firing rule does. */
  public sealed interface Effect {
    String describe();
  }

  /** Adds latency; {@code fixedMs}, uniform between min and max, or log-normal around a median. */
  public record Latency(long fixedMs, long minMs, long maxMs, long medianMs, double sigma) implements Effect {
    long draw(Random r) {
      if (medianMs > 0) {
        return Math.max(0, Math.round(medianMs * Math.exp(sigma * r.nextGaussian())));
      }
      if (maxMs > minMs) {
        return minMs + (long) (r.nextDouble() * (maxMs - minMs + 1));
      }
      return fixedMs;
    }

    @Override
    public String describe() {
      return medianMs > 0 ? "latency log-normal median " + medianMs + " ms sigma " + sigma
          : maxMs > minMs ? "latency " + minMs + ".." + maxMs + " ms" : "latency " + fixedMs + " ms";
    }
  }

  /** Answers an error status in the endpoint's error shape. */
  public record Error(int status, Integer retryAfter, String kind) implements Effect {
    @Override
    public String describe() {
      return kind + " " + status + (retryAfter == null ? "" : " (Retry-After " + retryAfter + ")");
    }
  }

  /** Breaks the connection with one of WireMock's faults. */
  public record ConnectionFault(Fault fault) implements Effect {
    @Override
    public String describe() {
      return "fault " + fault.name().toLowerCase(Locale.ROOT);
    }
  }

  /** Sends the body slowly, in chunks, over the duration. */
  public record SlowBody(long durationMs) implements Effect {
    @Override
    public String describe() {
      return "slow body over " + durationMs + " ms";
    }
  }

  /** The rule as it was given (with its seed resolved), to install it again. */
  private final ObjectNode spec;

  private ChaosRule(String id, JsonNode spec, long defaultSeed, long nowNanos) {
    this.id = id;
    JsonNode m = spec.path("match");
    this.api = optText(m, "api");
    if (api != null && !api.equals("track") && !api.equals("app") && !api.equals("pipelines")) {
      throw new IllegalArgumentException("match.api must be track, app or pipelines (the admin API is never "
          + "disturbed)");
    }
    this.method = optText(m, "method") == null ? null : optText(m, "method").toUpperCase(Locale.ROOT);
    this.pathText = optText(m, "path");
    if (pathText != null && pathText.length() > MAX_PATH_PATTERN) {
      throw new IllegalArgumentException("match.path is " + pathText.length() + " characters; a path pattern may have "
          + "at most " + MAX_PATH_PATTERN);
    }
    this.path = pathText == null ? null : new Glob(pathText);
    this.siteId = optText(m, "site_id");
    if (m.hasNonNull("probability") && !m.get("probability").isNumber()) {
      throw new IllegalArgumentException("match.probability must be a number in (0, 1], got " + m.get("probability"));
    }
    this.probability = m.path("probability").asDouble(1.0);
    if (probability <= 0 || probability > 1) {
      throw new IllegalArgumentException("match.probability must be in (0, 1], got " + probability);
    }
    this.afterSeconds = nonNegative(m, "after_seconds");
    this.afterRequests = (long) nonNegative(m, "after_requests");
    this.forSeconds = m.hasNonNull("for_seconds") ? nonNegative(m, "for_seconds") : null;
    this.forRequests = m.hasNonNull("for_requests") ? (long) nonNegative(m, "for_requests") : null;
    this.seed = spec.hasNonNull("seed") ? spec.get("seed").asLong() : defaultSeed;
    this.effect = effect(spec.path("effect"));
    this.createdNanos = nowNanos;
    ObjectNode original = spec.deepCopy();
    original.put("seed", seed);
    this.spec = original;
  }

  /**
   * Parses a rule.
   *
   * @throws IllegalArgumentException with a message naming the field at fault
   */
  public static ChaosRule parse(String id, JsonNode spec, long defaultSeed, long nowNanos) {
    if (spec == null || !spec.isObject()) {
      throw new IllegalArgumentException("a chaos rule must be an object with match and effect");
    }
    return new ChaosRule(id, spec, defaultSeed, nowNanos);
  }

  private static Effect effect(JsonNode e) {
    String type = optText(e, "type");
    if (type == null) {
      throw new IllegalArgumentException("effect.type is required: latency, error, rate_limit, outage, fault or "
          + "slow_body");
    }
    Integer retryAfter = e.hasNonNull("retry_after") ? (int) nonNegative(e, "retry_after") : null;
    switch (type) {
      case "latency":
        long fixed = (long) nonNegative(e, "fixed_ms");
        long min = (long) nonNegative(e, "min_ms");
        long max = (long) nonNegative(e, "max_ms");
        long median = (long) nonNegative(e, "median_ms");
        double sigma = e.path("sigma").asDouble(0.5);
        if (fixed == 0 && max == 0 && median == 0) {
          throw new IllegalArgumentException("a latency effect needs fixed_ms, min_ms and max_ms, or median_ms");
        }
        if (max > 0 && max < min) {
          throw new IllegalArgumentException("effect.max_ms must not be below min_ms");
        }
        return new Latency(fixed, min, max, median, sigma);
      case "error":
        if (e.hasNonNull("status") && !e.get("status").isInt()) {
          throw new IllegalArgumentException("effect.status must be 500, 502, 503 or 504, got " + e.get("status"));
        }
        int status = e.path("status").asInt(500);
        if (status != 500 && status != 502 && status != 503 && status != 504) {
          throw new IllegalArgumentException("effect.status must be 500, 502, 503 or 504, got " + status);
        }
        return new Error(status, retryAfter, "error");
      case "rate_limit":
        return new Error(429, retryAfter == null ? 1 : retryAfter, "429 storm");
      case "outage":
        return new Error(503, retryAfter, "outage");
      case "fault":
        String f = optText(e, "fault");
        Fault fault;
        switch (f == null ? "" : f) {
          case "connection_reset":
            fault = Fault.CONNECTION_RESET_BY_PEER;
            break;
          case "empty_response":
            fault = Fault.EMPTY_RESPONSE;
            break;
          case "malformed_chunk":
            fault = Fault.MALFORMED_RESPONSE_CHUNK;
            break;
          case "random_data":
            fault = Fault.RANDOM_DATA_THEN_CLOSE;
            break;
          default:
            throw new IllegalArgumentException("effect.fault must be connection_reset, empty_response, "
                + "malformed_chunk or random_data, got " + f);
        }
        return new ConnectionFault(fault);
      case "slow_body":
        long d = (long) nonNegative(e, "duration_ms");
        if (d == 0) {
          throw new IllegalArgumentException("a slow_body effect needs duration_ms");
        }
        return new SlowBody(d);
      default:
        throw new IllegalArgumentException("unknown effect.type '" + type
            + "': use latency, error, rate_limit, outage, fault or slow_body");
    }
  }

  /** The longest {@code match.path} accepted: real paths are far shorter, and matching costs its length. */
  static final int MAX_PATH_PATTERN = 1024;

  /**
   * A glob over the raw path: {@code *} matches within one segment, {@code **} across segments. Matched by simulating
   * its automaton over the path (every position of the pattern at once), so a match costs path length times pattern
   * length at worst: no backtracking, whatever the stars.
   */
  static final class Glob {
    private static final char LITERAL = 0;
    private static final char STAR = 1;
    private static final char DOUBLE_STAR = 2;
    private final char[] kinds;
    private final char[] chars;

    Glob(String g) {
      StringBuilder k = new StringBuilder();
      StringBuilder c = new StringBuilder();
      for (int i = 0; i < g.length(); i++) {
        char ch = g.charAt(i);
        if (ch == '*') {
          boolean dbl = i + 1 < g.length() && g.charAt(i + 1) == '*';
          k.append(dbl ? DOUBLE_STAR : STAR);
          c.append('*');
          i += dbl ? 1 : 0;
        } else {
          k.append(LITERAL);
          c.append(ch);
        }
      }
      this.kinds = k.toString().toCharArray();
      this.chars = c.toString().toCharArray();
    }

    boolean matches(String text) {
      int m = kinds.length;
      boolean[] cur = new boolean[m + 1];
      boolean[] next = new boolean[m + 1];
      cur[0] = true;
      close(cur);
      for (int i = 0; i < text.length(); i++) {
        char ch = text.charAt(i);
        java.util.Arrays.fill(next, false);
        boolean any = false;
        for (int p = 0; p < m; p++) {
          if (!cur[p]) {
            continue;
          }
          if (kinds[p] == LITERAL) {
            if (chars[p] == ch) {
              next[p + 1] = true;
              any = true;
            }
          } else if (kinds[p] == DOUBLE_STAR || ch != '/') {
            next[p] = true;
            any = true;
          }
        }
        if (!any) {
          return false;
        }
        close(next);
        boolean[] t = cur;
        cur = next;
        next = t;
      }
      return cur[m];
    }

    /** A star may match nothing: the position after it is reached too. */
    private void close(boolean[] states) {
      for (int p = 0; p < kinds.length; p++) {
        if (states[p] && kinds[p] != LITERAL) {
          states[p + 1] = true;
        }
      }
    }
  }

  private static String optText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static double nonNegative(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isNumber() || v.asDouble() < 0) {
      throw new IllegalArgumentException(field + " must be a non-negative number");
    }
    return v.asDouble();
  }

  /** The site id the rule is limited to, or {@code null} for every workspace. */
  public String siteId() {
    return siteId;
  }

  public String id() {
    return id;
  }

  public Effect effect() {
    return effect;
  }

  /** How many distinct requests a rule remembers the occurrence count of (past it, the oldest start again). */
  static final int MAX_REMEMBERED_REQUESTS = 100_000;

  /**
   * Whether the rule fires for a request: it matches, its window is open, and its draw passes. Returns the seed of the
   * request's further draws (its latency) when it fires, else {@code null}. Counts matches and firings.
   *
   * <p>The draw is not the next number of one sequence but a function of the rule's seed, the request's stable key
   * ({@code requestKey}: method, path, query, body and workspace) and how many times a request with that key matched
   * before. So the same requests get the same faults however concurrent clients interleave them; only the windows
   * counted in requests ({@code after_requests}, {@code for_requests}) and in seconds follow arrival order and time.
   */
  public synchronized Long fires(String requestApi, String requestMethod, String rawPath, String requestSite,
      long nowNanos, long requestKey) {
    if ((api != null && !api.equals(requestApi)) || (method != null && !method.equals(requestMethod))
        || (path != null && !path.matches(rawPath)) || (siteId != null && !siteId.equals(requestSite))) {
      return null;
    }
    matched++;
    long occurrence = occurrences.computeIfAbsent(requestKey, k -> new long[1])[0]++;
    long draws = mix(seed, requestKey, occurrence);
    double elapsed = (nowNanos - createdNanos) / 1e9;
    if (matched <= afterRequests || elapsed < afterSeconds) {
      return null;
    }
    if (matched == afterRequests + 1 && afterRequests > 0) {
      openedNanos = nowNanos; // a window that starts after N requests lasts for_seconds from then
    }
    double opened = openedNanos == null ? afterSeconds : Math.max(afterSeconds, (openedNanos - createdNanos) / 1e9);
    if (forSeconds != null && elapsed >= opened + forSeconds) {
      return null;
    }
    if (forRequests != null && fired >= forRequests) {
      return null;
    }
    if (probability < 1.0 && unit(draws) >= probability) {
      return null;
    }
    fired++;
    return mix(draws, 0x632BE59BD9B4E019L, 1);
  }

  /** The latency to add to a request the rule fired for, from the seed {@link #fires} returned. */
  public long drawLatency(long draws) {
    return ((Latency) effect).draw(new Random(draws));
  }

  /** SplitMix64's finaliser over three inputs: independent, evenly spread 64-bit draws. */
  static long mix(long a, long b, long c) {
    long z = a * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(b, 23) ^ (c + 1) * 0xD1B54A32D192ED03L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A draw as a double in [0, 1). */
  static double unit(long draw) {
    return (draw >>> 11) * 0x1.0p-53;
  }

  /** The rule as JSON, with its counters. */
  public synchronized ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("id", id);
    ObjectNode m = n.putObject("match");
    m.put("api", api);
    m.put("method", method);
    m.put("path", pathText);
    m.put("site_id", siteId);
    m.put("probability", probability);
    m.put("after_seconds", afterSeconds);
    m.put("after_requests", afterRequests);
    if (forSeconds == null) {
      m.putNull("for_seconds");
    } else {
      m.put("for_seconds", forSeconds);
    }
    if (forRequests == null) {
      m.putNull("for_requests");
    } else {
      m.put("for_requests", forRequests);
    }
    n.put("effect", effect.describe());
    n.put("seed", seed);
    n.put("matched", matched);
    n.put("fired", fired);
    n.set("spec", spec.deepCopy());
    return n;
  }
}
