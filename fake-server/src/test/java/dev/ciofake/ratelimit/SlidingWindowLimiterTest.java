package dev.ciofake.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.RateLimit;
import dev.ciofake.internal.ratelimit.RateLimiters;
import dev.ciofake.internal.ratelimit.RetryAfterLedger;
import dev.ciofake.WorkspaceSettings;
import dev.ciofake.internal.ratelimit.SlidingWindowLimiter;
import dev.ciofake.RateClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link SlidingWindowLimiter} and {@link RateLimiters} driven by explicit {@code nanoTime} values: exactly N per
 * window, the Retry-After it computes, tokens coming back one window after they were spent, bursts and early
 * retries.
 */
class SlidingWindowLimiterTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  /** An arbitrary origin; {@link System#nanoTime()} may be any value, even negative. */
  private static final long T0 = 7_777_000_000_000L;

  @Test
  void admitsExactlyNInOneWindowThenRejects() {
    SlidingWindowLimiter l = new SlidingWindowLimiter(RateLimit.parse("3/s"));

    assertThat(l.tryAcquire(T0).admitted()).isTrue();
    assertThat(l.tryAcquire(T0 + 100 * MS).admitted()).isTrue();
    assertThat(l.tryAcquire(T0 + 200 * MS).admitted()).isTrue();
    SlidingWindowLimiter.Decision d = l.tryAcquire(T0 + 300 * MS);

    assertThat(d.admitted()).isFalse();
    assertThat(d.usedInWindow()).isEqualTo(3);
    assertThat(l.admittedTotal()).isEqualTo(3);
    assertThat(l.rejectedTotal()).isEqualTo(1);
  }

  @Test
  void manyRequestsAtTheSameInstantAdmitExactlyN() {
    SlidingWindowLimiter l = new SlidingWindowLimiter(RateLimit.parse("100/10s"));
    int admitted = 0;
    for (int i = 0; i < 1000; i++) {
      if (l.tryAcquire(T0).admitted()) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(100);
    assertThat(l.rejectedTotal()).isEqualTo(900);
  }

  @Test
  void retryAfterIsTheTimeUntilTheOldestTokenComesBack() {
    SlidingWindowLimiter l = new SlidingWindowLimiter(RateLimit.parse("2/10s"));
    l.tryAcquire(T0);
    l.tryAcquire(T0 + 4 * S);

    assertThat(l.tryAcquire(T0 + 6 * S).retryAfterNanos()).isEqualTo(4 * S);
    assertThat(l.tryAcquire(T0 + 9_999 * MS).retryAfterNanos()).isEqualTo(1 * MS);
    assertThat(l.tryAcquire(T0 + 10 * S).admitted()).as("exactly one window after the first token").isTrue();
    // The next token is the one spent at T0 + 4 s.
    assertThat(l.tryAcquire(T0 + 10 * S + 1).retryAfterNanos()).isEqualTo(4 * S - 1);
  }

  @Test
  void tokensComeBackOneWindowAfterTheyWereSpentAndNotBefore() {
    SlidingWindowLimiter l = new SlidingWindowLimiter(RateLimit.parse("3/1000ms"));
    l.tryAcquire(T0);
    l.tryAcquire(T0 + 100 * MS);
    l.tryAcquire(T0 + 200 * MS);
    assertThat(l.tokensLeft(T0 + 999 * MS)).isZero();

    assertThat(l.tryAcquire(T0 + 999 * MS).admitted()).isFalse();
    assertThat(l.tokensLeft(T0 + 1000 * MS)).isEqualTo(1);
    assertThat(l.tryAcquire(T0 + 1000 * MS).admitted()).isTrue();
    assertThat(l.tryAcquire(T0 + 1050 * MS).admitted()).as("second token returns at 1100 ms").isFalse();
    assertThat(l.tryAcquire(T0 + 1100 * MS).admitted()).isTrue();
    assertThat(l.tryAcquire(T0 + 1200 * MS).admitted()).isTrue();
    assertThat(l.tryAcquire(T0 + 1200 * MS).admitted()).isFalse();
    assertThat(l.tokensLeft(T0 + 3 * S)).isEqualTo(3);
  }

  @Test
  void rejectedRequestsDoNotUseTokens() {
    SlidingWindowLimiter l = new SlidingWindowLimiter(RateLimit.parse("2/s"));
    l.tryAcquire(T0);
    l.tryAcquire(T0);
    for (int i = 1; i < 100; i++) {
      assertThat(l.tryAcquire(T0 + i * MS).admitted()).isFalse();
    }
    assertThat(l.tryAcquire(T0 + S).admitted()).isTrue();
    assertThat(l.tryAcquire(T0 + S).admitted()).isTrue();
    assertThat(l.tryAcquire(T0 + S).admitted()).isFalse();
  }

  @Test
  void worksAcrossNegativeNanoTimeValues() {
    SlidingWindowLimiter l = new SlidingWindowLimiter(RateLimit.parse("1/s"));
    long t = -S / 2;
    assertThat(l.tryAcquire(t).admitted()).isTrue();
    assertThat(l.tryAcquire(t + S - 1).admitted()).isFalse();
    assertThat(l.tryAcquire(t + S).admitted()).isTrue();
  }

  @Test
  void noWindowEverHoldsMoreThanNAdmittedRequests() {
    RateLimit limit = RateLimit.parse("7/250ms");
    long w = limit.window().toNanos();
    SlidingWindowLimiter l = new SlidingWindowLimiter(limit);
    Random random = new Random(20240601L);
    List<Long> admitted = new ArrayList<>();
    long t = T0;
    for (int i = 0; i < 20_000; i++) {
      t += random.nextInt(random.nextBoolean() ? 2 : 60) * MS; // bursts and pauses
      if (l.tryAcquire(t).admitted()) {
        admitted.add(t);
      }
    }
    // For each admitted request, the admitted ones in the window ending at it: at most 7.
    int from = 0;
    for (int i = 0; i < admitted.size(); i++) {
      while (admitted.get(i) - admitted.get(from) >= w) {
        from++;
      }
      assertThat(i - from + 1).as("admitted in the window ending at #%d", i).isLessThanOrEqualTo(7);
    }
    assertThat(admitted.size()).isGreaterThan(1000);
    assertThat(l.admittedTotal()).isEqualTo(admitted.size());
  }

  @Test
  void eightThreadsAtOneInstantAdmitExactlyN() throws Exception {
    SlidingWindowLimiter l = new SlidingWindowLimiter(RateLimit.parse("50/s"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CyclicBarrier start = new CyclicBarrier(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int th = 0; th < 8; th++) {
        Callable<Integer> task = () -> {
          start.await(10, TimeUnit.SECONDS);
          int n = 0;
          for (int i = 0; i < 1000; i++) {
            if (l.tryAcquire(T0 + i).admitted()) {
              n++;
            }
          }
          return n;
        };
        results.add(pool.submit(task));
      }
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get(30, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(50);
      assertThat(l.admittedTotal()).isEqualTo(50);
      assertThat(l.rejectedTotal()).isEqualTo(8000 - 50);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- RateLimiters: Retry-After, bursts, early retries

  private static RateLimiters limiters(String track) {
    return new RateLimiters(settings(track, true));
  }

  private static WorkspaceSettings settings(String track, boolean enabled) {
    return WorkspaceSettings.builder().rateLimit(RateClass.TRACK, RateLimit.parse(track)).rateLimits(enabled).build();
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
    RateLimiters r = limiters("2/10s");
    assertThat(r.acquire(RateClass.TRACK, T0).admitted()).isTrue();
    assertThat(r.acquire(RateClass.TRACK, T0 + S).admitted()).isTrue();

    RateLimiters.Outcome at2s = r.acquire(RateClass.TRACK, T0 + 2 * S);
    assertThat(at2s.admitted()).isFalse();
    assertThat(at2s.retryAfterSeconds()).isEqualTo(8);
    assertThat(r.acquire(RateClass.TRACK, T0 + 2500 * MS).retryAfterSeconds()).isEqualTo(8);
    assertThat(r.acquire(RateClass.TRACK, T0 + 9999 * MS).retryAfterSeconds()).isEqualTo(1);

    RateLimiters shortWindow = limiters("1/200ms");
    shortWindow.acquire(RateClass.TRACK, T0);
    assertThat(shortWindow.acquire(RateClass.TRACK, T0 + MS).retryAfterSeconds())
        .as("199 ms rounds up to 1 s").isEqualTo(1);
  }

  @Test
  void aBurstIsNewOnlyAfterAWindowWithoutRejections() {
    RateLimiters r = limiters("1/s");
    r.acquire(RateClass.TRACK, T0);
    assertThat(r.acquire(RateClass.TRACK, T0 + 10 * MS).newBurst()).isTrue();
    assertThat(r.acquire(RateClass.TRACK, T0 + 20 * MS).newBurst()).isFalse();
    assertThat(r.acquire(RateClass.TRACK, T0 + 900 * MS).newBurst()).isFalse();
    // Admitted at 1.0 s; the next rejection comes less than a window after the last one: same burst.
    assertThat(r.acquire(RateClass.TRACK, T0 + S).admitted()).isTrue();
    assertThat(r.acquire(RateClass.TRACK, T0 + 1100 * MS).newBurst()).isFalse();
    // More than a window since the last rejection: a new burst.
    assertThat(r.acquire(RateClass.TRACK, T0 + 5 * S).admitted()).isTrue();
    assertThat(r.acquire(RateClass.TRACK, T0 + 5 * S + 10 * MS).newBurst()).isTrue();
    assertThat(r.toJson(T0 + 6 * S).at("/classes/track/bursts").asLong()).isEqualTo(2);
  }

  /**
   * What the pipeline does for each request: the early-retry check, then the limiter, then the ledger remembers the
   * Retry-After of a 429.
   */
  private record Seen(RetryAfterLedger.RetryTooSoon early, RateLimiters.Outcome outcome) {}

  private final RetryAfterLedger ledger = new RetryAfterLedger();

  private Seen request(RateLimiters r, String client, String requestId, long now) {
    RetryAfterLedger.RetryTooSoon early = ledger.tooSoon(client, now);
    RateLimiters.Outcome o = r.acquire(RateClass.TRACK, now);
    if (!o.admitted()) {
      ledger.remember(client, o.retryAfterSeconds(), requestId, now, o.newBurst());
    }
    return new Seen(early, o);
  }

  @Test
  void aRetryBeforeRetryAfterIsReportedOncePerBurstAndClient() {
    RateLimiters r = limiters("1/s");
    request(r, "a", "req_1", T0);
    Seen limited = request(r, "a", "req_2", T0 + 100 * MS);
    assertThat(limited.outcome().admitted()).isFalse();
    assertThat(limited.outcome().retryAfterSeconds()).isEqualTo(1);
    assertThat(limited.early()).isNull();

    Seen early = request(r, "a", "req_3", T0 + 400 * MS);
    assertThat(early.early()).isNotNull();
    assertThat(early.early().retryAfterSeconds()).isEqualTo(1);
    assertThat(early.early().elapsedMillis()).isEqualTo(300);
    assertThat(early.early().rateLimitedRequestId()).isEqualTo("req_2");
    assertThat(request(r, "a", "req_4", T0 + 500 * MS).early()).as("once per burst").isNull();

    // Another client sharing the workspace has its own deadline.
    assertThat(request(r, "b", "req_5", T0 + 600 * MS).early()).isNull();
    // A new burst (more than a window after the last 429) gives a new deadline that can be reported again.
    assertThat(request(r, "a", "req_6", T0 + 5 * S).outcome().admitted()).isTrue();
    assertThat(request(r, "a", "req_7", T0 + 5 * S + MS).outcome().newBurst()).isTrue();
    assertThat(request(r, "a", "req_8", T0 + 5 * S + 2 * MS).early().rateLimitedRequestId()).isEqualTo("req_7");
  }

  @Test
  void aRetryAfterWaitingRetryAfterIsNotReported() {
    RateLimiters r = limiters("1/s");
    request(r, "a", "req_1", T0);
    Seen limited = request(r, "a", "req_2", T0 + 100 * MS);

    Seen patient = request(r, "a", "req_3", T0 + 100 * MS + limited.outcome().retryAfterSeconds() * S);

    assertThat(patient.early()).isNull();
    assertThat(patient.outcome().admitted()).isTrue();
  }

  @Test
  void disabledLimitersAdmitEverything() {
    RateLimiters r = limiters("1/10s");
    r.apply(settings("1/10s", false));
    for (int i = 0; i < 100; i++) {
      assertThat(r.acquire(RateClass.TRACK, T0).admitted()).isTrue();
    }
    r.apply(settings("1/10s", true));
    assertThat(r.acquire(RateClass.TRACK, T0).admitted()).isTrue();
    assertThat(r.acquire(RateClass.TRACK, T0).admitted()).isFalse();
  }

  @Test
  void setReplacesTheLimitAndResetForgetsTheHistory() {
    RateLimiters r = limiters("1/10s");
    r.acquire(RateClass.TRACK, T0);
    assertThat(r.acquire(RateClass.TRACK, T0).admitted()).isFalse();

    r.apply(settings("3/10s", true));
    assertThat(r.limit(RateClass.TRACK)).isEqualTo(new RateLimit(3, Duration.ofSeconds(10)));
    assertThat(r.acquire(RateClass.TRACK, T0).admitted()).isTrue();
    assertThat(r.acquire(RateClass.TRACK, T0).admitted()).isTrue();
    assertThat(r.acquire(RateClass.TRACK, T0).admitted()).isTrue();
    assertThat(r.acquire(RateClass.TRACK, T0).admitted()).isFalse();

    r.reset();
    assertThat(r.toJson(T0).at("/classes/track/tokens_left").asInt()).isEqualTo(3);
    assertThat(r.toJson(T0).at("/classes/track/rejected").asLong()).isZero();
    assertThat(r.acquire(RateClass.TRACK, T0).admitted()).isTrue();
  }

  @Test
  void rateLimitSpecsParseAndPrint() {
    assertThat(RateLimit.parse("100/s")).isEqualTo(RateLimit.perSecond(100));
    assertThat(RateLimit.parse("1/10s").window()).isEqualTo(Duration.ofSeconds(10));
    assertThat(RateLimit.parse("5/200ms").window()).isEqualTo(Duration.ofMillis(200));
    assertThat(RateLimit.parse("60/m").window()).isEqualTo(Duration.ofMinutes(1));
    assertThat(RateLimit.parse(" 3 / s ").toString()).isEqualTo("3/s");
    assertThat(RateLimit.parse("1/10s").toString()).isEqualTo("1/10s");
    assertThat(RateLimit.parse("5/200ms").toString()).isEqualTo("5/200ms");
    for (String bad : List.of("", "s", "10", "0/s", "-1/s", "5/0ms", "5/h", "five/s")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> RateLimit.parse(bad))
          .as("'%s'", bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
