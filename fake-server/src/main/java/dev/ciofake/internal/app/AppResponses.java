package dev.ciofake.internal.app;

import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.util.Json;
import java.util.Map;

/** The App API's response headers (live recordings, docs/customerio-facts.md 3.4) and JSON success responses. */
public final class AppResponses {
  /** Headers of every App API response. */
  public static final Map<String, String> HEADERS = Api.Headers.APP;

  private AppResponses() {}

  /** 200 with a JSON body. */
  public static ApiResponse ok(Object body) {
    return ApiResponse.json(200, Json.compact(body), HEADERS);
  }
}
