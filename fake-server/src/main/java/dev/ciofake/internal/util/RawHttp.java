package dev.ciofake.internal.util;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket, {@code Connection: close}. It serves the three places that talk to the
 * fake where the JDK's HTTP client would cost start-up time or memory for nothing: the warm-up request of a starting
 * server, {@code --check}, and the container's health probe (a separate, short-lived JVM). Everything else uses
 * {@code java.net.http}.
 */
public final class RawHttp {
  private RawHttp() {}

  /** What came back: the status line, the status code and the body (headers dropped). */
  public record Response(String statusLine, int status, String body) {}

  /**
   * Sends one request and reads the whole answer.
   *
   * @param baseUrl {@code http://host:port}
   * @param timeoutMillis connect and read timeout
   */
  public static Response exchange(String baseUrl, String method, String path, Map<String, String> headers,
      String body, int timeoutMillis) throws IOException {
    URI base = URI.create(baseUrl);
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(base.getAuthority())
        .append("\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(bytes.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(base.getHost(), base.getPort()), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      s.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String statusLine = response.lines().findFirst().orElse("(no response)");
      int status;
      try {
        status = Integer.parseInt(statusLine.split(" ")[1]);
      } catch (RuntimeException e) {
        status = 0;
      }
      int bodyAt = response.indexOf("\r\n\r\n");
      return new Response(statusLine, status, bodyAt < 0 ? "" : response.substring(bodyAt + 4));
    }
  }
}
