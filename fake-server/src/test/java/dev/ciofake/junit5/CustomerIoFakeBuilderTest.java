package dev.ciofake.junit5;

import dev.ciofake.RateClass;
import dev.ciofake.Region;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import dev.ciofake.RateLimit;
import dev.ciofake.WorkspaceCredentials;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every option of {@link CustomerIoFakeExtension.Builder}, and registration with {@code @RegisterExtension} on a
 * static field (one fake for the class) and on an instance field (one fake per test).
 */
@ResourceLock(Resources.SYSTEM_PROPERTIES) // its fakes set the cio.* properties
class CustomerIoFakeBuilderTest {

  // ---------------------------------------------------------------- options(...) and configure(...)

  @OnlyInTestKit
  static class OptionsExample {
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder()
        .options(CioFakeOptions.builder().region(Region.EU).maxEventsPerWorkspace(3).rateLimits(false).build())
        .build();

    @Test
    void serverRunsWithTheOptions(CioFake fake) {
      assertThat(cio.server().options().workspaceDefaults().region()).isEqualTo(Region.EU);
      Calls calls = Calls.to(fake).identify("42", "ada@example.com");
      assertThat(calls.region()).isEqualTo("eu");
      for (int i = 0; i < 5; i++) {
        calls.tracked("42", "page_viewed", "{\"n\":" + i + "}");
      }
      assertThat(fake.events()).as("maxEventsPerWorkspace(3)").hasSize(3);
    }
  }

  @Test
  void optionsAreTheServerOptions() {
    TestKit.run(OptionsExample.class).assertPassed("serverRunsWithTheOptions");
  }

  @OnlyInTestKit
  static class ConfigureExample {
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder()
        .options(CioFakeOptions.builder().region(Region.EU).expectEmail(false).dynamicEventNameThreshold(50).build())
        .failOn(FailOn.WARNING)
        .build();

    @Test
    void configureChangesTheOptionsInPlace(CioFake fake) {
      Calls calls = Calls.to(fake).identifyWithoutEmail("42");
      assertThat(calls.region()).as("options(...) kept").isEqualTo("eu");
      assertThat(cio.server().options().workspaceDefaults().expectEmail()).isFalse();
      assertThat(cio.server().options().dynamicEventNameThreshold()).isEqualTo(50);
      assertThat(fake.pitfalls()).as("expectEmail(false): no missing-email").isEmpty();
    }
  }

  @Test
  void configureAdjustsTheOptions() {
    TestKit.run(ConfigureExample.class).assertPassed("configureChangesTheOptionsInPlace");
  }

  // ---------------------------------------------------------------- port(...)

  @OnlyInTestKit
  static class PortExample {
    static final int port = freePort();
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder().options(CioFakeOptions.builder().port(port).build()).build();

    @Test
    void listensOnThePort(CioFake fake, CioFakeServer server) {
      assertThat(server.port()).isEqualTo(port);
      assertThat(fake.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
      assertThat(cio.trackUrl()).isEqualTo("http://127.0.0.1:" + port + "/api/v1");
      assertThat(cio.appUrl()).isEqualTo("http://127.0.0.1:" + port + "/v1");
      Calls.to(fake).identify("42", "ada@example.com");
    }
  }

  @Test
  void portFixesThePort() {
    TestKit.run(PortExample.class).assertPassed("listensOnThePort");
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- lenientTimestamps, rateLimits, rateLimit

  @OnlyInTestKit
  static class LenientExample {
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder().options(CioFakeOptions.builder().lenientTimestamps(true).build())
        .allowPitfalls("millisecond-timestamp").build();

    @Test
    void millisecondsAccepted(CioFake fake) {
      Calls calls = Calls.to(fake).identify("42", "ada@example.com");
      assertThat(calls.trackWithMillis("42", "signed_up").status()).isEqualTo(200);
      assertThat(fake.pitfalls()).extracting(Pitfall::id).containsExactly("millisecond-timestamp");
    }
  }

  @Test
  void lenientTimestampsAcceptsMilliseconds() {
    TestKit.run(LenientExample.class).assertPassed("millisecondsAccepted");
  }

  @OnlyInTestKit
  static class RateLimitsOffExample {
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder().options(CioFakeOptions.builder().rateLimits(false)
        .rateLimit(RateClass.TRACK, RateLimit.parse("2/m")).build()).build();

    @Test
    void noLimitEvenWhenOneIsSet(CioFake fake) {
      Calls calls = Calls.to(fake).identify("42", "ada@example.com");
      for (int i = 0; i < 10; i++) {
        assertThat(calls.track("42", "page_viewed", "{}").status()).isEqualTo(200);
      }
    }
  }

  @Test
  void rateLimitsFalseTurnsLimitsOff() {
    TestKit.run(RateLimitsOffExample.class).assertPassed("noLimitEvenWhenOneIsSet");
  }

  @OnlyInTestKit
  static class RateLimitExample {
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder()
        .options(CioFakeOptions.builder().rateLimit(RateClass.TRACK, RateLimit.parse("2/m")).build()).build();

    @Test
    void thirdRequestInAMinute(CioFake fake) {
      Calls calls = Calls.to(fake).identify("42", "ada@example.com").tracked("42", "signed_up", "{}");
      assertThat(calls.track("42", "signed_up", "{}").status()).isEqualTo(429);
      assertThat(calls.settings().path("rate_limits").path("track").asText()).isEqualTo("2/60s");
    }
  }

  @Test
  void rateLimitSetsOneClassLimit() {
    TestKit.Results r = TestKit.run(RateLimitExample.class);

    assertThat(r.failure("thirdRequestInAMinute")).contains("[error] rate-limit-exceeded:");
  }

  @Test
  void rateLimitClassesAreTypedAndTheirNamesParseWithAClearError() {
    assertThat(RateClass.parse(" Transactional ")).isEqualTo(RateClass.TRANSACTIONAL);
    assertThatThrownBy(() -> RateClass.parse("mail"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown rate-limit class 'mail'")
        .hasMessageContaining("track, app, transactional, broadcast or pipelines");
  }

  // ---------------------------------------------------------------- workspace, systemProperties

  static final WorkspaceCredentials ACME = new WorkspaceCredentials("acme-site", "acme-track-key-0001",
      "acme-app-key-0002");

  @OnlyInTestKit
  static class WorkspaceExample {
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder().options(CioFakeOptions.builder().workspace(ACME).build()).build();

    @Test
    void theWorkspaceIsTheDefaultOne(CioFake fake) {
      assertThat(fake.credentials()).isEqualTo(ACME);
      assertThat(cio.fake().siteId()).isEqualTo("acme-site");
      Calls.to(fake).identify("42", "ada@example.com");
      for (String p : CustomerIoFakeExtension.SYSTEM_PROPERTIES) {
        SEEN.put(p, System.getProperty(p));
      }
    }
  }

  @Test
  void workspaceSetsTheCredentialsAndTheSystemPropertiesFollow() {
    WorkspaceExample.SEEN.clear();

    TestKit.run(WorkspaceExample.class).assertPassed("theWorkspaceIsTheDefaultOne");

    assertThat(WorkspaceExample.SEEN).containsEntry("cio.site-id", "acme-site")
        .containsEntry("cio.track-api-key", "acme-track-key-0001")
        .containsEntry("cio.app-api-key", "acme-app-key-0002");
  }

  @OnlyInTestKit
  static class NoSystemPropertiesExample {
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder().systemProperties(false).build();

    @Test
    void propertiesUntouched() {
      SEEN.put("cio.track.url", String.valueOf(System.getProperty("cio.track.url")));
      assertThat(cio.fake().trackUrl()).startsWith("http://127.0.0.1:");
    }
  }

  @Test
  void systemPropertiesFalseLeavesThemAlone() {
    NoSystemPropertiesExample.SEEN.clear();

    SystemProperties.with("cio.track.url", "http://configured-before", () ->
        TestKit.run(NoSystemPropertiesExample.class).assertPassed("propertiesUntouched"));

    assertThat(NoSystemPropertiesExample.SEEN).containsEntry("cio.track.url", "http://configured-before");
  }

  // ---------------------------------------------------------------- failOn, allowPitfalls

  @OnlyInTestKit
  static class FailOnWarningExample {
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder().failOn(FailOn.WARNING).build();

    @Test
    void warning(CioFake fake) {
      Calls.to(fake).identifyWithoutEmail("42");
    }
  }

  @OnlyInTestKit
  static class FailOnNeverExample {
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder().failOn(FailOn.NEVER).build();

    @Test
    void error(CioFake fake) {
      Calls.to(fake).tracked("77", "signed_up", "{}");
      assertThat(fake.pitfalls()).extracting(Pitfall::id).containsExactly("track-before-identify");
    }
  }

  @OnlyInTestKit
  static class FailOnDefaultExample {
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder().build();

    @Test
    void warning(CioFake fake) {
      Calls.to(fake).identifyWithoutEmail("42");
    }

    @Test
    void error(CioFake fake) {
      Calls.to(fake).tracked("77", "signed_up", "{}");
    }
  }

  @Test
  void failOnChoosesWhichSeverityFails() {
    assertThat(TestKit.run(FailOnWarningExample.class).failure("warning")).contains("missing-email");
    TestKit.run(FailOnNeverExample.class).assertPassed("error");
    TestKit.Results defaults = TestKit.run(FailOnDefaultExample.class);
    defaults.assertPassed("warning");
    assertThat(defaults.failure("error")).contains("track-before-identify");
  }

  @OnlyInTestKit
  static class AllowPitfallsExample {
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder().failOn(FailOn.WARNING)
        .allowPitfalls("track-before-identify").allowPitfalls("missing-email").build();

    @Test
    void bothAllowed(CioFake fake) {
      Calls.to(fake).tracked("77", "signed_up", "{}").identifyWithoutEmail("78");
      assertThat(fake.pitfalls()).extracting(Pitfall::id)
          .containsExactlyInAnyOrder("track-before-identify", "missing-email");
    }

    @Test
    @AllowPitfalls("millisecond-timestamp")
    void methodAnnotationAddsToTheBuilderList(CioFake fake) {
      Calls.to(fake).tracked("77", "signed_up", "{}").trackWithMillis("77", "signed_up");
    }

    @Test
    void othersStillFail(CioFake fake) {
      Calls.to(fake).identify("42", "ada@example.com").trackWithMillis("42", "signed_up");
    }
  }

  @Test
  void allowPitfallsAddsUpAndLetsOthersFail() {
    TestKit.Results r = TestKit.run(AllowPitfallsExample.class);

    r.assertPassed("bothAllowed");
    r.assertPassed("methodAnnotationAddsToTheBuilderList");
    assertThat(r.failure("othersStillFail")).contains("millisecond-timestamp");
  }

  // ---------------------------------------------------------------- static field and instance field

  @OnlyInTestKit
  static class StaticFieldExample {
    static final List<Object> SEEN = new CopyOnWriteArrayList<>();
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder().build();

    @Test
    void first(CioFakeServer server, CioFake fake) {
      SEEN.add(server);
      assertThat(cio.server()).isSameAs(server);
      assertThat(cio.fake().siteId()).isEqualTo(fake.siteId());
      Calls.to(fake).identify("42", "ada@example.com");
    }

    @Test
    void second(CioFakeServer server, CioFake fake) {
      SEEN.add(server);
      assertThat(cio.server()).isSameAs(server);
    }
  }

  @Test
  void onAStaticFieldOneFakeServesTheClassAndStopsAfterIt() {
    StaticFieldExample.SEEN.clear();

    TestKit.Results r = TestKit.run(StaticFieldExample.class);

    r.assertPassed("first");
    r.assertPassed("second");
    assertThat(StaticFieldExample.SEEN).hasSize(2);
    assertThat(StaticFieldExample.SEEN.get(0)).isSameAs(StaticFieldExample.SEEN.get(1));
    assertThat(((CioFakeServer) StaticFieldExample.SEEN.get(0)).isRunning()).isFalse();
    assertThatThrownBy(StaticFieldExample.cio::server).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(StaticFieldExample.cio::fake).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the fake is not running");
  }

  @OnlyInTestKit
  static class InstanceFieldExample {
    static final List<CioFakeServer> SEEN = new CopyOnWriteArrayList<>();
    @RegisterExtension
    CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder()
        .options(CioFakeOptions.builder().lenientTimestamps(true).build()).build();

    @Test
    void first(CioFakeServer server, CioFake fake) {
      check(server, fake);
    }

    @Test
    void second(CioFakeServer server, CioFake fake) {
      check(server, fake);
    }

    private void check(CioFakeServer server, CioFake fake) {
      SEEN.add(server);
      assertThat(cio.fake().baseUrl()).isEqualTo(server.baseUrl()).isEqualTo(fake.baseUrl());
      assertThat(server.options().workspaceDefaults().lenientTimestamps()).isTrue();
      assertThatThrownBy(cio::server).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("per-method fakes are reached with fake()");
      Calls.to(fake).identify("42", "ada@example.com");
    }
  }

  @Test
  void onAnInstanceFieldEachTestHasItsOwnFake() {
    InstanceFieldExample.SEEN.clear();

    TestKit.Results r = TestKit.run(InstanceFieldExample.class);

    r.assertPassed("first");
    r.assertPassed("second");
    assertThat(InstanceFieldExample.SEEN).hasSize(2).doesNotHaveDuplicates().noneMatch(CioFakeServer::isRunning);
  }
}
