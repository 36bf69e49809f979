package dev.ciofake.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ArchitectureTest} are able to fail: over the planted package tree {@code fixture} (a cycle
 * between two APIs, a bottom layer reaching up into state, an internal class using a public handle, a direct clock
 * read), each rule reports exactly the planted violation.
 */
class LayeringRulesTest {
  private static final String ROOT = "dev.ciofake.architecture.fixture";
  private static JavaClasses fixture;

  @BeforeAll
  static void importFixture() {
    fixture = new ClassFileImporter().importPackages(ROOT);
  }

  @Test
  void aCycleBetweenTwoPackagesFails() {
    EvaluationResult r = Layering.noCycles(ROOT).evaluate(fixture);
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("internal.track").contains("internal.app");
  }

  @Test
  void anUpwardDependencyAndOneBetweenPeersFail() {
    EvaluationResult r = Layering.layers(ROOT).evaluate(fixture);
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString())
        .contains("internal.util.Helper").contains("internal.state.Store")
        .contains("internal.track.TrackThing").contains("internal.app.AppThing");
  }

  @Test
  void anInternalClassUsingThePublicHandleFails() {
    EvaluationResult r = Layering.internalsUseOnlyPublicValues(ROOT).evaluate(fixture);
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("internal.http.Value").contains("fixture.Handle")
        .doesNotContain("internal.util.Helper");
  }

  @Test
  void aDirectClockReadOutsideTheClockFails() {
    EvaluationResult r = Layering.timeComesFromTheClock(ROOT, ROOT + ".internal.util.SystemClock").evaluate(fixture);
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("internal.state.Store")
        .doesNotContain("SystemClock.now");
  }
}
