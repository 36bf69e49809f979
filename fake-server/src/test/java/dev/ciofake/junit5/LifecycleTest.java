package dev.ciofake.junit5;

import dev.ciofake.Region;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeServer;
import dev.ciofake.Pitfall;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The system properties around a run, and the protected hooks of a subclass. */
@ResourceLock(Resources.SYSTEM_PROPERTIES) // its fakes set the cio.* properties
class LifecycleTest {

  // ---------------------------------------------------------------- system properties

  @OnlyInTestKit
  @CustomerIoFake
  static class PropertiesExample {
    static final Map<String, String> DURING = new ConcurrentHashMap<>();
    static volatile CioFake fake;

    @Test
    void recordsTheProperties(CioFake cio) {
      fake = cio;
      for (String p : CustomerIoFakeExtension.SYSTEM_PROPERTIES) {
        DURING.put(p, String.valueOf(System.getProperty(p)));
      }
    }
  }

  @Test
  void systemPropertiesAreSetWhileTheFakeRunsAndRestoredAfter() {
    PropertiesExample.DURING.clear();
    Map<String, String> before = new java.util.HashMap<>();
    CustomerIoFakeExtension.SYSTEM_PROPERTIES.forEach(p -> before.put(p, System.getProperty(p)));
    try {
      // one property the app had configured, the others absent
      CustomerIoFakeExtension.SYSTEM_PROPERTIES.forEach(System::clearProperty);
      System.setProperty("cio.track.url", "https://track.customer.io/api/v1");

      TestKit.run(PropertiesExample.class).assertPassed("recordsTheProperties");

      CioFake cio = PropertiesExample.fake;
      assertThat(PropertiesExample.DURING).containsExactlyInAnyOrderEntriesOf(Map.of(
          "cio.track.url", cio.trackUrl(),
          "cio.app.url", cio.appUrl(),
          "cio.site-id", cio.siteId(),
          "cio.track-api-key", cio.trackApiKey(),
          "cio.app-api-key", cio.appApiKey()));
      assertThat(cio.trackUrl()).matches("http://127\\.0\\.0\\.1:\\d+/api/v1");
      assertThat(cio.appUrl()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
      assertThat(System.getProperty("cio.track.url")).as("restored").isEqualTo("https://track.customer.io/api/v1");
      for (String p : List.of("cio.app.url", "cio.site-id", "cio.track-api-key", "cio.app-api-key")) {
        assertThat(System.getProperty(p)).as("%s cleared again", p).isNull();
      }
    } finally {
      before.forEach(SystemProperties::set);
    }
  }

  // ---------------------------------------------------------------- what @BeforeAll sets up stays for every test

  @OnlyInTestKit
  @CustomerIoFake
  @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
  static class BeforeAllSetupExample {
    @org.junit.jupiter.api.BeforeAll
    static void setUp(CioFake cio) {
      cio.settings(cio.settings().toBuilder().region(Region.EU).build());
      cio.chaos().error(503).onTrack().path("/api/v1/segments/**").apply();
    }

    @Test
    void a(CioFake cio) {
      check(cio);
      cio.settings(cio.settings().toBuilder().region(Region.US).build());
      cio.chaos().error(503).onTrack().path("/api/v1/accounts/**").apply();
    }

    @Test
    void b(CioFake cio) {
      check(cio);
    }

    private static void check(CioFake cio) {
      Calls calls = Calls.to(cio);
      assertThat(calls.region()).isEqualTo("eu");
      assertThat(calls.http().track("POST", "/api/v1/segments/7/add_customers", "{\"ids\":[\"1\"]}").status())
          .isEqualTo(503);
      assertThat(cio.chaos().installed()).hasSize(1);
    }
  }

  @Test
  void settingsAndChaosOfBeforeAllStayForEveryTestWhileATestsOwnChangesAreUndone() {
    TestKit.Results r = TestKit.run(BeforeAllSetupExample.class);

    r.assertPassed("a");
    r.assertPassed("b");
  }

  // ---------------------------------------------------------------- one test instance for the class

  @OnlyInTestKit
  @CustomerIoFake
  @org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
  static class PerClassInstanceExample {
    final CioFake constructorFake;

    PerClassInstanceExample(CioFake cio) {
      this.constructorFake = cio;
    }

    @Test
    void a(CioFake cio) {
      check(cio);
    }

    @Test
    void b(CioFake cio) {
      check(cio);
    }

    private void check(CioFake cio) {
      assertThat(constructorFake.siteId()).isEqualTo(cio.siteId());
      assertThat(cio.people()).isEmpty();
      Calls.to(constructorFake).identify("42", "ada@example.com");
    }
  }

  @Test
  void aPerClassInstanceGetsTheClassWorkspaceInItsConstructor() {
    TestKit.Results r = TestKit.run(PerClassInstanceExample.class);

    assertThat(r.containerFailures()).isEmpty();
    r.assertPassed("a");
    r.assertPassed("b");
  }

  // ---------------------------------------------------------------- hooks

  /** A subclass that records its hooks. */
  static final class RecordingExtension extends CustomerIoFakeExtension {
    final List<String> calls = new CopyOnWriteArrayList<>();

    RecordingExtension(Builder builder) {
      super(builder);
    }

    @Override
    protected void onBeforeAll(CioFakeServer server, ExtensionContext context) {
      calls.add("beforeAll running=" + server.isRunning() + " " + context.getRequiredTestClass().getSimpleName());
    }

    @Override
    protected void onBeforeEach(CioFake fake, ExtensionContext context) {
      calls.add("beforeEach " + context.getRequiredTestMethod().getName() + " people=" + fake.people().size());
    }

    @Override
    protected void onAfterEach(CioFake fake, List<Pitfall> pitfalls, ExtensionContext context) {
      calls.add("afterEach " + context.getRequiredTestMethod().getName() + " pitfalls="
          + pitfalls.stream().map(Pitfall::id).toList());
    }

    @Override
    protected void onAfterAll(CioFakeServer server, ExtensionContext context) {
      calls.add("afterAll running=" + server.isRunning());
    }
  }

  @OnlyInTestKit
  static class HooksExample {
    @RegisterExtension
    static RecordingExtension cio = new RecordingExtension(CustomerIoFakeExtension.builder().failOn(FailOn.WARNING));

    @Test
    void a(CioFake fake) {
      Calls.to(fake).identify("42", "ada@example.com");
    }

    @Test
    void b(CioFake fake) {
      Calls.to(fake).identifyWithoutEmail("43");
    }
  }

  @Test
  void theProtectedHooksAreCalledInOrderAndAfterEachSeesThePitfallsBeforeTheTestFails() {
    TestKit.Results r = TestKit.run(HooksExample.class);

    r.assertPassed("a");
    assertThat(r.failure("b")).contains("missing-email");
    List<String> calls = HooksExample.cio.calls;
    assertThat(calls).hasSize(6);
    assertThat(calls.get(0)).isEqualTo("beforeAll running=true HooksExample");
    assertThat(calls.get(calls.size() - 1)).isEqualTo("afterAll running=true");
    assertThat(calls).containsSubsequence("beforeEach a people=0", "afterEach a pitfalls=[]")
        .containsSubsequence("beforeEach b people=0", "afterEach b pitfalls=[missing-email]");
  }

  @Test
  void theLifecycleCallbacksAreFinal() throws NoSuchMethodException {
    for (String name : List.of("beforeAll", "afterAll", "beforeEach", "afterEach")) {
      int modifiers = CustomerIoFakeExtension.class.getMethod(name, ExtensionContext.class).getModifiers();
      assertThat(java.lang.reflect.Modifier.isFinal(modifiers)).as(name).isTrue();
    }
    for (String name : List.of("onBeforeAll", "onBeforeEach", "onAfterEach", "onAfterAll")) {
      var m = java.util.Arrays.stream(CustomerIoFakeExtension.class.getDeclaredMethods())
          .filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
      assertThat(java.lang.reflect.Modifier.isProtected(m.getModifiers())).as(name).isTrue();
    }
  }
}
