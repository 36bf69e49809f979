package dev.ciofake.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs {@link OnlyInTestKit} example classes through the Jupiter engine and reads how each test ended: passed, or
 * failed with which message.
 */
final class TestKit {
  private TestKit() {}

  /** Runs the example class (with its examples switched on) and returns the results. */
  static Results run(Class<?> example) {
    return new Results(EngineTestKit.engine("junit-jupiter")
        .configurationParameter(OnlyInTestKit.PARAMETER, "true")
        .selectors(selectClass(example))
        .execute());
  }

  /** Runs one method of an example class. */
  static Results run(Class<?> example, String method) {
    return new Results(EngineTestKit.engine("junit-jupiter")
        .configurationParameter(OnlyInTestKit.PARAMETER, "true")
        .selectors(selectMethod(example, java.util.Arrays.stream(example.getDeclaredMethods())
            .filter(m -> m.getName().equals(method)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no method " + method + " in " + example))))
        .execute());
  }

  /** What one engine run did. */
  static final class Results {
    final EngineExecutionResults results;

    Results(EngineExecutionResults results) {
      this.results = results;
    }

    /** Test method name to "passed" or the failure's message. */
    Map<String, String> outcomes() {
      Map<String, String> out = new TreeMap<>();
      results.testEvents().finished().stream().forEach(e -> out.put(method(e), outcome(e)));
      return out;
    }

    /** The failure message of the one test method with this name; fails when it passed. */
    String failure(String method) {
      Event e = finished(method);
      TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
      assertThat(r.getStatus()).as("%s should have failed", method).isEqualTo(TestExecutionResult.Status.FAILED);
      return r.getThrowable().map(Throwable::getMessage).orElse("");
    }

    /** The failure of the one test method with this name. */
    Throwable throwable(String method) {
      return finished(method).getRequiredPayload(TestExecutionResult.class).getThrowable()
          .orElseThrow(() -> new AssertionError(method + " did not fail"));
    }

    /** Asserts the test passed, showing its failure otherwise. */
    void assertPassed(String method) {
      Event e = finished(method);
      assertThat(finishedSuccessfully().matches(e)).as("%s should have passed, but: %s", method, outcome(e))
          .isTrue();
    }

    /** Failures of the containers (class-level callbacks: beforeAll/afterAll). */
    List<String> containerFailures() {
      return results.containerEvents().failed().stream().map(TestKit::outcome).toList();
    }

    private Event finished(String method) {
      List<Event> es = results.testEvents().finished().stream().filter(e -> method.equals(method(e))).toList();
      assertThat(es).as("test %s finished exactly once; outcomes: %s", method, outcomes()).hasSize(1);
      return es.get(0);
    }
  }

  static String method(Event e) {
    Optional<MethodSource> s = e.getTestDescriptor().getSource().filter(MethodSource.class::isInstance)
        .map(MethodSource.class::cast);
    return s.map(MethodSource::getMethodName).orElse(e.getTestDescriptor().getDisplayName());
  }

  static String outcome(Event e) {
    TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
    return r.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? "passed"
        : r.getStatus() + ": " + r.getThrowable().map(t -> t.getClass().getSimpleName() + ": " + t.getMessage())
            .orElse("");
  }
}
