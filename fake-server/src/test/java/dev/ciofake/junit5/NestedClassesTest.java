package dev.ciofake.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code @Nested} classes share the fake of their enclosing class, with its settings and its allowed pitfalls. */
@ResourceLock(Resources.SYSTEM_PROPERTIES) // its fakes set the cio.* properties
class NestedClassesTest {

  @OnlyInTestKit
  @CustomerIoFake(lenientTimestamps = true)
  @AllowPitfalls("millisecond-timestamp")
  static class AnnotatedOuterExample {
    static final List<CioFakeServer> SERVERS = new CopyOnWriteArrayList<>();

    @Test
    void outer(CioFakeServer server) {
      SERVERS.add(server);
    }

    @Nested
    class Inner {
      @Test
      void innerHasTheOuterSettingsAndAllowances(CioFake cio, CioFakeServer server) {
        SERVERS.add(server);
        Calls calls = Calls.to(cio).identify("42", "ada@example.com");
        assertThat(calls.trackWithMillis("42", "signed_up").status()).as("lenient, as the outer class").isEqualTo(200);
      }

      @Test
      void innerStillFailsOnOtherPitfalls(CioFake cio) {
        Calls.to(cio).tracked("77", "signed_up", "{}");
      }
    }
  }

  @Test
  void aNestedClassUsesTheEnclosingAnnotation() {
    AnnotatedOuterExample.SERVERS.clear();

    TestKit.Results r = TestKit.run(AnnotatedOuterExample.class);

    r.assertPassed("outer");
    r.assertPassed("innerHasTheOuterSettingsAndAllowances");
    assertThat(r.failure("innerStillFailsOnOtherPitfalls")).contains("track-before-identify");
    assertThat(AnnotatedOuterExample.SERVERS).hasSize(2);
    assertThat(AnnotatedOuterExample.SERVERS.get(1)).as("one server for outer and nested")
        .isSameAs(AnnotatedOuterExample.SERVERS.get(0));
  }

  @OnlyInTestKit
  static class StaticFieldOuterExample {
    static final List<Object> SEEN = new CopyOnWriteArrayList<>();
    @RegisterExtension
    static CustomerIoFakeExtension cio = CustomerIoFakeExtension.builder().build();

    @Test
    void outer() {
      SEEN.add(cio.server());
    }

    @Nested
    class Inner {
      @Test
      void inner(CioFake fake) {
        SEEN.add(cio.server());
        assertThat(cio.fake().siteId()).isEqualTo(fake.siteId());
      }
    }

    @AfterAll
    static void afterTheNestedClass() {
      SEEN.add(cio.server());
    }
  }

  @Test
  void aStaticFieldServesNestedClassesAndOutlivesThem() {
    StaticFieldOuterExample.SEEN.clear();

    TestKit.Results r = TestKit.run(StaticFieldOuterExample.class);

    r.assertPassed("outer");
    r.assertPassed("inner");
    assertThat(r.containerFailures()).isEmpty();
    assertThat(StaticFieldOuterExample.SEEN).hasSize(3).allSatisfy(s -> assertThat(s)
        .isSameAs(StaticFieldOuterExample.SEEN.get(0)));
  }
}
