package dev.ciofake.internal.track;

import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.Api;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The Track API's real success and error responses (headers from live recordings, docs/customerio-facts.md 1.2). */
public final class TrackResponses {
  /** Headers of every Track response. */
  public static final Map<String, String> HEADERS = Api.Headers.TRACK;

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

}
