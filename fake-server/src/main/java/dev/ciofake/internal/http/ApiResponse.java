package dev.ciofake.internal.http;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
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

  private ApiResponse(int status, Map<String, String> headers, byte[] body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
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

  /** A copy with one more header. */
  public ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, h, body);
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
    return b.build();
  }
}
