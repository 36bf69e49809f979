package dev.ciofake.internal.report;

import dev.ciofake.internal.state.StateRejection;
import java.util.Locale;

/** Picks a report format from {@code ?format=} (json, junit, html) or, without it, from the Accept header. */
public final class ReportFormat {
  private ReportFormat() {}

  public static String choose(String formatParam, String accept) {
    if (formatParam != null) {
      String f = formatParam.trim().toLowerCase(Locale.ROOT);
      switch (f) {
        case "json":
          return "json";
        case "junit":
        case "xml":
          return "junit";
        case "html":
          return "html";
        default:
          throw new StateRejection("format", "format must be json, junit or html, got '" + formatParam + "'");
      }
    }
    if (accept != null) {
      String a = accept.toLowerCase(Locale.ROOT);
      if (a.contains("text/html")) {
        return "html";
      }
      if (a.contains("application/xml") || a.contains("text/xml")) {
        return "junit";
      }
    }
    return "json";
  }
}
