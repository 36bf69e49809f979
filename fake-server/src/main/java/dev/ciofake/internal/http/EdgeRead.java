package dev.ciofake.internal.http;

/**
 * What the HTTP edge read of a request before the pipeline saw it: the body (decoded, within the body limit), the
 * query string exactly as sent, and the problem that stopped the reading, if any (a body past the limit, one that did
 * not arrive in time, broken framing or compression). The pipeline's body stage answers the problem in the route's
 * error shape, so a refused body is journalled and attributed like any other bad request.
 *
 * @param body the body bytes as decoded (empty when there was none or reading stopped)
 * @param rawQuery the query string as the client sent it, or {@code null} to take it from the request
 * @param problem why the body could not be read, or {@code null}
 * @param connection the connection the request came on, taken when it arrived (a body read without a thread is
 *     handed over on another one), or {@code null}
 * @param contentType the {@code Content-Type} header as sent, when the edge hid it from WireMock (a multipart type,
 *     whose parts WireMock would parse), else {@code null}
 */
public record EdgeRead(byte[] body, String rawQuery, Violation problem, ConnectionIds.Current connection,
    String contentType) {
  private static final byte[] NONE = new byte[0];

  public EdgeRead {
    body = body == null ? NONE : body;
  }

  /** A body that was read whole. */
  public static EdgeRead of(byte[] body, String rawQuery, ConnectionIds.Current connection) {
    return new EdgeRead(body, rawQuery, null, connection, null);
  }

  /** This read, remembering the {@code Content-Type} the client sent. */
  public EdgeRead withContentType(String sent) {
    return new EdgeRead(body, rawQuery, problem, connection, sent);
  }

  /** A body that could not be read, for this reason. */
  public static EdgeRead refused(Violation problem, String rawQuery, ConnectionIds.Current connection) {
    return new EdgeRead(NONE, rawQuery, problem, connection, null);
  }
}
