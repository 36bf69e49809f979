package dev.ciofake.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The bench's own load generator, for a machine without wrk: run by the bench as a JVM of its own
 * ({@code java -cp cio-fake-bench.jar dev.ciofake.bench.LoadMain ...}), never in the server's JVM nor the bench's.
 * Closed loop like wrk: each connection a thread with one keep-alive socket, sending its next request when the
 * previous answer arrived; the latency of each request from writing it to reading its whole answer, recorded in an
 * HdrHistogram; the summary in the same {@code BENCH ...} line as the wrk scripts print.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Closed-loop HTTP load (the bench's wrk stand-in).")
public final class LoadMain implements Callable<Integer> {
  @Option(names = "--port", required = true, description = "Server port on 127.0.0.1.")
  int port;

  @Option(names = "--connections", defaultValue = "8",
      description = "Keep-alive connections (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--seconds", defaultValue = "10", description = "How long to send (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--workload", defaultValue = "IDENTIFY", description = "One of ${COMPLETION-CANDIDATES}.")
  Workload workload;

  @Option(names = "--prefix", defaultValue = "j", description = "Keeps new ids unique across runs.")
  String prefix;

  @Option(names = "--people", defaultValue = "0", description = "Preloaded people p0..p<N-1> (0: new ids).")
  int people;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    // 1 µs to 1 minute at 3 significant digits; a slower answer is a timeout (wrk's default is 2 s)
    List<Histogram> histograms = new ArrayList<>();
    AtomicLong requests = new AtomicLong();
    AtomicLong non2xx = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    CountDownLatch connected = new CountDownLatch(connections);
    CountDownLatch go = new CountDownLatch(1);
    long[] end = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int conn = c;
      Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
      histograms.add(h);
      Thread t = new Thread(() -> {
        try (Http http = new Http(port, workload.auth)) {
          connected.countDown();
          go.await();
          for (long n = 1; System.nanoTime() < end[0]; n++) {
            Workload.Req r = workload.request(prefix, people, conn, connections, n);
            long t0 = System.nanoTime();
            int status = http.send(r.method(), r.path(), r.body());
            h.recordValue(Math.min(h.getHighestTrackableValue(), (System.nanoTime() - t0) / 1000));
            requests.incrementAndGet();
            if (status < 200 || status > 299) {
              non2xx.incrementAndGet();
            }
          }
        } catch (Exception e) {
          errors.incrementAndGet();
          connected.countDown();
        }
      }, "load-" + c);
      threads.add(t);
      t.start();
    }
    connected.await();
    long t0 = System.nanoTime();
    end[0] = t0 + (long) (seconds * 1e9);
    go.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(60) + (long) (seconds * 1000));
    }
    long micros = (System.nanoTime() - t0) / 1000;
    Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    histograms.forEach(all::add);
    System.out.println(LoadResult.line(requests.get(), micros, non2xx.get(), errors.get(),
        all.getValueAtPercentile(50), all.getValueAtPercentile(99), all.getValueAtPercentile(99.9),
        all.getMaxValue()));
    return 0;
  }
}
