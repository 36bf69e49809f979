package dev.ciofake.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a report as one self-contained HTML page (inline CSS, no scripts, no external resources; well-formed XML
 * too, so tools and tests can parse it strictly): a score per workspace, each fired pitfall with its message, fix and
 * first evidence, and the checks that passed. The page is the template {@code report.html.hbs}; this class only
 * turns the report's JSON into its model.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(JsonNode report) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("score", report.get("score").asInt());
    model.put("generatedAt", report.get("generated_at").asText());
    model.put("version", report.get("version").asText());
    List<Map<String, Object>> workspaces = new ArrayList<>();
    for (JsonNode w : report.get("workspaces")) {
      int score = w.get("score").asInt();
      Map<String, Object> ws = new LinkedHashMap<>();
      ws.put("site", w.get("site_id").isNull() ? "(no workspace)" : w.get("site_id").asText());
      ws.put("score", score);
      ws.put("grade", score >= 90 ? "good" : score >= 60 ? "fair" : "bad");
      List<Map<String, Object>> totals = new ArrayList<>();
      w.get("totals").fields().forEachRemaining(e -> totals.add(Map.of("name", e.getKey().replace('_', ' '),
          "value", e.getValue().asText())));
      ws.put("totals", totals);
      List<Map<String, Object>> diagnostics = new ArrayList<>();
      w.path("diagnostics").forEach(d -> diagnostics.add(Map.of("id", d.path("id").asText(),
          "message", d.path("message").asText(), "fix", d.path("fix").asText())));
      ws.put("diagnostics", diagnostics);
      List<Map<String, Object>> pitfalls = new ArrayList<>();
      for (JsonNode p : w.get("pitfalls")) {
        JsonNode first = p.get("first");
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("id", p.get("id").asText());
        pm.put("severity", p.get("severity").asText());
        pm.put("count", p.get("count").asLong());
        pm.put("message", p.get("message").asText());
        pm.put("fix", p.get("fix").asText());
        pm.put("requestId", first.path("request_id").asText("-"));
        pm.put("evidence", first.path("evidence").toPrettyString());
        pitfalls.add(pm);
      }
      ws.put("pitfalls", pitfalls);
      List<String> passed = new ArrayList<>();
      w.get("passed").forEach(id -> passed.add(id.asText()));
      ws.put("passed", passed);
      workspaces.add(ws);
    }
    model.put("workspaces", workspaces);
    return Markup.html(HtmlReport.class, "report.html.hbs", model);
  }
}
