package dev.ciofake.scenarios.internal.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loopback ports handed to the SUTs of scenarios still running, so two scenarios running at once never give their
 * SUTs the same {@code PORT}; and the runner's daemon threads.
 */
public final class SutPorts {
  private final Set<Integer> taken = ConcurrentHashMap.newKeySet();

  /** A free port for a SUT, never one a SUT of a scenario still running was given. */
  public int take() {
    for (int attempt = 0; ; attempt++) {
      int port = freePort();
      if (taken.add(port) || attempt >= 20) {
        return port;
      }
    }
  }

  /** The SUT on {@code port} has stopped. */
  public void release(Integer port) {
    taken.remove(port);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the SUT", e);
    }
  }

  /** Threads named {@code name-1}, {@code name-2}, ... that do not keep the JVM alive. */
  public static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
