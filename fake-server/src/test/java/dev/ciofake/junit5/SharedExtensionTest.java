package dev.ciofake.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * One extension on a static field of an abstract base class, the way a suite shares its set-up: every subclass gets a
 * fake of its own, also when the subclasses run in parallel, and {@code fake()} and {@code server()} answer for the
 * class of the calling thread. And every test starts clean: every workspace of the fake (not only the class's) is
 * reset before it, and the request journal emptied.
 */
class SharedExtensionTest {

  // ---------------------------------------------------------------- a base class's extension, classes in parallel

  /** The abstract base the examples share, with its one extension instance. */
  abstract static class SharedBase {
    static final Map<String, CioFakeServer> IN_BEFORE_ALL = new ConcurrentHashMap<>();
    static final Map<String, CioFakeServer> IN_TEST = new ConcurrentHashMap<>();
    static final Map<String, String> FROM_OTHER_THREAD = new ConcurrentHashMap<>();
    /** Both classes' tests wait here for each other, so they surely run at the same time. */
    static volatile CountDownLatch bothRunning = new CountDownLatch(2);
    /** And here, so neither ends before the other's last check. */
    static volatile CountDownLatch bothChecked = new CountDownLatch(2);

    @RegisterExtension
    static final CustomerIoFakeExtension SHARED = CustomerIoFakeExtension.builder()
        .options(CioFakeOptions.builder().rateLimits(false).build()).systemProperties(false).build();

    @BeforeAll
    static void recordTheServer(CioFakeServer server, org.junit.jupiter.api.TestInfo info) {
      assertThat(SHARED.server()).as("server() in @BeforeAll is this class's").isSameAs(server);
      IN_BEFORE_ALL.put(info.getTestClass().orElseThrow().getSimpleName(), server);
    }

    @Test
    void seesItsOwnFake(CioFake cio, CioFakeServer server) throws Exception {
      String name = getClass().getSimpleName();
      Calls.to(cio).identify(name, name + "@example.com");
      bothRunning.countDown();
      assertThat(bothRunning.await(30, TimeUnit.SECONDS)).as("the other class ran at the same time").isTrue();

      assertThat(SHARED.server()).as("server() while another class's fake runs too").isSameAs(server);
      assertThat(SHARED.fake().baseUrl()).isEqualTo(server.baseUrl());
      assertThat(cio.people()).extracting(CioFake.Person::id).containsExactly(name);
      IN_TEST.put(name, server);
      AtomicReference<String> seen = new AtomicReference<>();
      Thread other = new Thread(() -> {
        try {
          seen.set("fake() gave " + SHARED.fake().baseUrl());
        } catch (IllegalStateException e) {
          seen.set(e.getMessage());
        }
      });
      other.start();
      other.join(10_000);
      FROM_OTHER_THREAD.put(name, String.valueOf(seen.get()));
      bothChecked.countDown();
      assertThat(bothChecked.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @OnlyInTestKit
  static class FirstExample extends SharedBase {}

  @OnlyInTestKit
  static class SecondExample extends SharedBase {}

  @Test
  void eachSubclassOfABaseWithOneExtensionHasItsOwnFakeWhenTheyRunInParallel() {
    SharedBase.IN_BEFORE_ALL.clear();
    SharedBase.IN_TEST.clear();
    SharedBase.FROM_OTHER_THREAD.clear();
    SharedBase.bothRunning = new CountDownLatch(2);
    SharedBase.bothChecked = new CountDownLatch(2);

    var results = EngineTestKit.engine("junit-jupiter")
        .configurationParameter(OnlyInTestKit.PARAMETER, "true")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "same_thread")
        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
        .selectors(selectClass(FirstExample.class), selectClass(SecondExample.class))
        .execute();

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));
    assertThat(SharedBase.IN_TEST).containsOnlyKeys("FirstExample", "SecondExample");
    assertThat(SharedBase.IN_TEST.get("FirstExample")).as("a fake per class")
        .isNotSameAs(SharedBase.IN_TEST.get("SecondExample"));
    assertThat(SharedBase.IN_TEST).as("the fake the class started in @BeforeAll serves its tests")
        .isEqualTo(SharedBase.IN_BEFORE_ALL);
    assertThat(SharedBase.FROM_OTHER_THREAD.values()).as("a thread of neither class cannot tell which is meant")
        .allSatisfy(m -> assertThat(m).contains("serves 2 test classes at once")
            .contains("take the CioFake or CioFakeServer as a parameter"));
    assertThat(SharedBase.IN_TEST.values()).noneMatch(CioFakeServer::isRunning);
    assertThatThrownBy(SharedBase.SHARED::server).isInstanceOf(IllegalStateException.class);
  }

  // ---------------------------------------------------------------- every workspace and the journal, per test

  @OnlyInTestKit
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class CleanSlateExample {
    static final AtomicReference<String> otherSite = new AtomicReference<>();
    static final Map<String, Object> SECOND_SAW = new ConcurrentHashMap<>();

    @RegisterExtension
    static final CustomerIoFakeExtension CIO = CustomerIoFakeExtension.builder().failOn(FailOn.NEVER)
        .systemProperties(false).build();

    @Test
    @Order(1)
    void first(CioFake cio, CioFakeServer server) {
      CioFake other = server.newFake();
      otherSite.set(other.siteId());
      Calls.to(cio).identify("a", "a@example.com").tracked("ghost", "signed_up", "{}");
      Calls.to(other).identify("b", "b@example.com").tracked("ghost", "signed_up", "{}");
      assertThat(cio.requests()).hasSize(2);
      assertThat(server.pitfalls()).extracting(Pitfall::id).containsOnly("track-before-identify").hasSize(2);
    }

    @Test
    @Order(2)
    void second(CioFake cio, CioFakeServer server) {
      CioFake other = server.fake(otherSite.get());
      SECOND_SAW.put("journal", cio.requests().size());
      SECOND_SAW.put("other journal", other.requests().size());
      SECOND_SAW.put("people", cio.people().size());
      SECOND_SAW.put("other people", other.people().size());
      SECOND_SAW.put("pitfalls", server.pitfalls().size());
      Calls.to(other).identify("c", "c@example.com"); // the other workspace and its keys are still there
      SECOND_SAW.put("other people after", other.people().size());
    }
  }

  @Test
  void everyWorkspaceOfTheFakeAndTheJournalAreResetBeforeEachTest() {
    CleanSlateExample.SECOND_SAW.clear();

    TestKit.Results r = TestKit.run(CleanSlateExample.class);

    r.assertPassed("first");
    r.assertPassed("second");
    assertThat(CleanSlateExample.SECOND_SAW).containsExactlyInAnyOrderEntriesOf(Map.of(
        "journal", 0, "other journal", 0, "people", 0, "other people", 0, "pitfalls", 0, "other people after", 1));
  }
}
