package dev.ciofake;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate limit: at most {@code requests} in any {@code window}. Written {@code 100/s}, {@code 10/1s} or
 * {@code 1/10s} in flags, settings and the admin API.
 *
 * @param requests how many requests a window admits (at least 1)
 * @param window the length of the sliding window (at least 1 ms)
 */
public record RateLimit(int requests, Duration window) {
  private static final Pattern SPEC = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d*)\\s*(ms|s|m)\\s*");

  /** Checks the bounds. */
  public RateLimit {
    Objects.requireNonNull(window, "window");
    if (requests < 1 || requests > 1_000_000) {
      throw new IllegalArgumentException("a rate limit admits 1 to 1000000 requests per window, got " + requests);
    }
    if (window.toMillis() < 1) {
      throw new IllegalArgumentException("a rate-limit window must be at least 1 ms");
    }
  }

  /** {@code n} requests per second. */
  public static RateLimit perSecond(int n) {
    return new RateLimit(n, Duration.ofSeconds(1));
  }

  /**
   * Parses {@code 100/s}, {@code 1/10s}, {@code 500/250ms} or {@code 60/m}.
   *
   * @throws IllegalArgumentException with an example of the expected form
   */
  public static RateLimit parse(String spec) {
    Matcher m = SPEC.matcher(Objects.requireNonNull(spec, "spec"));
    if (!m.matches()) {
      throw new IllegalArgumentException("rate limit '" + spec + "' is not of the form 100/s or 1/10s");
    }
    int n = Integer.parseInt(m.group(1));
    long count = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
    Duration w;
    switch (m.group(3)) {
      case "ms":
        w = Duration.ofMillis(count);
        break;
      case "m":
        w = Duration.ofMinutes(count);
        break;
      default:
        w = Duration.ofSeconds(count);
    }
    return new RateLimit(n, w);
  }

  /** Requests per second, for messages and reports. */
  public double perSecondRate() {
    return requests * 1000.0 / window.toMillis();
  }

  /** The spec form: {@code 100/s}, {@code 1/10s}, {@code 50/250ms}. */
  @Override
  public String toString() {
    long ms = window.toMillis();
    if (ms % 1000 == 0) {
      long s = ms / 1000;
      return requests + "/" + (s == 1 ? "" : String.valueOf(s)) + "s";
    }
    return requests + "/" + ms + "ms";
  }
}
