package dev.ciofake.internal.state;

import dev.ciofake.internal.util.BoundedLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The lock-free log every request appends to: bounded, counted, ordered, and consistent under concurrency. */
class BoundedLogTest {

  @Test
  void keepsTheNewestItemsInOrderAndCountsWhatItDropped() {
    BoundedLog<Integer> log = new BoundedLog<>(3);
    for (int i = 1; i <= 5; i++) {
      log.add(i);
    }

    assertThat(log.snapshot()).containsExactly(3, 4, 5);
    assertThat(log.size()).isEqualTo(3);
    assertThat(log.added()).isEqualTo(5);
    assertThat(log.dropped()).isEqualTo(2);
    assertThat(log.newest(2, i -> true)).containsExactly(4, 5);
    assertThat(log.newest(10, i -> i % 2 == 1)).containsExactly(3, 5);
  }

  @Test
  void clearEmptiesItAndZeroesTheCounts() {
    BoundedLog<String> log = new BoundedLog<>(2);
    log.add("a");
    log.add("b");
    log.add("c");

    log.clear();

    assertThat(log.snapshot()).isEmpty();
    assertThat(log.size()).isZero();
    assertThat(log.added()).isZero();
    assertThat(log.dropped()).isZero();
    log.add("d");
    assertThat(log.snapshot()).containsExactly("d");
  }

  @Test
  void aCapacityBelowOneIsRefused() {
    assertThatThrownBy(() -> new BoundedLog<>(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentAppendsLoseNothingFromTheCountsAndStayWithinTheCapacity() throws Exception {
    int threads = 8;
    int perThread = 20_000;
    int capacity = 1_000;
    BoundedLog<Long> log = new BoundedLog<>(capacity);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long base = (long) t * perThread;
      done.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < perThread; i++) {
          log.add(base + i);
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    long total = (long) threads * perThread;
    assertThat(log.added()).isEqualTo(total);
    assertThat(log.snapshot()).hasSize(capacity);
    assertThat(log.size()).isEqualTo(capacity);
    assertThat(log.dropped()).isEqualTo(total - capacity);
    // Each thread's own items stay in the order it added them.
    List<Long> kept = log.snapshot();
    for (int t = 0; t < threads; t++) {
      long lo = (long) t * perThread;
      List<Long> mine = kept.stream().filter(v -> v >= lo && v < lo + perThread).toList();
      assertThat(mine).isSorted();
    }
  }
}
