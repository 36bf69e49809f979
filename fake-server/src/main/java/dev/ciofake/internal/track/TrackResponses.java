package dev.ciofake.internal.track;

import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.ErrorShape;
import dev.ciofake.internal.http.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The Track API's real success and error responses (headers from live recordings, customerio-api.md 1.2). */
public final class TrackResponses {
  /** Headers of every Track response. */
  public static final Map<String, String> HEADERS = Map.of(
      "Cache-Control", "no-cache, no-store, must-revalidate, max-age=0",
      "Access-Control-Allow-Origin", "*");

  /** {@code {}} plus the newline Go's JSON encoder writes: live responses carry {@code content-length: 3}. */
  private static final byte[] EMPTY_OBJECT = "{}\n".getBytes(StandardCharsets.UTF_8);
  private static final ApiResponse OK = ApiResponse.json(200, EMPTY_OBJECT, HEADERS).withHeader("Status", "200 OK");

  private TrackResponses() {}

  /** 200 with the exact body {@code {}} and a newline (3 bytes, as recorded live). */
  public static ApiResponse ok() {
    return OK;
  }

  /** 200 with a JSON body. */
  public static ApiResponse ok(byte[] json) {
    return ApiResponse.json(200, json, HEADERS).withHeader("Status", "200 OK");
  }

  /** 204 without a body (form submissions). */
  public static ApiResponse noContent() {
    return ApiResponse.empty(204, HEADERS);
  }

  /** An error in the given shape. */
  public static ApiResponse error(int status, ErrorShape shape, List<Violation> violations) {
    return ApiResponse.json(status, shape.render(violations, status), HEADERS)
        .withHeader("Status", status + " " + reason(status));
  }

  static String reason(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 413:
        return "Payload Too Large";
      case 415:
        return "Unsupported Media Type";
      case 429:
        return "Too Many Requests";
      default:
        return status >= 500 ? "Server Error" : "Error";
    }
  }
}
