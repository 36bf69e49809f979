package dev.ciofake.internal.routing;

import dev.ciofake.internal.util.PercentDecoding;
import java.util.LinkedHashMap;
import java.util.Map;

/** A path such as {@code /api/v1/customers/{identifier}/devices/{device_id}}, matched segment by segment. */
public final class PathTemplate {
  private final String text;
  private final String[] segments;

  private PathTemplate(String text, String[] segments) {
    this.text = text;
    this.segments = segments;
  }

  public static PathTemplate parse(String template) {
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("path template must start with '/': " + template);
    }
    return new PathTemplate(template, template.substring(1).split("/", -1));
  }

  /** Raw segments of a request path ({@code /a/b%40c} gives {@code a}, {@code b%40c}). */
  public static String[] split(String rawPath) {
    String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    if (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    return p.split("/", -1);
  }

  /**
   * Matches raw request segments; returns the decoded parameters, or {@code null} when the path does not fit.
   *
   * @throws PercentDecoding.MalformedEscapeException when a parameter has a broken escape
   */
  public Map<String, String> match(String[] raw) throws PercentDecoding.MalformedEscapeException {
    if (raw.length != segments.length) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      if (s.startsWith("{")) {
        if (params == null) {
          params = new LinkedHashMap<>(4);
        }
        params.put(s.substring(1, s.length() - 1), PercentDecoding.decodePath(raw[i]));
      } else if (!s.equals(raw[i])) {
        return null;
      }
    }
    return params == null ? Map.of() : params;
  }

  /** Whether this template could match a path of that shape, ignoring the method. */
  public boolean matchesShape(String[] raw) {
    if (raw.length != segments.length) {
      return false;
    }
    for (int i = 0; i < segments.length; i++) {
      if (!segments[i].startsWith("{") && !segments[i].equals(raw[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}
