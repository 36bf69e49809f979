package dev.ciofake.internal.routing;

import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.util.PercentDecoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds the endpoint of a request. Routes are few (dozens), so a linear scan of pre-split templates is fastest. */
public final class Router {

  /** The outcome of a lookup. */
  public sealed interface Match {}

  /** A route fits. */
  public record Found(Endpoint endpoint, Map<String, String> params) implements Match {}

  /** A route fits the path but not the method. */
  public record WrongMethod(Api api, List<String> allowed) implements Match {}

  /** No route fits; {@code api} is the API the path belongs to (it decides the 404's shape). */
  public record NotFound(Api api) implements Match {}

  /** A route fits but a parameter is badly escaped. */
  public record BadEscape(Endpoint endpoint, String message) implements Match {}

  private final List<Endpoint> endpoints = new ArrayList<>();

  public Router add(Endpoint e) {
    endpoints.add(e);
    return this;
  }

  public Router addAll(List<Endpoint> es) {
    endpoints.addAll(es);
    return this;
  }

  public List<Endpoint> endpoints() {
    return List.copyOf(endpoints);
  }

  public Match match(String method, String rawPath) {
    String[] raw = PathTemplate.split(rawPath);
    List<String> allowed = null;
    for (Endpoint e : endpoints) {
      if (!e.path().matchesShape(raw)) {
        continue;
      }
      if (!e.method().equals(method)) {
        if (allowed == null) {
          allowed = new ArrayList<>(2);
        }
        allowed.add(e.method());
        continue;
      }
      try {
        Map<String, String> params = e.path().match(raw);
        if (params != null) {
          return new Found(e, params);
        }
      } catch (PercentDecoding.MalformedEscapeException ex) {
        return new BadEscape(e, ex.getMessage());
      }
    }
    Api api = Api.ofPath(rawPath);
    return allowed == null ? new NotFound(api) : new WrongMethod(api, allowed);
  }
}
