package dev.ciofake.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit's three outputs: text for people, JSON ({@code issues}, {@code warnings}, {@code score}), SARIF 2.1.0. */
public final class AuditReports {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Where SARIF consumers find the rules' documentation, relative to the repository of cio-fake. */
  static final String DOCS = "docs/audit.md";

  private AuditReports() {}

  /** Text, grouped by file, each finding with its fix. */
  public static String text(AuditResult r, String version) {
    StringBuilder sb = new StringBuilder();
    sb.append("cio-fake audit ").append(version).append(": ").append(r.files()).append(" files in ")
        .append(String.format(java.util.Locale.ROOT, "%.1f s", r.millis() / 1000.0));
    if (r.eslint() != null) {
      sb.append(" (JS/TS: ").append(r.eslint()).append(')');
    }
    sb.append("\n");
    String file = null;
    for (Finding f : r.findings()) {
      if (!f.file().equals(file)) {
        file = f.file();
        sb.append('\n').append(file).append('\n');
      }
      sb.append(String.format(java.util.Locale.ROOT, "  %d:%d  %-7s  %s%n", f.line(), f.column(),
          f.severity().jsonName(), f.id()));
      sb.append("      ").append(f.message()).append('\n');
      sb.append("      fix: ").append(f.type().fix()).append('\n');
    }
    if (!r.notes().isEmpty()) {
      sb.append("\nNot checked:\n");
      for (String n : r.notes()) {
        sb.append("  - ").append(n).append('\n');
      }
    }
    long errors = r.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
    long warnings = r.findings().size() - errors;
    sb.append('\n').append(errors).append(errors == 1 ? " error, " : " errors, ").append(warnings)
        .append(warnings == 1 ? " warning" : " warnings");
    if (r.suppressed() > 0 || r.baselined() > 0) {
      sb.append(" (").append(r.suppressed()).append(" suppressed, ").append(r.baselined()).append(" in the baseline)");
    }
    sb.append("; score ").append(r.score()).append("/100 (").append(AuditScore.RULE).append(")\n");
    return sb.toString();
  }

  /** JSON: {@code score}, {@code issues} (errors), {@code warnings}, and the rest. */
  public static String json(AuditResult r, String version) {
    ObjectNode root = JSON.createObjectNode();
    root.put("tool", "cio-fake audit");
    root.put("version", version);
    root.put("score", r.score());
    root.put("score_rule", AuditScore.RULE);
    ArrayNode issues = root.putArray("issues");
    ArrayNode warnings = root.putArray("warnings");
    for (Finding f : r.findings()) {
      ObjectNode o = (f.severity() == Severity.ERROR ? issues : warnings).addObject();
      o.put("id", f.id());
      o.put("severity", f.severity().jsonName());
      o.put("file", f.file());
      o.put("line", f.line());
      o.put("column", f.column());
      o.put("message", f.message());
      o.put("fix", f.type().fix());
      o.put("docs", f.type().docsAnchor());
      o.put("caught_at_run_time", f.type().runtime());
      o.put("analyzer", f.analyzer());
      o.put("fingerprint", r.fingerprints().get(f));
    }
    root.put("suppressed", r.suppressed());
    root.put("baselined", r.baselined());
    root.put("files", r.files());
    root.put("duration_ms", r.millis());
    ArrayNode skipped = root.putArray("skipped");
    r.notes().forEach(skipped::add);
    if (r.eslint() != null) {
      root.put("eslint", r.eslint());
    }
    return JSON.valueToTree(root).toPrettyString() + "\n";
  }

  /** SARIF 2.1.0 for code-scanning upload: one run, every catalog rule, one result per finding. */
  public static String sarif(AuditResult r, String version, Path cwd) {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "cio-fake audit");
    driver.put("version", version);
    driver.put("semanticVersion", version.replace("-SNAPSHOT", ""));
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> index = new LinkedHashMap<>();
    for (FindingType t : AuditCatalog.all()) {
      index.put(t.id(), index.size());
      ObjectNode rule = rules.addObject();
      rule.put("id", t.id());
      rule.put("name", camel(t.id()));
      rule.putObject("shortDescription").put("text", t.title());
      rule.putObject("fullDescription").put("text", t.title() + ". " + t.fix());
      rule.putObject("help").put("text", t.fix()).put("markdown", "**Fix:** " + t.fix() + "\n\nSee `" + DOCS + "#"
          + t.id() + "` in cio-fake.");
      rule.putObject("defaultConfiguration").put("level", level(t.severity()));
      ObjectNode props = rule.putObject("properties");
      ArrayNode tags = props.putArray("tags");
      tags.add("customer.io");
      if (t == AuditCatalog.HARDCODED_CREDENTIALS) {
        tags.add("security");
        props.put("security-severity", "8.0");
      }
      props.put("caught-at-run-time", t.runtime());
    }
    run.putObject("originalUriBaseIds").putObject("%SRCROOT%").put("uri", cwd.toUri().toString());
    ArrayNode results = run.putArray("results");
    for (Finding f : r.findings()) {
      ObjectNode res = results.addObject();
      res.put("ruleId", f.id());
      res.put("ruleIndex", index.get(f.id()));
      res.put("level", level(f.severity()));
      res.putObject("message").put("text", f.message() + " Fix: " + f.type().fix());
      ObjectNode loc = res.putArray("locations").addObject().putObject("physicalLocation");
      ObjectNode art = loc.putObject("artifactLocation");
      Path p = Path.of(f.file());
      if (p.isAbsolute()) {
        art.put("uri", p.toUri().toString());
      } else {
        art.put("uri", f.file()).put("uriBaseId", "%SRCROOT%");
      }
      loc.putObject("region").put("startLine", f.line()).put("startColumn", Math.max(1, f.column()));
      res.putObject("partialFingerprints").put("cioFakeAudit/v1", r.fingerprints().get(f));
    }
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", true);
    List<String> notes = new ArrayList<>(r.notes());
    if (!notes.isEmpty()) {
      ArrayNode n = invocation.putArray("toolExecutionNotifications");
      for (String s : notes) {
        n.addObject().put("level", "note").putObject("message").put("text", s);
      }
    }
    return root.toPrettyString() + "\n";
  }

  private static String level(Severity s) {
    return s == Severity.ERROR ? "error" : "warning";
  }

  private static String camel(String id) {
    StringBuilder sb = new StringBuilder();
    for (String part : id.split("-")) {
      sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return sb.toString();
  }
}
