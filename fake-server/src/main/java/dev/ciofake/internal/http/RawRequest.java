package dev.ciofake.internal.http;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import java.util.Collection;

/**
 * What {@link ApiRequest} reads of an HTTP request, whichever way it came in: the servlet request itself when the edge
 * answers it directly (the usual path: {@code ServletRequests} in the pipeline layer), or WireMock's request when
 * WireMock renders the answer (chaos delays and faults), for a warm-up and in tests ({@link #of(Request)}). Headers
 * keep the names as sent; values of a name sent more than once are joined with {@code ", "}.
 */
public interface RawRequest {
  /** The method, upper case. */
  String method();

  /** The path as sent (percent-escapes kept), and {@code ?query} when there is one. */
  String url();

  /** The body when nothing else read it ({@code null}: none). */
  byte[] body();

  /** {@code X-Forwarded-For} when sent, else the peer's address, as WireMock reports it. */
  String clientIp();

  /** The host the request was made to (the server name). */
  String host();

  /** The port the request was made to. */
  int port();

  /** The first value of a header (case-insensitive), or {@code null}. */
  String header(String name);

  /** How many distinct header names were sent. */
  int headerCount();

  /** Calls {@code visitor} with each header name (as first sent) and its values joined, in the order sent. */
  void forEachHeader(HeaderVisitor visitor);

  /** A header name and its values. */
  @FunctionalInterface
  interface HeaderVisitor {
    void header(String name, String value);
  }

  /** WireMock's view of a request. */
  static RawRequest of(Request request) {
    return new RawRequest() {
      @Override
      public String method() {
        return request.getMethod().getName().toUpperCase(java.util.Locale.ROOT);
      }

      @Override
      public String url() {
        return request.getUrl();
      }

      @Override
      public byte[] body() {
        return request.getBody();
      }

      @Override
      public String clientIp() {
        return request.getClientIp();
      }

      @Override
      public String host() {
        return request.getHost();
      }

      @Override
      public int port() {
        return request.getPort();
      }

      @Override
      public String header(String name) {
        HttpHeader h = request.header(name);
        return h != null && h.isPresent() ? h.firstValue() : null;
      }

      @Override
      public int headerCount() {
        return request.getHeaders().size();
      }

      @Override
      public void forEachHeader(HeaderVisitor visitor) {
        Collection<HttpHeader> all = request.getHeaders().all();
        for (HttpHeader h : all) {
          java.util.List<String> values = h.values();
          visitor.header(h.key(), values.isEmpty() ? "" : values.size() == 1 ? values.get(0)
              : String.join(", ", values));
        }
      }
    };
  }
}
