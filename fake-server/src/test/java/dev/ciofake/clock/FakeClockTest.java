package dev.ciofake.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ciofake.FakeClock;
import dev.ciofake.internal.util.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake's clock and the scheduler that runs webhook steps and retries when the clock reaches them. */
class FakeClockTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void aFrozenClockStandsStillUntilAdvancedAndThenMovesExactly() {
    FakeClock clock = FakeClock.frozenAt(START);
    long nanos = clock.nanoTime();

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.epochSecond()).isEqualTo(START.getEpochSecond());
    assertThat(clock.nanoTime()).isEqualTo(nanos);

    clock.advance(Duration.ofMinutes(2)).advance(Duration.ofMillis(500));

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(120).plusMillis(500));
    assertThat(clock.nanoTime() - nanos).isEqualTo(Duration.ofMillis(120_500).toNanos());
    assertThat(clock.advanced()).isEqualTo(Duration.ofMillis(120_500));
    assertThat(clock.isFrozen()).isTrue();
    assertThat(clock.toString()).contains("frozen").contains("2026-03-01T12:02:00.500Z");
  }

  @Test
  void theSystemClockIsRealTimePlusWhatWasAdvanced() {
    FakeClock clock = FakeClock.system();
    long before = System.currentTimeMillis();
    clock.advance(Duration.ofHours(1));
    long read = clock.millis();
    long after = System.currentTimeMillis();

    assertThat(read).isBetween(before + 3_600_000, after + 3_600_000);
    assertThat(clock.isFrozen()).isFalse();
  }

  @Test
  void timeNeverGoesBack() {
    FakeClock clock = FakeClock.frozenAt(START);
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only moves forward");
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void aScheduledTaskRunsWhenTheClockReachesItsTimeNotBefore() throws Exception {
    FakeClock clock = FakeClock.frozenAt(START);
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch second = new CountDownLatch(1);
    try (Scheduler scheduler = new Scheduler(clock, "test", 1)) {
      scheduler.schedule(() -> ran.add("in a minute"), 60_000);
      scheduler.schedule(() -> {
        ran.add("in an hour");
        second.countDown();
      }, 3_600_000);

      Thread.sleep(100); // real time passes; the frozen clock does not
      assertThat(ran).isEmpty();
      assertThat(scheduler.pending()).isEqualTo(2);

      clock.advance(Duration.ofMinutes(1));
      awaitSize(ran, 1);
      assertThat(ran).containsExactly("in a minute");

      clock.advance(Duration.ofHours(2));
      assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).containsExactly("in a minute", "in an hour");
      assertThat(scheduler.pending()).isZero();
    }
  }

  @Test
  void tasksDueAtTheSameTimeRunInTheOrderTheyWereScheduled() throws Exception {
    FakeClock clock = FakeClock.frozenAt(START);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    try (Scheduler scheduler = new Scheduler(clock, "test", 1)) {
      for (int i = 0; i < 5; i++) {
        int n = i;
        scheduler.schedule(() -> ran.add(n), 1_000);
      }
      clock.advance(Duration.ofSeconds(1));
      awaitSize(ran, 5);
      assertThat(ran).containsExactly(0, 1, 2, 3, 4);
    }
  }

  @Test
  void aClosedSchedulerRunsNothingMore() throws Exception {
    FakeClock clock = FakeClock.frozenAt(START);
    List<String> ran = new CopyOnWriteArrayList<>();
    Scheduler scheduler = new Scheduler(clock, "test", 1);
    scheduler.schedule(() -> ran.add("late"), 1_000);
    scheduler.close();
    scheduler.schedule(() -> ran.add("after close"), 0);
    clock.advance(Duration.ofSeconds(5));
    Thread.sleep(100);
    assertThat(ran).isEmpty();
    assertThat(scheduler.pending()).isZero();
  }

  private static void awaitSize(List<?> list, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (list.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(list).hasSize(n);
  }
}
