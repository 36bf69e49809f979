package dev.ciofake.internal.pipeline;

import dev.ciofake.internal.http.RawRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * The servlet request as the pipeline reads it on the edge's direct path: the headers straight from Jetty's parsed
 * fields (no copy into WireMock's request, no map per request), the rest as WireMock's adapter would report it, so
 * the pipeline sees what it saw when WireMock handed the request over (the {@code DirectPathTest} compares both).
 */
final class ServletRawRequest implements RawRequest {
  private final HttpServletRequest request;
  private final HttpFields fields;
  private int headerCount = -1;

  ServletRawRequest(HttpServletRequest request) {
    this.request = request;
    this.fields = org.eclipse.jetty.server.Request.getBaseRequest(request).getHttpFields();
  }

  @Override
  public String method() {
    return request.getMethod().toUpperCase(Locale.ROOT);
  }

  @Override
  public String url() {
    String query = BodyGate.WireMockView.decodable(request.getQueryString());
    String uri = request.getRequestURI();
    return query == null || query.isEmpty() ? uri : uri + "?" + query;
  }

  @Override
  public byte[] body() {
    return null; // the edge read it
  }

  @Override
  public String clientIp() {
    String forwarded = header("X-Forwarded-For");
    return forwarded != null && !forwarded.isEmpty() ? forwarded : request.getRemoteAddr();
  }

  @Override
  public String host() {
    return request.getServerName();
  }

  @Override
  public int port() {
    return request.getServerPort();
  }

  @Override
  public String header(String name) {
    return fields == null ? null : fields.get(name);
  }

  @Override
  public int headerCount() {
    if (headerCount < 0) {
      int n = 0;
      for (int i = 0; fields != null && i < fields.size(); i++) {
        if (firstOfName(i)) {
          n++;
        }
      }
      headerCount = n;
    }
    return headerCount;
  }

  @Override
  public void forEachHeader(HeaderVisitor visitor) {
    for (int i = 0; fields != null && i < fields.size(); i++) {
      if (!firstOfName(i)) {
        continue;
      }
      HttpField f = fields.getField(i);
      String value = f.getValue() == null ? "" : f.getValue();
      for (int j = i + 1; j < fields.size(); j++) {
        HttpField later = fields.getField(j);
        if (later.getName().equalsIgnoreCase(f.getName())) {
          value = value + ", " + (later.getValue() == null ? "" : later.getValue());
        }
      }
      visitor.header(f.getName(), value);
    }
  }

  /** Whether field {@code i} is the first of its name (names compare without case, as HTTP's do). */
  private boolean firstOfName(int i) {
    String name = fields.getField(i).getName();
    for (int j = 0; j < i; j++) {
      if (fields.getField(j).getName().equalsIgnoreCase(name)) {
        return false;
      }
    }
    return true;
  }
}
