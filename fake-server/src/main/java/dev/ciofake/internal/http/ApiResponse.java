package dev.ciofake.internal.http;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An immutable response of the fake: status, headers and body bytes. Rendered into WireMock at the end. */
public final class ApiResponse {
  /** The JSON content type both real APIs send. */
  public static final String JSON_UTF8 = "application/json; charset=utf-8";

  private final int status;
  private final Map<String, String> headers;
  private final byte[] body;
  private final long delayMillis;
  private final Fault fault;
  private final long dribbleMillis;

  private ApiResponse(int status, Map<String, String> headers, byte[] body) {
    this(status, headers, body, 0, null, 0);
  }

  private ApiResponse(int status, Map<String, String> headers, byte[] body, long delayMillis, Fault fault,
      long dribbleMillis) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.delayMillis = delayMillis;
    this.fault = fault;
    this.dribbleMillis = dribbleMillis;
  }

  /** A copy sent only after {@code millis} (injected latency). */
  public ApiResponse withDelay(long millis) {
    return new ApiResponse(status, headers, body, millis, fault, dribbleMillis);
  }

  /** A copy that breaks the connection instead of answering (WireMock's faults). */
  public ApiResponse withFault(Fault value) {
    return new ApiResponse(status, headers, body, delayMillis, value, dribbleMillis);
  }

  /** A copy whose body trickles out over {@code millis}, in chunks. */
  public ApiResponse withSlowBody(long millis) {
    return new ApiResponse(status, headers, body, delayMillis, fault, millis);
  }

  /** Whether only WireMock's renderer can send it: a delay, a slow body or a connection fault. */
  public boolean needsWireMock() {
    return delayMillis > 0 || fault != null || (dribbleMillis > 0 && body.length > 0);
  }

  public long delayMillis() {
    return delayMillis;
  }

  public Fault fault() {
    return fault;
  }

  /** A JSON response with the given headers first and the JSON content type. */
  public static ApiResponse json(int status, byte[] body, Map<String, String> baseHeaders) {
    Map<String, String> h = new LinkedHashMap<>(baseHeaders);
    h.put("Content-Type", JSON_UTF8);
    return new ApiResponse(status, h, body);
  }

  /** A text response (XML, HTML) with the given content type. */
  public static ApiResponse text(int status, String body, String contentType, Map<String, String> baseHeaders) {
    Map<String, String> h = new LinkedHashMap<>(baseHeaders);
    h.put("Content-Type", contentType);
    return new ApiResponse(status, h, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A response with no body (for example the 204 of a form submission). */
  public static ApiResponse empty(int status, Map<String, String> baseHeaders) {
    return new ApiResponse(status, new LinkedHashMap<>(baseHeaders), new byte[0]);
  }

  /** A copy with another body (the same headers, delay and faults). */
  public ApiResponse withBody(byte[] newBody) {
    return new ApiResponse(status, headers, newBody, delayMillis, fault, dribbleMillis);
  }

  /** A copy with one more header. */
  public ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, h, body, delayMillis, fault, dribbleMillis);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public byte[] body() {
    return body;
  }

  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The WireMock response definition that serves this response. */
  public ResponseDefinition toResponseDefinition() {
    List<HttpHeader> hs = new ArrayList<>(headers.size());
    headers.forEach((k, v) -> hs.add(new HttpHeader(k, v)));
    ResponseDefinitionBuilder b = new ResponseDefinitionBuilder()
        .withStatus(status)
        .withHeaders(new HttpHeaders(hs));
    if (body.length > 0) {
      b.withBody(body);
    }
    if (delayMillis > 0) {
      b.withFixedDelay((int) Math.min(Integer.MAX_VALUE, delayMillis));
    }
    if (fault != null) {
      b.withFault(fault);
    }
    if (dribbleMillis > 0 && body.length > 0) {
      b.withChunkedDribbleDelay(Math.max(1, Math.min(body.length, 10)), (int) dribbleMillis);
    }
    return b.build();
  }
}
