package dev.ciofake.assertions;

import dev.ciofake.CioFake;

/**
 * Entry point of the AssertJ-style assertions on a fake workspace:
 *
 * <pre>{@code
 * import static dev.ciofake.assertions.CioAssertions.assertThat;
 *
 * assertThat(cio).hasNoPitfalls();
 * assertThat(cio).person("42").hasAttribute("plan", "premium").isNotSuppressed();
 * assertThat(cio).receivedEvent("signed_up").forPerson("42").withData("plan", "pro").times(1);
 * assertThat(cio).sentTransactionalEmail().to("ada@example.com").withMessageId(7).times(1);
 * }</pre>
 *
 * A failure says what was expected and what the fake received instead, nearest first. Needs
 * {@code org.assertj:assertj-core} on the test class path.
 */
public final class CioAssertions {
  private CioAssertions() {}

  /** Assertions on everything a workspace of the fake saw. */
  public static CioFakeAssert assertThat(CioFake actual) {
    return new CioFakeAssert(actual);
  }
}
