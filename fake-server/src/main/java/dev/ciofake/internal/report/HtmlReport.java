package dev.ciofake.internal.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders a report as one self-contained HTML page (inline CSS, no scripts, no external resources; well-formed
 * XML too, so tools and tests can parse it strictly): a score per
 * workspace, each fired pitfall with its message, fix and first evidence, and the checks that passed.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(JsonNode report) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<title>cio-fake report: score ").append(report.get("score").asInt()).append("</title>\n")
        .append("<style>\n")
        .append("body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:60rem;")
        .append("color:#1d2330;line-height:1.45;padding:0 1rem}\n")
        .append("h1{font-size:1.6rem;margin-bottom:.2rem}.meta{color:#5b6475;font-size:.9rem}\n")
        .append(".ws{border:1px solid #d8dce5;border-radius:8px;padding:1rem 1.2rem;margin:1.5rem 0}\n")
        .append(".score{font-size:2.2rem;font-weight:700;float:right}.good{color:#18794e}.fair{color:#b35c00}")
        .append(".bad{color:#c62828}\n")
        .append(".pitfall{border-left:4px solid #999;padding:.4rem .9rem;margin:.8rem 0;background:#f7f8fa}\n")
        .append(".pitfall.error{border-color:#c62828}.pitfall.warning{border-color:#e08a00}\n")
        .append(".badge{display:inline-block;font-size:.75rem;font-weight:600;padding:.05rem .45rem;")
        .append("border-radius:4px;color:#fff;margin-right:.4rem}.badge.error{background:#c62828}")
        .append(".badge.warning{background:#e08a00}\n")
        .append("code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}")
        .append("pre{white-space:pre-wrap;background:#eef0f4;padding:.5rem;border-radius:4px}\n")
        .append("table.totals{border-collapse:collapse;margin:.5rem 0}table.totals td{padding:.1rem .8rem .1rem 0}\n")
        .append(".passed{color:#18794e;font-size:.9rem}\n</style>\n</head>\n<body>\n");
    h.append("<h1>cio-fake integration report</h1>\n<p class=\"meta\">Generated ")
        .append(esc(report.get("generated_at").asText())).append(" by cio-fake ")
        .append(esc(report.get("version").asText())).append(". Overall score <strong id=\"overall-score\">")
        .append(report.get("score").asInt()).append("</strong> / 100.</p>\n");
    if (report.get("workspaces").isEmpty()) {
      h.append("<p>No workspace received requests.</p>\n");
    }
    for (JsonNode w : report.get("workspaces")) {
      int score = w.get("score").asInt();
      String site = w.get("site_id").isNull() ? "(no workspace)" : w.get("site_id").asText();
      h.append("<section class=\"ws\" data-site-id=\"").append(esc(site)).append("\">\n<div class=\"score ")
          .append(score >= 90 ? "good" : score >= 60 ? "fair" : "bad").append("\" data-score=\"").append(score)
          .append("\">").append(score).append("</div>\n<h2>Workspace <code>").append(esc(site)).append("</code></h2>\n");
      JsonNode t = w.get("totals");
      h.append("<table class=\"totals\">");
      t.fields().forEachRemaining(e -> h.append("<tr><td>").append(esc(e.getKey().replace('_', ' ')))
          .append("</td><td>").append(e.getValue().asText()).append("</td></tr>"));
      h.append("</table>\n");
      for (JsonNode d : w.path("diagnostics")) {
        h.append("<p class=\"diagnostic\"><strong>").append(esc(d.path("id").asText())).append("</strong>: ")
            .append(esc(d.path("message").asText())).append(". ").append(esc(d.path("fix").asText())).append("</p>\n");
      }
      if (w.get("pitfalls").isEmpty()) {
        h.append("<p class=\"passed\">No pitfalls: a clean integration.</p>\n");
      }
      for (JsonNode p : w.get("pitfalls")) {
        String sev = p.get("severity").asText();
        JsonNode first = p.get("first");
        h.append("<div class=\"pitfall ").append(esc(sev)).append("\" data-pitfall-id=\"")
            .append(esc(p.get("id").asText())).append("\">\n<p><span class=\"badge ").append(esc(sev)).append("\">")
            .append(esc(sev)).append("</span><strong>").append(esc(p.get("id").asText())).append("</strong> &#215; ")
            .append(p.get("count").asLong()).append("</p>\n<p>").append(esc(p.get("message").asText()))
            .append("</p>\n<p><strong>Fix:</strong> ").append(esc(p.get("fix").asText())).append("</p>\n")
            .append("<p class=\"meta\">First seen in request <code>").append(esc(first.path("request_id").asText("-")))
            .append("</code>; evidence:</p>\n<pre>").append(esc(first.path("evidence").toPrettyString()))
            .append("</pre>\n</div>\n");
      }
      h.append("<p class=\"passed\">Passed: ");
      boolean firstPassed = true;
      for (JsonNode id : w.get("passed")) {
        h.append(firstPassed ? "" : ", ").append("<code>").append(esc(id.asText())).append("</code>");
        firstPassed = false;
      }
      h.append("</p>\n</section>\n");
    }
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  static String esc(String s) {
    return JunitXmlReport.esc(s);
  }
}
