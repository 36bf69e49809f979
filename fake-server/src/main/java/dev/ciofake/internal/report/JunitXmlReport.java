package dev.ciofake.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders a report as JUnit XML: one test suite per workspace, one test case per pitfall id of the catalog, failed
 * where the pitfall fired. CI systems show it like a test run.
 */
public final class JunitXmlReport {
  private JunitXmlReport() {}

  public static String render(JsonNode report) {
    JsonNode catalog = report.get("catalog");
    int tests = 0;
    int failures = 0;
    for (JsonNode w : report.get("workspaces")) {
      tests += catalog.size();
      failures += w.get("pitfalls").size();
    }
    int allTests = tests;
    int allFailures = failures;
    return Markup.xml(x -> {
      x.open("testsuites", "name", "cio-fake", "tests", allTests, "failures", allFailures);
      for (JsonNode w : report.get("workspaces")) {
        Map<String, JsonNode> fired = new HashMap<>();
        w.get("pitfalls").forEach(p -> fired.put(p.get("id").asText(), p));
        String site = w.get("site_id").isNull() ? "no-workspace" : w.get("site_id").asText();
        x.open("testsuite", "name", "cio-fake " + site, "tests", catalog.size(), "failures", fired.size(),
            "errors", 0, "skipped", 0);
        x.open("properties").empty("property", "name", "score", "value", w.get("score").asInt()).close();
        for (JsonNode d : catalog) {
          String id = d.get("id").asText();
          JsonNode p = fired.get(id);
          if (p == null) {
            x.empty("testcase", "classname", "cio-fake." + site, "name", id, "time", 0);
            continue;
          }
          JsonNode first = p.get("first");
          x.open("testcase", "classname", "cio-fake." + site, "name", id, "time", 0);
          x.text("failure", "fix: " + p.get("fix").asText() + "\nrequest: " + first.path("request_id").asText("-")
              + "\nevidence: " + first.path("evidence").toString(), "type", p.get("severity").asText(),
              "message", p.get("count").asLong() + "x " + p.get("message").asText());
          x.close();
        }
        for (JsonNode d : w.path("diagnostics")) {
          // the fake's own limits: shown to whoever reads the suite, never a failure of the integration
          x.text("system-out", d.path("id").asText() + ": " + d.path("message").asText() + " ("
              + d.path("fix").asText() + ")");
        }
        x.close();
      }
      x.close();
    });
  }
}
