package dev.ciofake.internal.http;

/**
 * Identifies the server-side TCP connection a request arrived on, from Jetty's current-connection thread local.
 * Counting connections at the server (not from headers) is how the fake tells a client that reuses
 * connections from one that opens a new one per request.
 */
public final class ConnectionIds {
  private static final boolean JETTY = isJettyPresent();

  private ConnectionIds() {}

  private static boolean isJettyPresent() {
    try {
      Class.forName("org.eclipse.jetty.server.HttpConnection");
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** An id stable for the life of the current connection, or {@code null} outside a Jetty request thread. */
  public static String current() {
    if (!JETTY) {
      return null;
    }
    try {
      org.eclipse.jetty.server.HttpConnection c = org.eclipse.jetty.server.HttpConnection.getCurrentConnection();
      if (c == null) {
        return null;
      }
      return "c" + Long.toHexString(c.getCreatedTimeStamp()) + "-" + Integer.toHexString(System.identityHashCode(c));
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }
}
