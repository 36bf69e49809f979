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
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    JsonNode catalog = report.get("catalog");
    int tests = 0;
    int failures = 0;
    StringBuilder suites = new StringBuilder();
    for (JsonNode w : report.get("workspaces")) {
      Map<String, JsonNode> fired = new HashMap<>();
      w.get("pitfalls").forEach(p -> fired.put(p.get("id").asText(), p));
      String site = w.get("site_id").isNull() ? "no-workspace" : w.get("site_id").asText();
      int suiteFailures = fired.size();
      suites.append("  <testsuite name=\"cio-fake ").append(esc(site)).append("\" tests=\"").append(catalog.size())
          .append("\" failures=\"").append(suiteFailures).append("\" errors=\"0\" skipped=\"0\">\n");
      suites.append("    <properties><property name=\"score\" value=\"").append(w.get("score").asInt())
          .append("\"/></properties>\n");
      for (JsonNode d : catalog) {
        String id = d.get("id").asText();
        suites.append("    <testcase classname=\"cio-fake.").append(esc(site)).append("\" name=\"").append(esc(id))
            .append("\" time=\"0\"");
        JsonNode p = fired.get(id);
        if (p == null) {
          suites.append("/>\n");
          continue;
        }
        JsonNode first = p.get("first");
        suites.append(">\n      <failure type=\"").append(esc(p.get("severity").asText())).append("\" message=\"")
            .append(esc(p.get("count").asLong() + "x " + p.get("message").asText())).append("\">")
            .append(esc("fix: " + p.get("fix").asText() + "\nrequest: " + first.path("request_id").asText("-")
                + "\nevidence: " + first.path("evidence").toString()))
            .append("</failure>\n    </testcase>\n");
      }
      for (JsonNode d : w.path("diagnostics")) {
        // the fake's own limits: shown to whoever reads the suite, never a failure of the integration
        suites.append("    <system-out>").append(esc(d.path("id").asText() + ": " + d.path("message").asText()
            + " (" + d.path("fix").asText() + ")")).append("</system-out>\n");
      }
      suites.append("  </testsuite>\n");
      tests += catalog.size();
      failures += suiteFailures;
    }
    sb.append("<testsuites name=\"cio-fake\" tests=\"").append(tests).append("\" failures=\"").append(failures)
        .append("\">\n").append(suites).append("</testsuites>\n");
    return sb.toString();
  }

  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '&':
          out.append("&amp;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&apos;");
          break;
        default:
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            out.append(' ');
          } else {
            out.append(c);
          }
      }
    }
    return out.toString();
  }
}
