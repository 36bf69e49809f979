package dev.ciofake.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * The annotation's form of {@link ParallelIsolationTest}: with {@code @CustomerIoFake} on a concurrent class, the
 * constructor, {@code @BeforeEach} and the test of one test all get that test's own workspace.
 */
@CustomerIoFake(rateLimits = false)
@Execution(ExecutionMode.CONCURRENT)
// the fake sets the cio.* properties: no class that changes or reads them runs alongside (READ keeps its own tests
// parallel; only this concurrent class sets them)
@ResourceLock(value = Resources.SYSTEM_PROPERTIES, mode = ResourceAccessMode.READ)
class ParallelAnnotationTest {
  private static final Set<String> SITES = ConcurrentHashMap.newKeySet();
  private final CioFake constructorFake;
  private CioFake beforeEachFake;

  ParallelAnnotationTest(CioFake cio) {
    this.constructorFake = cio;
  }

  @BeforeEach
  void beforeEach(CioFake cio) {
    beforeEachFake = cio;
  }

  @RepeatedTest(4)
  void theConstructorBeforeEachAndTestShareTheTestsWorkspace(RepetitionInfo info, CioFake cio) {
    assertThat(constructorFake.siteId()).isEqualTo(cio.siteId());
    assertThat(beforeEachFake.siteId()).isEqualTo(cio.siteId());
    assertThat(SITES.add(cio.siteId())).isTrue();
    String me = "user-" + info.getCurrentRepetition();
    Calls.to(constructorFake).identify(me, me + "@example.com").tracked(me, "signed_up", "{}");
    assertThat(cio.people()).extracting(CioFake.Person::id).containsExactly(me);
    assertThat(cio.events()).extracting(CioFake.Event::personId).containsExactly(me);
    assertThat(cio.pitfalls()).isEmpty();
  }

  @AfterAll
  static void eachTestHadItsOwnWorkspace() {
    assertThat(SITES).hasSize(4);
  }
}
