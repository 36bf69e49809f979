package dev.ciofake.testing;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import dev.ciofake.junit5.FailOn;

/**
 * The extension the over-HTTP tests of this module register, with the two settings they all share: they commit
 * pitfalls on purpose and read them themselves ({@link FailOn#NEVER}), and they leave the {@code cio.*} system
 * properties alone, since those are process-wide and these classes run in parallel (see junit-platform.properties).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().rateLimits(false).build());
 * }</pre>
 */
public final class Fakes {
  private Fakes() {}

  /** One fake per test class with these options, reset before each test. */
  public static CustomerIoFakeExtension extension(CioFakeOptions options) {
    return CustomerIoFakeExtension.builder().options(options).failOn(FailOn.NEVER).systemProperties(false).build();
  }
}
