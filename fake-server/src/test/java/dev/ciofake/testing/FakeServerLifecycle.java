package dev.ciofake.testing;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server lifecycle the over-HTTP tests share: one fake per test class with the class's own options, reset
 * before each test (before the class's own {@code @BeforeEach} methods), closed after the class. Register it on a
 * static field; {@code onStart} hands the started server to the class (typically into its static fields):
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FakeServerLifecycle FAKE = FakeServerLifecycle.of(options, s -> { cio = s; http = new FakeHttp(s); });
 * }</pre>
 */
public final class FakeServerLifecycle implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private final CioFakeOptions options;
  private final Consumer<CioFakeServer> onStart;
  private CioFakeServer server;
  /** The class it started for: a {@code @Nested} class inherits the extension but shares that class's fake. */
  private Class<?> owner;

  private FakeServerLifecycle(CioFakeOptions options, Consumer<CioFakeServer> onStart) {
    this.options = Objects.requireNonNull(options, "options");
    this.onStart = Objects.requireNonNull(onStart, "onStart");
  }

  /** A fake started with {@code options}, handed to {@code onStart} once it serves. */
  public static FakeServerLifecycle of(CioFakeOptions options, Consumer<CioFakeServer> onStart) {
    return new FakeServerLifecycle(options, onStart);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (owner == null) {
      owner = context.getRequiredTestClass();
      server = CioFakeServer.start(options);
      onStart.accept(server);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getRequiredTestClass() == owner) {
      server.close();
      server = null;
      owner = null;
    }
  }
}
