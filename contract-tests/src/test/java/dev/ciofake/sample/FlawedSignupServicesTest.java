package dev.ciofake.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.ciofake.CioFake;
import dev.ciofake.junit5.CustomerIoFake;
import dev.ciofake.junit5.FailOn;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The flawed versions of {@link SignupService} under {@code @CustomerIoFake}: each is run as the quickstart test runs
 * the correct one, through the JUnit engine, and must fail naming its pitfall; the correct one passes the same
 * tests. Blocking on analytics commits no pitfall in the requests: its test shows the signup getting as slow as the
 * fake is made to be (chaos latency).
 */
@CustomerIoFake
class FlawedSignupServicesTest {
  private static final String SWITCH = "cio-fake.sample.examples";

  /** Runs an example only inside the engine run of {@link #run(Class)}; surefire and the IDE skip it. */
  @Retention(RetentionPolicy.RUNTIME)
  @ExtendWith(OnlyInTestKit.Condition.class)
  @interface OnlyInTestKit {
    final class Condition implements ExecutionCondition {
      @Override
      public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(SWITCH).isPresent()
            ? ConditionEvaluationResult.enabled("engine test kit run")
            : ConditionEvaluationResult.disabled("example for the engine test kit only");
      }
    }
  }

  /** A service class under test, given the fake's URL and credentials. */
  interface Factory {
    SignupService create(String trackUrl, String siteId, String trackApiKey);
  }

  /** The quickstart's test, for any version of the service; waits for its calls, then lets the extension judge. */
  abstract static class SignupExample {
    abstract Factory factory();

    @Test
    void signup(CioFake cio) {
      SignupService service = factory().create(cio.trackUrl(), cio.siteId(), cio.trackApiKey());
      service.signUp("1042", "ada@example.com", "pro").orTimeout(30, TimeUnit.SECONDS).join();
    }

    @Test
    void tenSignups(CioFake cio) {
      SignupService service = factory().create(cio.trackUrl(), cio.siteId(), cio.trackApiKey());
      for (int i = 0; i < 10; i++) { // 20 requests: enough for no-connection-reuse to judge
        service.signUp("20" + i, "user" + i + "@example.com", "free").orTimeout(30, TimeUnit.SECONDS).join();
      }
    }
  }

  @OnlyInTestKit
  @CustomerIoFake(failOn = FailOn.WARNING, rateLimits = false)
  static class Correct extends SignupExample {
    @Override
    Factory factory() {
      return SignupService::new;
    }
  }

  @OnlyInTestKit
  @CustomerIoFake(failOn = FailOn.WARNING, rateLimits = false)
  static class MillisecondTimestamps extends SignupExample {
    @Override
    Factory factory() {
      return FlawedSignupServices.MillisecondTimestamps::new;
    }
  }

  @OnlyInTestKit
  @CustomerIoFake(failOn = FailOn.WARNING, rateLimits = false)
  static class TrackBeforeIdentify extends SignupExample {
    @Override
    Factory factory() {
      return FlawedSignupServices.TrackBeforeIdentify::new;
    }
  }

  @OnlyInTestKit
  @CustomerIoFake(failOn = FailOn.WARNING, rateLimits = false)
  static class EmailAsId extends SignupExample {
    @Override
    Factory factory() {
      return FlawedSignupServices.EmailAsId::new;
    }
  }

  @OnlyInTestKit
  @CustomerIoFake(failOn = FailOn.WARNING, rateLimits = false)
  static class DynamicEventName extends SignupExample {
    @Override
    Factory factory() {
      return FlawedSignupServices.DynamicEventName::new;
    }
  }

  @OnlyInTestKit
  @CustomerIoFake(failOn = FailOn.WARNING, rateLimits = false)
  static class NewClientPerRequest extends SignupExample {
    @Override
    Factory factory() {
      return FlawedSignupServices.NewClientPerRequest::new;
    }
  }

  /** Test method name to "passed" or the failure message, for one example class. */
  private static java.util.Map<String, String> run(Class<?> example) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (Event e : EngineTestKit.engine("junit-jupiter").configurationParameter(SWITCH, "true")
        .selectors(selectClass(example)).execute().testEvents().finished().list()) {
      TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
      out.put(e.getTestDescriptor().getDisplayName().replaceAll("\\(.*", ""),
          r.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? "passed"
              : r.getThrowable().map(Throwable::getMessage).orElse(String.valueOf(r.getStatus())));
    }
    return out;
  }

  private static String pitfallFailure(String message, String pitfall) {
    assertThat(message).as("failure").startsWith("cio-fake: ")
        .containsPattern("\\d+\\. \\[(error|warning)\\] " + pitfall + ": ")
        .contains("fix: ");
    return message;
  }

  @Test
  void theCorrectVersionPassesEvenWithWarningsFailing() {
    assertThat(run(Correct.class)).containsEntry("signup", "passed").containsEntry("tenSignups", "passed");
  }

  @Test
  void millisecondTimestampsFail() {
    String m = run(MillisecondTimestamps.class).get("signup");
    pitfallFailure(m, "millisecond-timestamp");
    assertThat(m).contains(" PUT /api/v1/customers/1042\n").contains("field=created_at");
  }

  @Test
  void trackBeforeIdentifyFails() {
    String m = run(TrackBeforeIdentify.class).get("signup");
    pitfallFailure(m, "track-before-identify");
    assertThat(m).contains(" POST /api/v1/customers/1042/events\n");
  }

  @Test
  void emailAsIdFails() {
    String m = run(EmailAsId.class).get("signup");
    pitfallFailure(m, "mutable-person-id");
    assertThat(m).contains("ada@example.com");
  }

  @Test
  void dynamicEventNamesFail() {
    String m = run(DynamicEventName.class).get("signup");
    pitfallFailure(m, "dynamic-event-name");
    assertThat(m).contains("signed_up_1042");
  }

  @Test
  void aNewClientPerRequestFailsOnceThereAreEnoughRequestsToJudge() {
    java.util.Map<String, String> outcomes = run(NewClientPerRequest.class);
    assertThat(outcomes).as("two requests are too few to judge").containsEntry("signup", "passed");
    pitfallFailure(outcomes.get("tenSignups"), "no-connection-reuse");
    assertThat(outcomes.get("tenSignups")).contains("opened 20 connections for 20 requests");
  }

  @Test
  void blockingOnAnalyticsMakesSignupAsSlowAsCustomerIo(CioFake cio) {
    SignupService correct = new SignupService(cio.trackUrl(), cio.siteId(), cio.trackApiKey());
    SignupService blocking = new FlawedSignupServices.BlockingOnAnalytics(cio.trackUrl(), cio.siteId(),
        cio.trackApiKey());
    correct.signUp("1", "one@example.com", "free").join(); // warm both paths up before timing
    blocking.signUp("2", "two@example.com", "free");
    Duration latency = Duration.ofMillis(1500);
    cio.chaos().latency(latency).onTrack().apply();

    long start = System.nanoTime();
    CompletableFuture<Void> background = correct.signUp("42", "ada@example.com", "pro");
    long correctMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    start = System.nanoTime();
    blocking.signUp("43", "grace@example.com", "pro");
    long blockingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    // two calls, each delayed by the fake: the blocking signup cannot be faster than both delays together
    assertThat(blockingMillis).isGreaterThanOrEqualTo(2 * latency.toMillis());
    // the correct one only hands the calls over; its calls still arrive
    assertThat(correctMillis).isLessThan(latency.toMillis());
    background.orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(cio.events()).extracting(CioFake.Event::personId).contains("42", "43");
    assertThat(correct.failedCalls() + blocking.failedCalls()).isZero();
  }
}
