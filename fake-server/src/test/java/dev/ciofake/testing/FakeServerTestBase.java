package dev.ciofake.testing;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One fake per test class, rate limits off (these tests are about other rules), reset before each test, and a
 * {@link FakeHttp} on its default workspace.
 */
public abstract class FakeServerTestBase {
  protected static CioFakeServer server;
  protected static FakeHttp http;

  @BeforeAll
  static void startFake() {
    server = CioFakeServer.start(CioFakeOptions.builder().rateLimits(false).build());
    http = new FakeHttp(server);
  }

  @AfterAll
  static void stopFake() {
    server.close();
  }

  @BeforeEach
  void resetFake() {
    server.reset();
  }
}
