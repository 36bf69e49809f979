package dev.ciofake.junit5;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks an example class that only {@link TestKit} runs: it is skipped unless the engine was given the
 * configuration parameter {@value #PARAMETER}. A configuration parameter (not a system property) keeps the switch
 * local to the one engine run, so a surefire run, or another test running at the same time, never executes the
 * examples, many of which fail on purpose.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(OnlyInTestKit.Condition.class)
@interface OnlyInTestKit {
  String PARAMETER = "cio-fake.testkit";

  /** Enables the example only when the engine run carries the switch. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(PARAMETER).filter("true"::equals).isPresent()
          ? ConditionEvaluationResult.enabled("run by the engine test kit")
          : ConditionEvaluationResult.disabled("an example for the engine test kit only");
    }
  }
}
