package dev.ciofake.testing;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.junit5.CustomerIoFakeExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One fake per test class (the extension gives each subclass its own, so the classes run in parallel), rate limits
 * off (these tests are about other rules), reset before each test, and a {@link FakeHttp} on its default workspace.
 */
public abstract class FakeServerTestBase {
  @RegisterExtension
  static final CustomerIoFakeExtension FAKE = Fakes.extension(CioFakeOptions.builder().rateLimits(false).build());

  protected CioFakeServer server;
  protected FakeHttp http;

  @BeforeEach
  void bindTheFake(CioFakeServer server, CioFake cio) {
    this.server = server;
    this.http = new FakeHttp(cio);
  }
}
