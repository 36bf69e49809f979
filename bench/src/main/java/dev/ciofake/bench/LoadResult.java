package dev.ciofake.bench;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of one measured load, from the {@code BENCH ...} line that both load generators print (wrk's
 * {@code done} hook, and {@link LoadMain}).
 *
 * @param failed answers that were not a success (wrk: status 400 or more; the bench's generator: not 2xx) and
 *     socket errors and timeouts
 */
record LoadResult(long requests, double seconds, long failed, double p50Ms, double p99Ms, double p999Ms,
    double maxMs) {

  private static final Pattern LINE = Pattern.compile("BENCH requests=(\\d+) duration_us=(\\d+) non2xx=(\\d+) "
      + "errors=(\\d+) p50_us=(\\d+) p99_us=(\\d+) p999_us=(\\d+) max_us=(\\d+)");

  double perSecond() {
    return requests / seconds;
  }

  /** The summary line, as both generators print it. */
  static String line(long requests, long durationMicros, long non2xx, long errors, long p50, long p99, long p999,
      long max) {
    return String.format(Locale.ROOT, "BENCH requests=%d duration_us=%d non2xx=%d errors=%d p50_us=%d p99_us=%d "
        + "p999_us=%d max_us=%d", requests, durationMicros, non2xx, errors, p50, p99, p999, max);
  }

  /** The result in a generator's output, or {@code null} when it printed none. */
  static LoadResult parse(String output) {
    Matcher m = LINE.matcher(output);
    if (!m.find()) {
      return null;
    }
    long[] v = new long[8];
    for (int i = 0; i < 8; i++) {
      v[i] = Long.parseLong(m.group(i + 1));
    }
    return new LoadResult(v[0], v[1] / 1e6, v[2] + v[3], v[4] / 1e3, v[5] / 1e3, v[6] / 1e3, v[7] / 1e3);
  }
}
