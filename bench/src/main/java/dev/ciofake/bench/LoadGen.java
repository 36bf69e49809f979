package dev.ciofake.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: a fixed number of clients, each on its own persistent connection, each sending its next
 * request as soon as the previous answer arrived, for a warm-up then a measured window (both bounded).
 */
final class LoadGen {
  /** One request a client sends. */
  record Req(String method, String path, String body) {}

  /** Makes the n-th request of a client. */
  interface Maker {
    Req make(int client, long n);
  }

  /** The figures of one measured window. */
  record Result(long requests, long errors, double seconds, double throughput, double p50, double p99,
      double p999, String firstError) {}

  /** Counts every answered request, warm-up included (for the soak). */
  final AtomicLong sent = new AtomicLong();
  /**
   * Whether to keep every latency for the percentiles. The soak turns it off: it shares the JVM with the fake, and
   * millions of kept latencies would show in the fake's heap samples as growth.
   */
  private final boolean keepLatencies;

  LoadGen() {
    this(true);
  }

  LoadGen(boolean keepLatencies) {
    this.keepLatencies = keepLatencies;
  }

  Result run(int port, int clients, double warmupSeconds, double measureSeconds, Maker maker)
      throws InterruptedException {
    long[][] lat = new long[clients][];
    int[] counts = new int[clients];
    long[] errors = new long[clients];
    String[] firstError = new String[clients];
    CountDownLatch ready = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      final int client = c;
      Thread t = new Thread(() -> {
        long[] mine = new long[keepLatencies ? 1 << 14 : 0];
        int n = 0;
        long seq = 0;
        try (Http http = new Http(port)) {
          ready.countDown();
          go.await();
          long measureFrom = window[0];
          long end = window[1];
          while (true) {
            long t0 = System.nanoTime();
            if (t0 >= end) {
              break;
            }
            Req r = maker.make(client, seq++);
            int status = http.send(r.method(), r.path(), r.body());
            long t1 = System.nanoTime();
            sent.incrementAndGet();
            if (t0 >= measureFrom) {
              if (keepLatencies) {
                if (n == mine.length) {
                  mine = Arrays.copyOf(mine, n * 2);
                }
                mine[n++] = t1 - t0;
              }
              if (status < 200 || status > 299) {
                errors[client]++;
                if (firstError[client] == null) {
                  firstError[client] = "HTTP " + status + " on " + r.method() + " " + r.path();
                }
              }
            }
          }
        } catch (Exception e) {
          errors[client]++;
          firstError[client] = e.toString();
          ready.countDown();
        }
        lat[client] = mine;
        counts[client] = n;
      }, "bench-client-" + c);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    ready.await();
    long now = System.nanoTime();
    window[0] = now + (long) (warmupSeconds * 1e9);
    window[1] = window[0] + (long) (measureSeconds * 1e9);
    go.countDown();
    for (Thread t : threads) {
      t.join(60_000 + (long) ((warmupSeconds + measureSeconds) * 1000));
    }
    int total = 0;
    for (int c = 0; c < clients; c++) {
      total += counts[c];
    }
    long[] all = new long[total];
    int at = 0;
    long errs = 0;
    String first = null;
    for (int c = 0; c < clients; c++) {
      if (lat[c] != null) {
        System.arraycopy(lat[c], 0, all, at, counts[c]);
      }
      at += counts[c];
      errs += errors[c];
      if (first == null) {
        first = firstError[c];
      }
    }
    Arrays.sort(all);
    return new Result(total, errs, measureSeconds, total / measureSeconds, pct(all, 0.50), pct(all, 0.99),
        pct(all, 0.999), first);
  }

  /** The q-quantile in milliseconds (nearest rank). */
  static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
