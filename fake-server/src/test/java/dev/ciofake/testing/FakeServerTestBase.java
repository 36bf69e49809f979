package dev.ciofake.testing;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One fake per test class, rate limits off (these tests are about other rules), reset before each test, and a
 * {@link FakeHttp} on its default workspace.
 */
public abstract class FakeServerTestBase {
  protected static CioFakeServer server;
  protected static FakeHttp http;

  @RegisterExtension
  static final FakeServerLifecycle FAKE = FakeServerLifecycle.of(CioFakeOptions.builder().rateLimits(false).build(),
      s -> {
        server = s;
        http = new FakeHttp(s);
      });
}
