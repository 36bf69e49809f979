package dev.ciofake.scenarios.internal.run;

import dev.ciofake.scenarios.run.ScenarioResult;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.CioFakeServer;
import dev.ciofake.internal.report.Markup;
import dev.ciofake.scenarios.run.CheckResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    Object[] totals = {"name", "cio-fake scenarios", "tests", tests, "failures", failures, "errors", errors, "time",
        seconds(time)};
    return Markup.xml(x -> {
      x.open("testsuites", totals);
      for (ScenarioResult r : results) {
        int caseCount = r.error() != null ? Math.max(1, r.checks().size()) : r.checks().size();
        x.open("testsuite", "name", "scenario." + r.id(), "tests", caseCount, "failures", r.failures().size(),
            "errors", r.error() != null ? 1 : 0, "skipped", 0, "time", seconds(r.durationMillis() / 1000.0),
            "timestamp", Instant.ofEpochMilli(r.startedAtMillis()).truncatedTo(ChronoUnit.SECONDS).toString()
                .replace("Z", ""));
        String cls = "cio-fake.scenario." + r.id();
        if (r.error() != null && r.checks().isEmpty()) {
          x.open("testcase", "classname", cls, "name", "run", "time", seconds(r.durationMillis() / 1000.0));
          x.text("error", r.error(), "message", firstLine(r.error()), "type", "scenario-error");
          x.close();
        }
        for (int i = 0; i < r.checks().size(); i++) {
          CheckResult c = r.checks().get(i);
          x.open("testcase", "classname", cls, "name", c.expectation(), "time", 0);
          if (!c.passed()) {
            x.text("failure", c.summary() + (c.details().isEmpty() ? "" : "\n" + String.join("\n", c.details())),
                "message", c.summary(), "type", "expectation");
          } else if (i == 0 && r.error() != null) {
            x.text("error", r.error(), "message", firstLine(r.error()), "type", "scenario-error");
          }
          if (c.passed()) {
            x.text("system-out", c.summary());
          }
          x.close();
        }
        x.text("system-out", String.join("\n", r.timeline()));
        x.close();
      }
      x.close();
    });
  }

  // ---------------------------------------------------------------------------------------------- HTML

  /** The HTML report: one self-contained page, the template {@code scenario-report.html.hbs}. */
  public static String html(Path dir, List<ScenarioResult> results, long startMillis, long endMillis) {
    long passed = results.stream().filter(ScenarioResult::passed).count();
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("passed", passed);
    model.put("total", results.size());
    model.put("allPassed", passed == results.size());
    model.put("startedAt", Instant.ofEpochMilli(startMillis).toString());
    model.put("seconds", String.format(Locale.ROOT, "%.1f", (endMillis - startMillis) / 1000.0));
    model.put("version", CioFakeServer.version());
    List<Map<String, Object>> scenarios = new ArrayList<>();
    for (ScenarioResult r : results) {
      Map<String, Object> s = result(r.passed());
      s.put("id", r.id());
      s.put("why", r.error() != null ? firstLine(r.error())
          : String.join("; ", r.failures().stream().map(c -> c.expectation() + ": " + c.summary()).toList()));
      s.put("description", r.scenario().description());
      s.put("source", r.scenario().source());
      s.put("seconds", String.format(Locale.ROOT, "%.1f", r.durationMillis() / 1000.0));
      s.put("sut", (r.sut().command().isEmpty() ? "" : String.join(" ", r.sut().command()) + " at ")
          + r.sut().url());
      s.put("calls", r.workload().calls());
      s.put("outcomes", r.workload().outcomes().toString());
      s.put("error", r.error());
      List<Map<String, Object>> checks = new ArrayList<>();
      for (CheckResult c : r.checks()) {
        Map<String, Object> cm = result(c.passed());
        cm.put("expectation", c.expectation());
        cm.put("summary", c.summary());
        cm.put("details", String.join("\n", c.details()));
        checks.add(cm);
      }
      s.put("checks", checks);
      s.put("timeline", String.join("\n", r.timeline()));
      List<Map<String, Object>> files = new ArrayList<>();
      r.files().forEach((name, p) -> files.add(Map.of("name", name, "href", relative(dir, p))));
      s.put("files", files);
      scenarios.add(s);
    }
    model.put("scenarios", scenarios);
    return Markup.html(ScenarioReports.class, "scenario-report.html.hbs", model);
  }

  private static Map<String, Object> result(boolean passed) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("result", passed ? "pass" : "fail");
    m.put("label", passed ? "PASS" : "FAIL");
    return m;
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s);
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

  /** 4 or 2.5: a number of seconds as people write it. */
  public static String num(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  /** A scenario's final console line: its verdict, label and time, then its error or its failed expectations. */
  public static String finalLine(ScenarioResult r, String label) {
    StringBuilder sb = new StringBuilder();
    String verdict = r.passed() ? "PASS " : r.error() != null ? "ERROR" : "FAIL ";
    sb.append(String.format(Locale.ROOT, "  %s %s (%.1f s)", verdict, label, r.durationMillis() / 1000.0));
    if (r.error() != null) {
      sb.append("  ").append(r.error().replace("\n", "\n        "));
    } else if (r.passed()) {
      sb.append("  ").append(r.checks().size()).append('/').append(r.checks().size()).append(" expectations held");
    } else {
      for (CheckResult c : r.failures()) {
        sb.append("\n        ").append(c.expectation()).append(": ").append(c.summary());
      }
    }
    return sb.toString();
  }
}
