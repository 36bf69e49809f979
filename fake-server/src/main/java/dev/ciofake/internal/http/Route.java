package dev.ciofake.internal.http;

import dev.ciofake.RateClass;
import java.util.Map;

/**
 * Where a request was routed: the API, the operation, the error shape its errors use, its rate-limit class and the
 * decoded path parameters. What every stage after routing needs to know about the endpoint, and nothing more.
 *
 * @param operation the stable operation id ({@code identify}, {@code track}, ...), or {@code null} when no endpoint
 *     matched
 * @param rateClass the bucket it draws from, or {@code null} (admin API, unmatched paths)
 * @param authenticated whether the endpoint requires credentials
 */
public record Route(Api api, String operation, ErrorShape errorShape, RateClass rateClass,
    Map<String, String> params, boolean authenticated) {

  /** The route of a request no endpoint matched: the API its path belongs to. */
  public static Route unmatched(Api api) {
    return new Route(api, null, api.errorShape(), null, Map.of(), false);
  }

  /** A decoded path parameter, or {@code null}. */
  public String param(String name) {
    return params.get(name);
  }
}
