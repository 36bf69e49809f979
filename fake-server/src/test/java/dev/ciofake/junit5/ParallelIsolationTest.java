package dev.ciofake.junit5;

import dev.ciofake.CioFakeOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Tests of one class running in parallel against one class-wide fake: each gets a workspace of its own (its own
 * site id and keys), so none sees another's people, events or pitfalls. The tests also prove they did overlap: each
 * waits (bounded) until at least two are in flight at once, which needs a pool of two threads or more; the
 * junit-platform.properties of these tests gives four, whatever the number of cores.
 */
@Execution(ExecutionMode.CONCURRENT)
class ParallelIsolationTest {
  private static final int TESTS = 8;
  private static final Set<String> SITES = ConcurrentHashMap.newKeySet();
  private static final Set<String> THREADS = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
  private static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();

  @RegisterExtension
  static final CustomerIoFakeExtension EXTENSION = CustomerIoFakeExtension.builder()
      .options(CioFakeOptions.builder().rateLimits(false).build()).failOn(FailOn.ERROR).systemProperties(false).build(); // properties are process-wide; this class runs alongside others

  @RepeatedTest(TESTS)
  void eachTestHasItsOwnWorkspace(RepetitionInfo info, CioFake cio, CioFakeServer server) {
    int n = info.getCurrentRepetition();
    MAX_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
    try {
      THREADS.add(Thread.currentThread().getName());
      assertThat(SITES.add(cio.siteId())).as("site id %s is this test's alone", cio.siteId()).isTrue();
      assertThat(cio.siteId()).isNotEqualTo(server.fake().credentials().siteId());
      assertThat(EXTENSION.fake().siteId()).as("fake() is this thread's test").isEqualTo(cio.siteId());
      assertThat(cio.people()).isEmpty();

      String me = "user-" + n;
      Calls calls = Calls.to(cio);
      calls.identify(me, me + "@example.com");
      // wait, bounded, for another test to be in flight, so the rest of this one overlaps it
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> MAX_IN_FLIGHT.get() >= 2);
      for (int i = 0; i < 5; i++) {
        calls.tracked(me, "page_viewed", "{\"test\":" + n + ",\"i\":" + i + "}");
      }
      calls.identifyWithoutEmail("no-email-" + n); // a warning: recorded, does not fail the test

      assertThat(cio.people()).extracting(CioFake.Person::id).containsExactlyInAnyOrder(me, "no-email-" + n);
      assertThat(cio.events()).hasSize(5).allSatisfy(e -> {
        assertThat(e.personId()).isEqualTo(me);
        assertThat(e.data()).containsEntry("test", n);
      });
      assertThat(cio.pitfalls()).extracting(Pitfall::id).containsExactly("missing-email");
      assertThat(cio.pitfalls()).allSatisfy(p -> {
        assertThat(p.siteId()).isEqualTo(cio.siteId());
        assertThat(p.evidence()).containsEntry("person", "no-email-" + n);
      });
      assertThat(server.fake(cio.siteId()).pitfalls()).hasSize(1);
    } finally {
      IN_FLIGHT.decrementAndGet();
    }
  }

  @AfterAll
  static void theTestsOverlappedOnSeveralThreadsEachInItsWorkspace() {
    assertThat(SITES).hasSize(TESTS);
    assertThat(MAX_IN_FLIGHT.get()).isGreaterThanOrEqualTo(2);
    assertThat(THREADS).hasSizeGreaterThanOrEqualTo(2);
    // the class-wide default workspace stayed untouched
    assertThat(EXTENSION.server().fake().people()).isEmpty();
  }
}
