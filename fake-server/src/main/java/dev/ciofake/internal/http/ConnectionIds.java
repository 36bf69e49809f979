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

  /**
   * The connection of the current request: an id stable for the life of the connection, and whether this request
   * is the first one on it. {@code null} outside a Jetty request thread.
   */
  public static Current current() {
    if (!JETTY) {
      return null;
    }
    try {
      org.eclipse.jetty.server.HttpConnection c = org.eclipse.jetty.server.HttpConnection.getCurrentConnection();
      if (c == null) {
        return null;
      }
      return new Current("c" + Long.toHexString(c.getCreatedTimeStamp()) + "-"
          + Integer.toHexString(System.identityHashCode(c)), c.getMessagesIn() <= 1, c.getCreatedTimeStamp());
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /**
   * A request's connection.
   *
   * @param id stable for the life of the connection
   * @param first whether the request is the first on it (Jetty counts the requests of each connection)
   * @param openedAtMillis when Jetty accepted it (epoch milliseconds of the machine's clock)
   */
  public record Current(String id, boolean first, long openedAtMillis) {}
}
