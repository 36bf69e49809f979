package dev.ciofake.junit5;

import dev.ciofake.CioFake;
import dev.ciofake.CioFakeServer;

/** What the extension needs of a running fake, in process or in a container. */
interface FakeBackend {
  /** The default workspace. */
  CioFake fake();

  /** A new workspace of its own (for a parallel test). */
  CioFake newFake();

  /** The in-process server, or {@code null} in a container. */
  CioFakeServer server();

  /** Forgets what every workspace saw, and the request journal; workspaces, settings and chaos rules stay. */
  void resetAll();

  void stop();

  /** A fake in this JVM. */
  static FakeBackend inProcess(CioFakeServer server) {
    return new FakeBackend() {
      @Override
      public CioFake fake() {
        return server.fake();
      }

      @Override
      public CioFake newFake() {
        return server.newFake();
      }

      @Override
      public CioFakeServer server() {
        return server;
      }

      @Override
      public void resetAll() {
        server.reset();
      }

      @Override
      public void stop() {
        server.stop();
      }
    };
  }
}
