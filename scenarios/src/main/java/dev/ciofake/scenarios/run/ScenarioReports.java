package dev.ciofake.scenarios.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.CioFakeServer;
import dev.ciofake.scenarios.check.CheckResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reports of a run, in three formats: {@code scenario-report.json} (everything, for tools),
 * {@code scenario-report.xml} (JUnit XML: one test suite per scenario, one test case per expectation, for CI test
 * views) and {@code scenario-report.html} (one self-contained page, for people).
 */
public final class ScenarioReports {
  public static final String JSON = "scenario-report.json";
  public static final String XML = "scenario-report.xml";
  public static final String HTML = "scenario-report.html";

  private ScenarioReports() {}

  /** Writes the three reports into {@code dir} (created when missing); returns the files. */
  public static List<Path> write(Path dir, List<ScenarioResult> results, long startMillis, long endMillis)
      throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve(JSON);
    Path xml = dir.resolve(XML);
    Path html = dir.resolve(HTML);
    Files.writeString(json, json(dir, results, startMillis, endMillis).toPrettyString(), StandardCharsets.UTF_8);
    Files.writeString(xml, junit(results, startMillis), StandardCharsets.UTF_8);
    Files.writeString(html, html(dir, results, startMillis, endMillis), StandardCharsets.UTF_8);
    return List.of(json, xml, html);
  }

  // ---------------------------------------------------------------------------------------------- JSON

  /** The JSON report. */
  public static ObjectNode json(Path dir, List<ScenarioResult> results, long startMillis, long endMillis) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("tool", "cio-fake scenario run");
    root.put("version", CioFakeServer.version());
    root.put("started_at", Instant.ofEpochMilli(startMillis).toString());
    root.put("duration_ms", endMillis - startMillis);
    long passed = results.stream().filter(ScenarioResult::passed).count();
    root.put("passed", passed == results.size());
    ObjectNode counts = root.putObject("counts");
    counts.put("scenarios", results.size());
    counts.put("passed", passed);
    counts.put("failed", results.size() - passed);
    ArrayNode arr = root.putArray("scenarios");
    for (ScenarioResult r : results) {
      ObjectNode n = arr.addObject();
      n.put("name", r.id());
      n.put("description", r.scenario().description());
      n.put("file", r.scenario().source());
      n.put("passed", r.passed());
      n.put("error", r.error());
      n.put("started_at", Instant.ofEpochMilli(r.startedAtMillis()).toString());
      n.put("duration_ms", r.durationMillis());
      ObjectNode sut = n.putObject("sut");
      ArrayNode cmd = sut.putArray("command");
      r.sut().command().forEach(cmd::add);
      sut.put("url", r.sut().url());
      ArrayNode ex = n.putArray("expectations");
      for (CheckResult c : r.checks()) {
        ObjectNode e = ex.addObject();
        e.put("name", c.expectation());
        e.put("passed", c.passed());
        e.put("summary", c.summary());
        ArrayNode d = e.putArray("details");
        c.details().forEach(d::add);
      }
      ObjectNode w = n.putObject("workload");
      w.put("calls", r.workload().calls());
      w.put("ok", r.workload().ok());
      ObjectNode o = w.putObject("outcomes");
      r.workload().outcomes().forEach(o::put);
      ArrayNode tl = n.putArray("timeline");
      r.timeline().forEach(tl::add);
      ObjectNode files = n.putObject("files");
      r.files().forEach((k, p) -> files.put(k, relative(dir, p)));
    }
    return root;
  }

  // ---------------------------------------------------------------------------------------------- JUnit XML

  /** The JUnit XML report: a suite per scenario, a case per expectation; a scenario that could not run is an error. */
  public static String junit(List<ScenarioResult> results, long startMillis) {
    int tests = 0;
    int failures = 0;
    int errors = 0;
    double time = 0;
    for (ScenarioResult r : results) {
      tests += r.error() != null ? Math.max(1, r.checks().size()) : r.checks().size();
      failures += r.failures().size();
      errors += r.error() != null ? 1 : 0;
      time += r.durationMillis() / 1000.0;
    }
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append(String.format(Locale.ROOT, "<testsuites name=\"cio-fake scenarios\" tests=\"%d\" failures=\"%d\" "
        + "errors=\"%d\" time=\"%.3f\">%n", tests, failures, errors, time));
    for (ScenarioResult r : results) {
      int caseCount = r.error() != null ? Math.max(1, r.checks().size()) : r.checks().size();
      sb.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" "
          + "skipped=\"0\" time=\"%.3f\" timestamp=\"%s\">%n", xml("scenario." + r.id()), caseCount,
          r.failures().size(), r.error() != null ? 1 : 0, r.durationMillis() / 1000.0,
          Instant.ofEpochMilli(r.startedAtMillis()).toString().replaceFirst("\\.\\d+Z$", "Z").replace("Z", "")));
      String cls = "cio-fake.scenario." + r.id();
      if (r.error() != null && r.checks().isEmpty()) {
        sb.append("    <testcase classname=\"").append(xml(cls)).append("\" name=\"run\" time=\"")
            .append(String.format(Locale.ROOT, "%.3f", r.durationMillis() / 1000.0)).append("\">\n");
        sb.append("      <error message=\"").append(xml(firstLine(r.error()))).append("\" type=\"scenario-error\">")
            .append(xml(r.error())).append("</error>\n    </testcase>\n");
      }
      for (int i = 0; i < r.checks().size(); i++) {
        CheckResult c = r.checks().get(i);
        sb.append("    <testcase classname=\"").append(xml(cls)).append("\" name=\"").append(xml(c.expectation()))
            .append("\" time=\"0\">\n");
        if (!c.passed()) {
          sb.append("      <failure message=\"").append(xml(c.summary())).append("\" type=\"expectation\">")
              .append(xml(c.summary() + (c.details().isEmpty() ? "" : "\n" + String.join("\n", c.details()))))
              .append("</failure>\n");
        } else if (i == 0 && r.error() != null) {
          sb.append("      <error message=\"").append(xml(firstLine(r.error()))).append("\" type=\"scenario-error\">")
              .append(xml(r.error())).append("</error>\n");
        }
        if (c.passed()) {
          sb.append("      <system-out>").append(xml(c.summary())).append("</system-out>\n");
        }
        sb.append("    </testcase>\n");
      }
      sb.append("    <system-out>").append(xml(String.join("\n", r.timeline()))).append("</system-out>\n");
      sb.append("  </testsuite>\n");
    }
    sb.append("</testsuites>\n");
    return sb.toString();
  }

  // ---------------------------------------------------------------------------------------------- HTML

  /** The HTML report: one self-contained page. */
  public static String html(Path dir, List<ScenarioResult> results, long startMillis, long endMillis) {
    long passed = results.stream().filter(ScenarioResult::passed).count();
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>cio-fake scenarios: ")
        .append(passed).append('/').append(results.size()).append(" passed</title>\n<style>\n")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}\n")
        .append("h1{font-size:1.5em}h2{font-size:1.15em;margin:1.6em 0 .3em}.pass{color:#176f2c}.fail{color:#b3261e}\n")
        .append(".badge{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;font-weight:600;")
        .append("font-size:.85em}.badge.pass{background:#176f2c}.badge.fail{background:#b3261e}\n")
        .append("table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em .5em;")
        .append("text-align:left;vertical-align:top}pre{background:#f6f6f6;padding:.5em;overflow-x:auto;margin:.3em 0;")
        .append("white-space:pre-wrap}.muted{color:#666}\n</style></head><body>\n");
    sb.append("<h1>cio-fake scenarios: <span class=\"").append(passed == results.size() ? "pass" : "fail")
        .append("\">").append(passed).append(" of ").append(results.size()).append(" passed</span></h1>\n");
    sb.append("<p class=\"muted\">").append(esc(Instant.ofEpochMilli(startMillis).toString())).append(", ")
        .append(String.format(Locale.ROOT, "%.1f s", (endMillis - startMillis) / 1000.0)).append(", cio-fake ")
        .append(esc(CioFakeServer.version())).append("</p>\n<table><tr><th>Scenario</th><th>Result</th><th>Why</th></tr>\n");
    for (ScenarioResult r : results) {
      sb.append("<tr><td><a href=\"#").append(esc(r.id())).append("\">").append(esc(r.id())).append("</a></td><td>")
          .append(badge(r.passed())).append("</td><td>");
      if (r.error() != null) {
        sb.append(esc(firstLine(r.error())));
      } else {
        sb.append(esc(String.join("; ", r.failures().stream().map(c -> c.expectation() + ": " + c.summary())
            .toList())));
      }
      sb.append("</td></tr>\n");
    }
    sb.append("</table>\n");
    for (ScenarioResult r : results) {
      sb.append("<h2 id=\"").append(esc(r.id())).append("\">").append(badge(r.passed())).append(' ')
          .append(esc(r.id())).append("</h2>\n");
      if (!r.scenario().description().isEmpty()) {
        sb.append("<p>").append(esc(r.scenario().description())).append("</p>\n");
      }
      sb.append("<p class=\"muted\">").append(esc(r.scenario().source())).append(String.format(Locale.ROOT,
          ", %.1f s; SUT ", r.durationMillis() / 1000.0)).append(esc(r.sut().command().isEmpty() ? ""
              : String.join(" ", r.sut().command()) + " at ")).append(esc(String.valueOf(r.sut().url())))
          .append("; workload ").append(r.workload().calls()).append(" calls, answers ")
          .append(esc(r.workload().outcomes().toString())).append("</p>\n");
      if (r.error() != null) {
        sb.append("<pre class=\"fail\">").append(esc(r.error())).append("</pre>\n");
      }
      if (!r.checks().isEmpty()) {
        sb.append("<table><tr><th>Expectation</th><th>Result</th><th>Summary</th></tr>\n");
        for (CheckResult c : r.checks()) {
          sb.append("<tr><td>").append(esc(c.expectation())).append("</td><td>").append(badge(c.passed()))
              .append("</td><td>").append(esc(c.summary()));
          if (!c.details().isEmpty()) {
            sb.append("<pre>").append(esc(String.join("\n", c.details()))).append("</pre>");
          }
          sb.append("</td></tr>\n");
        }
        sb.append("</table>\n");
      }
      if (!r.timeline().isEmpty()) {
        sb.append("<details><summary>Timeline</summary><pre>").append(esc(String.join("\n", r.timeline())))
            .append("</pre></details>\n");
      }
      if (!r.files().isEmpty()) {
        sb.append("<p class=\"muted\">Files:");
        for (Map.Entry<String, Path> f : r.files().entrySet()) {
          String rel = relative(dir, f.getValue());
          sb.append(" <a href=\"").append(esc(rel)).append("\">").append(esc(f.getKey())).append("</a>");
        }
        sb.append("</p>\n");
      }
    }
    sb.append("</body></html>\n");
    return sb.toString();
  }

  private static String badge(boolean passed) {
    return passed ? "<span class=\"badge pass\">PASS</span>" : "<span class=\"badge fail\">FAIL</span>";
  }

  private static String relative(Path dir, Path p) {
    try {
      return dir.toAbsolutePath().relativize(p.toAbsolutePath()).toString().replace('\\', '/');
    } catch (IllegalArgumentException e) {
      return p.toString();
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Text for XML attributes and content: escaped, and without characters XML 1.0 forbids. */
  static String xml(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&':
          sb.append("&amp;");
          break;
        case '<':
          sb.append("&lt;");
          break;
        case '>':
          sb.append("&gt;");
          break;
        case '"':
          sb.append("&quot;");
          break;
        case '\'':
          sb.append("&apos;");
          break;
        default:
          if (c == '\n' || c == '\t' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF)) {
            sb.append(c);
          } else {
            sb.append(' ');
          }
      }
    }
    return sb.toString();
  }

  static String esc(String s) {
    return xml(s);
  }

  /** 4 or 2.5: a number of seconds as people write it. */
  public static String num(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
