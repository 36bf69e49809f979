package dev.ciofake.internal.pipeline;

import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.Violation;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannelOverHttp;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's error pages, in the API's error shape: what Jetty answers itself (a malformed request line, an invalid
 * escape in the path, broken framing, 414, 417, 431, 505) and what reaches Jetty as an exception (the fake's own bug,
 * an {@code OutOfMemoryError}). The API is chosen by the request's path ({@link Api#ofPath}); the text never carries
 * an exception's message or a stack trace. Each error is logged once here: a client's (4xx) at {@code FINE}, the
 * fake's (5xx) at {@code SEVERE} with its cause.
 */
final class EdgeErrorHandler extends ErrorHandler {
  private static final Logger LOG = Logger.getLogger(EdgeErrorHandler.class.getName());
  /** The path of the request whose bad message is being answered on this thread (Jetty hands the page no request). */
  private static final ThreadLocal<String> BAD_MESSAGE_PATH = new ThreadLocal<>();

  /**
   * Jetty's HTTP/1.1 connection factory whose channels remember the request line's URI as the parser hands it over,
   * so a request refused before Jetty builds it (an invalid escape, a bad header) is still answered in the shape of
   * its path's API.
   */
  static final class PathRecordingHttp extends HttpConnectionFactory {
    PathRecordingHttp(HttpConfiguration config) {
      super(config);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
      HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint,
          isRecordHttpComplianceViolations()) {
        @Override
        protected HttpChannelOverHttp newHttpChannel() {
          return new HttpChannelOverHttp(this, getConnector(), getHttpConfiguration(), getEndPoint(), this) {
            private String uri;

            @Override
            public void startRequest(String method, String requestUri, HttpVersion version) {
              this.uri = requestUri;
              super.startRequest(method, requestUri, version);
            }

            @Override
            public void badMessage(BadMessageException failure) {
              BAD_MESSAGE_PATH.set(rawPath(uri));
              super.badMessage(failure);
            }

            @Override
            public void recycle() {
              uri = null;
              super.recycle();
            }
          };
        }
      };
      connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
      connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
      return configure(connection, connector, endPoint);
    }
  }

  /** The path of a request-line URI as sent ({@code /p?q} or {@code http://host/p?q}), or {@code null}. */
  static String rawPath(String uri) {
    if (uri == null || uri.isEmpty()) {
      return null;
    }
    String u = uri;
    int scheme = u.indexOf("://");
    if (scheme > 0 && scheme < 8) {
      int slash = u.indexOf('/', scheme + 3);
      u = slash < 0 ? "/" : u.substring(slash);
    }
    int q = u.indexOf('?');
    return q < 0 ? u : u.substring(0, q);
  }

  /** The raw path of a request, also when Jetty refused its URI (it keeps the request's metadata then). */
  static String pathOf(Request request) {
    try {
      if (request.getHttpURI() != null && request.getHttpURI().getPath() != null) {
        return request.getHttpURI().getPath();
      }
      return request.getMetaData() == null || request.getMetaData().getURI() == null ? null
          : request.getMetaData().getURI().getPath();
    } catch (RuntimeException unparsed) {
      return null; // the URI itself is what failed
    }
  }

  EdgeErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
    setShowMessageInTitle(false);
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    int status = response.getStatus() < 400 ? 500 : response.getStatus();
    Throwable cause = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    String path = pathOf(baseRequest);
    ApiResponse answer = answer(status, path, null);
    log(status, request.getMethod() + " " + path, cause);
    response.resetBuffer();
    answer.headers().forEach(response::setHeader);
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
    baseRequest.setHandled(true);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    String path = BAD_MESSAGE_PATH.get();
    BAD_MESSAGE_PATH.remove();
    ApiResponse answer = answer(status, path, reason);
    log(status, path == null ? "(request line unreadable)" : path, null);
    answer.headers().forEach(fields::put);
    return ByteBuffer.wrap(answer.body());
  }

  private static void log(int status, String what, Throwable cause) {
    if (status >= 500) {
      LOG.log(Level.SEVERE, "cio-fake answered " + status + " at the HTTP layer for " + what
          + " (a cio-fake bug or a resource limit, not a Customer.io behaviour)", cause);
    } else if (LOG.isLoggable(Level.FINE)) {
      LOG.fine("cio-fake refused a malformed request at the HTTP layer with " + status + ": " + what);
    }
  }

  /** The error response of the path's API for a status the HTTP layer chose. */
  static ApiResponse answer(int status, String path, String reason) {
    Api api = Api.ofPath(path == null ? "/" : path);
    return api.error(status, api.errorShape(), List.of(Violation.of("http", null, null, message(status, reason))
        .withStatus(status)));
  }

  static String message(int status, String reason) {
    switch (status) {
      case 400:
        return "bad request: the request line, a header or the URI is malformed" + detail(reason);
      case 408:
        return "the request did not arrive in time";
      case 413:
        return "the request is too large";
      case 414:
        return "the request URI is too long";
      case 417:
        return "unsupported Expect header: only 100-continue is supported";
      case 431:
        return "the request headers are too large";
      case 505:
        return "unsupported HTTP version: use HTTP/1.1 (or HTTP/2)";
      default:
        return status >= 500
            ? "internal error in cio-fake (not a Customer.io behaviour) at the HTTP layer; see the fake's log"
            : "the request was refused at the HTTP layer (" + status + ")" + detail(reason);
    }
  }

  /** Jetty's reason phrase when it says more than the status does, in words only (never a class name). */
  private static String detail(String reason) {
    if (reason == null || reason.length() > 80 || !reason.matches("[A-Za-z0-9 ,:'()/-]+")
        || reason.equalsIgnoreCase("Bad Request")) {
      return "";
    }
    return " (" + reason + ")";
  }
}
