package dev.ciofake.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ciofake.scenarios.run.CheckResult;
import dev.ciofake.scenarios.internal.check.PitfallsCheck;
import dev.ciofake.scenarios.internal.check.RunData;
import java.util.List;
import org.junit.jupiter.api.Test;

class PitfallsCheckTest {
  @Test
  void passesWithoutPitfalls() {
    CheckResult r = new PitfallsCheck(new Scenario.Pitfalls(List.of())).evaluate(new Observed().run());

    assertThat(r.passed()).isTrue();
    assertThat(r.expectation()).isEqualTo("pitfalls");
    assertThat(r.summary()).isEqualTo("no pitfall");
  }

  @Test
  void failsOnAPitfallThatIsNotAllowedAndNamesItWithItsFix() {
    RunData run = new Observed().pitfall("millisecond-timestamp", "req_4").pitfall("millisecond-timestamp", "req_5")
        .pitfall("missing-email", "req_6").run();

    CheckResult r = new PitfallsCheck(new Scenario.Pitfalls(List.of("missing-email"))).evaluate(run);

    assertThat(r.passed()).isFalse();
    assertThat(r.summary()).isEqualTo("pitfalls fired: millisecond-timestamp (allowed: missing-email, seen 1x)");
    assertThat(r.details()).containsExactly(
        "millisecond-timestamp (error) x2: millisecond-timestamp happened [request req_4]", "  fix: fix it");
  }

  @Test
  void allowedPitfallsAndPitfallsOfTheRunnersOwnRequestsDoNotCount() {
    RunData run = new Observed().pitfall("missing-email", "req_1").pitfall("rate-limit-exceeded", "req_9")
        .run("req_1");

    CheckResult r = new PitfallsCheck(new Scenario.Pitfalls(List.of("rate-limit-exceeded"))).evaluate(run);

    assertThat(r.passed()).as(r.summary()).isTrue();
  }
}
