package dev.ciofake.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Every attribute of {@link CustomerIoFake}, on a class and on a method, and {@link AllowPitfalls} on a class and a
 * method: small example classes run through the engine, and which of their tests pass or fail with what.
 */
@ResourceLock(Resources.SYSTEM_PROPERTIES) // its fakes set the cio.* properties
class CustomerIoFakeAnnotationTest {

  // ---------------------------------------------------------------- defaults

  @OnlyInTestKit
  @CustomerIoFake
  static class DefaultsExample {
    @Test
    void millisecondTimestamp(CioFake cio) {
      Calls calls = Calls.to(cio).identify("42", "ada@example.com");
      assertThat(calls.trackWithMillis("42", "signed_up").status()).as("strict timestamps").isEqualTo(400);
    }

    @Test
    void warningOnly(CioFake cio) {
      Calls.to(cio).identifyWithoutEmail("42");
      assertThat(cio.pitfalls()).extracting(Pitfall::id).containsExactly("missing-email");
    }

    @Test
    void rateLimitsOn(CioFake cio) {
      assertThat(Calls.to(cio).settings().get("rate_limits_enabled").asBoolean()).isTrue();
      assertThat(Calls.to(cio).settings().get("lenient_timestamps").asBoolean()).isFalse();
    }

    @Test
    void clean(CioFake cio) {
      Calls.to(cio).identify("42", "ada@example.com").tracked("42", "signed_up", "{\"plan\":\"pro\"}");
    }
  }

  @Test
  void defaultsRejectMillisecondsFailOnErrorsOnlyAndLimitRates() {
    TestKit.Results r = TestKit.run(DefaultsExample.class);

    assertThat(r.failure("millisecondTimestamp"))
        .startsWith("cio-fake: millisecondTimestamp(CioFake) committed 1 Customer.io pitfall(s)")
        .contains("[error] millisecond-timestamp:");
    r.assertPassed("warningOnly");
    r.assertPassed("rateLimitsOn");
    r.assertPassed("clean");
  }

  // ---------------------------------------------------------------- lenientTimestamps

  @OnlyInTestKit
  @CustomerIoFake(lenientTimestamps = true)
  static class LenientExample {
    @Test
    void acceptedButStillAPitfall(CioFake cio) {
      Calls calls = Calls.to(cio).identify("42", "ada@example.com");
      assertThat(calls.trackWithMillis("42", "signed_up").status()).as("lenient timestamps").isEqualTo(200);
    }

    @Test
    @AllowPitfalls("millisecond-timestamp")
    void acceptedAndAllowed(CioFake cio) {
      Calls calls = Calls.to(cio).identify("42", "ada@example.com");
      assertThat(calls.trackWithMillis("42", "signed_up").status()).isEqualTo(200);
      assertThat(cio.events()).extracting(CioFake.Event::timestamp).containsExactly(Calls.MILLIS);
    }
  }

  @Test
  void lenientTimestampsAcceptsMillisecondsAndStillFailsOnThePitfall() {
    TestKit.Results r = TestKit.run(LenientExample.class);

    assertThat(r.failure("acceptedButStillAPitfall")).contains("millisecond-timestamp");
    r.assertPassed("acceptedAndAllowed");
  }

  // ---------------------------------------------------------------- rateLimits

  @OnlyInTestKit
  @CustomerIoFake(rateLimits = false)
  static class NoRateLimitsExample {
    @Test
    void burst(CioFake cio) {
      Calls calls = Calls.to(cio).identify("42", "ada@example.com");
      assertThat(calls.settings().get("rate_limits_enabled").asBoolean()).isFalse();
      for (int i = 0; i < 150; i++) {
        assertThat(calls.track("42", "page_viewed", "{\"n\":" + i + "}").status()).as("request %d", i)
            .isEqualTo(200);
      }
    }
  }

  @Test
  void rateLimitsFalseLetsABurstThrough() {
    TestKit.run(NoRateLimitsExample.class).assertPassed("burst");
  }

  // ---------------------------------------------------------------- failOn

  @OnlyInTestKit
  @CustomerIoFake(failOn = FailOn.WARNING)
  static class FailOnWarningExample {
    @Test
    void warning(CioFake cio) {
      Calls.to(cio).identifyWithoutEmail("42");
    }

    @Test
    void clean(CioFake cio) {
      Calls.to(cio).identify("42", "ada@example.com");
    }
  }

  @Test
  void failOnWarningFailsOnAWarning() {
    TestKit.Results r = TestKit.run(FailOnWarningExample.class);

    assertThat(r.failure("warning")).contains("[warning] missing-email:")
        .contains("@AllowPitfalls({\"missing-email\"})");
    r.assertPassed("clean");
  }

  @OnlyInTestKit
  @CustomerIoFake(failOn = FailOn.NEVER)
  static class FailOnNeverExample {
    @Test
    void errorsAreLeftToTheTest(CioFake cio) {
      Calls calls = Calls.to(cio);
      calls.tracked("77", "signed_up", "{}");
      assertThat(calls.trackWithMillis("77", "signed_up").status()).isEqualTo(400);
      assertThat(cio.pitfalls()).extracting(Pitfall::id)
          .contains("track-before-identify", "millisecond-timestamp");
    }
  }

  @Test
  void failOnNeverNeverFails() {
    TestKit.run(FailOnNeverExample.class).assertPassed("errorsAreLeftToTheTest");
  }

  @Test
  void failOnSeverities() {
    assertThat(FailOn.ERROR.fails(dev.ciofake.Severity.ERROR)).isTrue();
    assertThat(FailOn.ERROR.fails(dev.ciofake.Severity.WARNING)).isFalse();
    assertThat(FailOn.WARNING.fails(dev.ciofake.Severity.ERROR)).isTrue();
    assertThat(FailOn.WARNING.fails(dev.ciofake.Severity.WARNING)).isTrue();
    assertThat(FailOn.NEVER.fails(dev.ciofake.Severity.ERROR)).isFalse();
    assertThat(FailOn.NEVER.fails(dev.ciofake.Severity.WARNING)).isFalse();
  }

  // ---------------------------------------------------------------- allowPitfalls and @AllowPitfalls

  @OnlyInTestKit
  @CustomerIoFake(allowPitfalls = "track-before-identify")
  static class AllowPitfallsAttributeExample {
    @Test
    void allowed(CioFake cio) {
      Calls.to(cio).tracked("77", "signed_up", "{}");
      assertThat(cio.pitfalls()).extracting(Pitfall::id).containsExactly("track-before-identify");
    }

    @Test
    void notAllowed(CioFake cio) {
      Calls.to(cio).tracked("77", "signed_up", "{}").trackWithMillis("77", "signed_up");
    }
  }

  @Test
  void allowPitfallsAttributeAllowsOnlyTheNamedIds() {
    TestKit.Results r = TestKit.run(AllowPitfallsAttributeExample.class);

    r.assertPassed("allowed");
    assertThat(r.failure("notAllowed")).contains("millisecond-timestamp")
        .doesNotContain("track-before-identify");
  }

  @OnlyInTestKit
  @CustomerIoFake
  @AllowPitfalls("track-before-identify")
  static class AllowPitfallsAnnotationExample {
    @Test
    @AllowPitfalls("millisecond-timestamp")
    void classAndMethodListsAddUp(CioFake cio) {
      Calls.to(cio).tracked("77", "signed_up", "{}").trackWithMillis("77", "signed_up");
      assertThat(cio.pitfalls()).extracting(Pitfall::id)
          .containsExactlyInAnyOrder("track-before-identify", "millisecond-timestamp");
    }

    @Test
    void classListAlone(CioFake cio) {
      Calls.to(cio).tracked("77", "signed_up", "{}").trackWithMillis("77", "signed_up");
    }
  }

  @Test
  void allowPitfallsOnClassAndMethodAddUp() {
    TestKit.Results r = TestKit.run(AllowPitfallsAnnotationExample.class);

    r.assertPassed("classAndMethodListsAddUp");
    assertThat(r.failure("classListAlone")).contains("committed 1 Customer.io pitfall(s)")
        .contains("millisecond-timestamp").doesNotContain("track-before-identify");
  }

  // ---------------------------------------------------------------- on a method

  @OnlyInTestKit
  static class MethodLevelExample {
    static final List<CioFakeServer> SERVERS = new CopyOnWriteArrayList<>();

    @Test
    @CustomerIoFake(lenientTimestamps = true, allowPitfalls = "millisecond-timestamp")
    void lenientOwnFake(CioFake cio, CioFakeServer server) {
      SERVERS.add(server);
      assertThat(server.isRunning()).isTrue();
      assertThat(cio.baseUrl()).isEqualTo(server.baseUrl());
      Calls calls = Calls.to(cio).identify("42", "ada@example.com");
      assertThat(calls.trackWithMillis("42", "signed_up").status()).isEqualTo(200);
    }

    @Test
    @CustomerIoFake
    void strictOwnFake(CioFake cio, CioFakeServer server) {
      SERVERS.add(server);
      Calls calls = Calls.to(cio).identify("42", "ada@example.com");
      assertThat(calls.trackWithMillis("42", "signed_up").status()).isEqualTo(400);
    }

    @Test
    void withoutFake() {
      assertThat(SERVERS).allMatch(s -> !s.isRunning());
    }
  }

  @Test
  void onAMethodEachTestHasItsOwnFakeWithItsOwnAttributes() {
    MethodLevelExample.SERVERS.clear();

    TestKit.Results r = TestKit.run(MethodLevelExample.class);

    r.assertPassed("lenientOwnFake");
    assertThat(r.failure("strictOwnFake")).contains("millisecond-timestamp");
    assertThat(MethodLevelExample.SERVERS).hasSize(2).doesNotHaveDuplicates();
    assertThat(MethodLevelExample.SERVERS.get(0)).isNotSameAs(MethodLevelExample.SERVERS.get(1));
    assertThat(MethodLevelExample.SERVERS).as("each method's fake stops after it").noneMatch(CioFakeServer::isRunning);
  }

  @OnlyInTestKit
  @CustomerIoFake
  static class ClassAndMethodExample {
    static final List<CioFakeServer> SERVERS = new CopyOnWriteArrayList<>();

    @Test
    @CustomerIoFake(lenientTimestamps = true, allowPitfalls = "millisecond-timestamp")
    void methodAnnotationWins(CioFake cio, CioFakeServer server) {
      SERVERS.add(server);
      Calls calls = Calls.to(cio).identify("42", "ada@example.com");
      assertThat(calls.trackWithMillis("42", "signed_up").status()).isEqualTo(200);
    }

    @Test
    void classAnnotation(CioFake cio, CioFakeServer server) {
      SERVERS.add(server);
      Calls calls = Calls.to(cio).identify("42", "ada@example.com");
      assertThat(calls.trackWithMillis("42", "signed_up").status()).isEqualTo(400);
    }
  }

  @Test
  void aMethodAnnotationOverridesTheClassOne() {
    ClassAndMethodExample.SERVERS.clear();

    TestKit.Results r = TestKit.run(ClassAndMethodExample.class);

    r.assertPassed("methodAnnotationWins");
    assertThat(r.failure("classAnnotation")).contains("millisecond-timestamp");
    assertThat(ClassAndMethodExample.SERVERS).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void examplesAreSkippedOutsideTheTestKit() {
    var results = org.junit.platform.testkit.engine.EngineTestKit.engine("junit-jupiter")
        .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(DefaultsExample.class))
        .execute();

    assertThat(results.containerEvents().skipped().count()).isEqualTo(1);
    assertThat(results.testEvents().started().count()).isZero();
  }
}
