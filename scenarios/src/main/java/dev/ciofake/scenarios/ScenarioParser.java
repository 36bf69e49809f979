package dev.ciofake.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.RateLimit;
import dev.ciofake.internal.chaos.ChaosRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads scenario files: YAML (Jackson's YAML module) into a tree that keeps line and column, validated against the
 * published JSON Schema (networknt, draft 2020-12), then checked for what a schema cannot say (a chaos window that
 * ends before it starts, an event after the end of the timeline, a chaos effect the fake would refuse) and mapped onto
 * {@link Scenario}. Every problem is reported with its line and column; nothing here throws anything but
 * {@link ScenarioFileException}.
 *
 * <p>Why one class of about 600 lines: it maps each section of the file format onto {@link Scenario} in the file's
 * order, beside the located-error handling every section shares; the grammar itself is the JSON Schema, and the
 * located YAML tree is {@code LocatedYaml}.
 */
public final class ScenarioParser {
  /** Classpath location of the published schema (a copy of {@code scenarios/schema/scenario.schema.json}). */
  public static final String SCHEMA_RESOURCE = "dev/ciofake/scenarios/schema/scenario.schema.json";
  /** Classpath folder of the shipped suites (a copy of {@code scenarios/suites/}). */
  public static final String SUITES_RESOURCE = "dev/ciofake/scenarios/suites/";
  /** The shipped suites, in the order they run best. */
  public static final List<String> SHIPPED = List.of("rate-limit-burst", "outage-and-recovery", "slow-api",
      "bounce-handling", "complaint-handling", "bad-credentials-and-timestamps", "everything", "pipelines-flush");

  private static final int MAX_PROBLEMS = 10;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Object LOCK = new Object();
  private static JsonNode schemaJson;
  private static Schema schema;

  private ScenarioParser() {}

  /** The schema text, as published. */
  public static String schemaText() {
    try (InputStream in = ScenarioParser.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the scenario schema " + SCHEMA_RESOURCE + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Schema schema() {
    synchronized (LOCK) {
      if (schema == null) {
        String text = schemaText();
        try {
          schemaJson = MAPPER.readTree(text);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
      }
      return schema;
    }
  }

  /**
   * Reads a scenario file; a name of a shipped suite ({@code rate-limit-burst}) that is not a file loads the shipped
   * copy.
   */
  public static Scenario load(String fileOrSuite) throws ScenarioFileException {
    Path path = Path.of(fileOrSuite);
    if (!Files.exists(path)) {
      String suite = fileOrSuite.replaceFirst("\\.ya?ml$", "");
      if (SHIPPED.contains(suite)) {
        return parse("shipped:" + suite, shipped(suite), null);
      }
      String suggestion = suite.contains("/") || suite.contains(java.io.File.separator) ? null
          : closest(suite, new LinkedHashSet<>(SHIPPED));
      throw new ScenarioFileException(fileOrSuite, 0, 0, "no such file or shipped suite"
          + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)") + "; shipped suites: "
          + String.join(", ", SHIPPED));
    }
    try {
      return parse(fileOrSuite, Files.readString(path, StandardCharsets.UTF_8), path.toAbsolutePath().getParent());
    } catch (NoSuchFileException e) {
      throw new ScenarioFileException(fileOrSuite, 0, 0, "no such file");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new ScenarioFileException(fileOrSuite, 0, 0, "not UTF-8 text");
    } catch (IOException e) {
      throw new ScenarioFileException(fileOrSuite, 0, 0, "cannot read: " + e.getMessage());
    }
  }

  /** The text of a shipped suite. */
  public static String shipped(String suite) {
    try (InputStream in = ScenarioParser.class.getClassLoader().getResourceAsStream(SUITES_RESOURCE + suite
        + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("shipped suite " + suite + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses scenario text.
   *
   * @param file the name used in messages
   * @param baseDir folder that relative paths in the file ({@code sut.cwd}) resolve against, or null
   */
  public static Scenario parse(String file, String text, Path baseDir) throws ScenarioFileException {
    LocatedYaml doc = LocatedYaml.parse(file, text);
    if (!doc.root().isObject()) {
      throw new ScenarioFileException(file, 1, 1, "a scenario is a mapping (name:, duration_seconds:, expect: ...), "
          + "not " + kind(doc.root()));
    }
    List<ScenarioFileException.Problem> problems = validate(doc);
    if (!problems.isEmpty()) {
      throw new ScenarioFileException(file, problems);
    }
    return new Mapper(file, doc, baseDir).scenario();
  }

  // ------------------------------------------------------------------ schema errors, with positions

  private static List<ScenarioFileException.Problem> validate(LocatedYaml doc) {
    List<Error> errors = schema().validate(doc.root());
    Map<String, ScenarioFileException.Problem> unique = new LinkedHashMap<>();
    Map<String, String> requiredKeys = new LinkedHashMap<>();
    Set<String> misspelt = new LinkedHashSet<>();
    for (Error e : errors) {
      String pointer = pointer(e.getInstanceLocation());
      String keyword = e.getKeyword() == null ? "" : e.getKeyword();
      LocatedYaml.Position at;
      String message;
      switch (keyword) {
        case "additionalProperties": {
          String child = pointer + "/" + LocatedYaml.escape(e.getProperty());
          at = doc.keyAt(child);
          Set<String> allowed = allowedProperties(e);
          String suggestion = closest(e.getProperty(), allowed);
          if (suggestion != null) {
            misspelt.add(pointer + "/" + LocatedYaml.escape(suggestion));
          }
          message = where(pointer) + "unknown key '" + e.getProperty() + "'"
              + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
              + (allowed.isEmpty() ? "" : "; allowed here: " + String.join(", ", allowed));
          break;
        }
        case "required":
          at = pointer.isEmpty() ? new LocatedYaml.Position(1, 1) : doc.keyAt(pointer);
          message = where(pointer) + "'" + e.getProperty() + "' is required";
          requiredKeys.put(pointer + "/" + LocatedYaml.escape(e.getProperty()), at.line() + ":" + at.column() + ":"
              + message);
          break;
        default:
          at = doc.valueAt(pointer);
          message = display(pointer) + " " + describe(keyword, e);
      }
      ScenarioFileException.Problem p = new ScenarioFileException.Problem(at.line(), at.column(), message);
      unique.putIfAbsent(p.line() + ":" + p.column() + ":" + message, p);
    }
    // "'effect' is required" says nothing new next to "unknown key 'efect' (did you mean 'effect'?)"
    misspelt.forEach(child -> {
      String key = requiredKeys.get(child);
      if (key != null) {
        unique.remove(key);
      }
    });
    List<ScenarioFileException.Problem> out = new ArrayList<>(unique.values());
    out.sort(Comparator.comparingInt(ScenarioFileException.Problem::line)
        .thenComparingInt(ScenarioFileException.Problem::column));
    return out.size() > MAX_PROBLEMS ? out.subList(0, MAX_PROBLEMS) : out;
  }

  private static String describe(String keyword, Error e) {
    JsonNode s = e.getSchemaNode();
    JsonNode v = e.getInstanceNode();
    switch (keyword) {
      case "type":
        return "must be " + typeWords(s) + ", got " + kind(v);
      case "enum":
        List<String> options = new ArrayList<>();
        if (s != null) {
          s.forEach(o -> options.add(o.asText()));
        }
        String suggestion = v != null && v.isTextual() ? closest(v.asText(), new LinkedHashSet<>(options)) : null;
        return "must be one of " + String.join(", ", options) + ", got " + show(v)
            + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)");
      case "pattern":
        return "does not have the expected form (" + (s == null ? "" : s.asText()) + "), got " + show(v);
      case "minimum":
        return "must be at least " + s + ", got " + show(v);
      case "exclusiveMinimum":
        return "must be greater than " + s + ", got " + show(v);
      case "maximum":
        return "must be at most " + s + ", got " + show(v);
      case "minItems":
        return "needs at least " + s + " item(s)";
      case "minLength":
        return "must not be empty";
      case "uniqueItems":
        return "lists an item twice";
      case "minProperties":
        return "needs at least one entry";
      case "propertyNames":
        return "has a key that is not allowed: " + e.getMessage();
      default:
        return e.getMessage() == null ? "is invalid" : e.getMessage();
    }
  }

  private static Set<String> allowedProperties(Error e) {
    Set<String> out = new TreeSet<>();
    if (e.getSchemaLocation() == null) {
      return out;
    }
    String loc = e.getSchemaLocation().toString();
    int hash = loc.indexOf('#');
    String fragment = hash < 0 ? "" : loc.substring(hash + 1);
    if (fragment.endsWith("/additionalProperties")) {
      fragment = fragment.substring(0, fragment.length() - "/additionalProperties".length());
    }
    JsonNode node = schemaJson.at(fragment.isEmpty() ? "" : fragment);
    node.path("properties").fieldNames().forEachRemaining(n -> {
      if (!n.equals("$schema")) {
        out.add(n);
      }
    });
    return out;
  }

  /** The closest allowed word by edit distance, when it is close enough to be a typo. */
  static String closest(String word, Set<String> options) {
    if (word == null) {
      return null;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String o : options) {
      int d = distance(word.toLowerCase(Locale.ROOT), o.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = o;
      }
    }
    return best != null && bestDistance > 0 && bestDistance <= Math.max(2, word.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String pointer(NodePath path) {
    if (path == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object el = path.getElement(i);
      sb.append('/').append(el instanceof Integer ? el.toString() : LocatedYaml.escape(String.valueOf(el)));
    }
    return sb.toString();
  }

  /** {@code /timeline/2/chaos} as {@code timeline[2].chaos}. */
  static String display(String pointer) {
    if (pointer.isEmpty()) {
      return "the scenario";
    }
    StringBuilder sb = new StringBuilder();
    for (String part : pointer.substring(1).split("/", -1)) {
      String p = part.replace("~1", "/").replace("~0", "~");
      if (p.matches("\\d+")) {
        sb.append('[').append(p).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(p);
      }
    }
    return sb.toString();
  }

  private static String where(String pointer) {
    return pointer.isEmpty() ? "" : display(pointer) + ": ";
  }

  private static String typeWords(JsonNode schemaType) {
    if (schemaType == null) {
      return "of another type";
    }
    if (schemaType.isArray()) {
      List<String> words = new ArrayList<>();
      schemaType.forEach(t -> words.add(article(t.asText())));
      return String.join(" or ", words);
    }
    return article(schemaType.asText());
  }

  private static String article(String type) {
    switch (type) {
      case "object":
        return "a mapping";
      case "array":
        return "a list";
      case "integer":
        return "a whole number";
      case "number":
        return "a number";
      case "string":
        return "a string";
      case "boolean":
        return "true or false";
      default:
        return type;
    }
  }

  static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    switch (n.getNodeType()) {
      case OBJECT:
        return "a mapping";
      case ARRAY:
        return "a list";
      case STRING:
        return "the string " + show(n);
      case NUMBER:
        return (n.isIntegralNumber() ? "the whole number " : "the number ") + n;
      case BOOLEAN:
        return n.asText();
      case NULL:
        return "nothing (null)";
      default:
        return n.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }

  private static String show(JsonNode n) {
    if (n == null) {
      return "nothing";
    }
    String s = n.isTextual() ? "'" + n.asText() + "'" : n.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  // ------------------------------------------------------------------ mapping onto the records

  /** Maps a schema-valid tree onto {@link Scenario}, checking what the schema cannot. */
  private static final class Mapper {
    private final String file;
    private final LocatedYaml doc;
    private final Path baseDir;
    private final List<ScenarioFileException.Problem> problems = new ArrayList<>();

    Mapper(String file, LocatedYaml doc, Path baseDir) {
      this.file = file;
      this.doc = doc;
      this.baseDir = baseDir;
    }

    private void problem(String pointer, boolean atKey, String message) {
      LocatedYaml.Position at = atKey ? doc.keyAt(pointer) : doc.valueAt(pointer);
      problems.add(new ScenarioFileException.Problem(at.line(), at.column(), message));
    }

    Scenario scenario() throws ScenarioFileException {
      JsonNode r = doc.root();
      double duration = r.get("duration_seconds").asDouble();
      Scenario.Workspace workspace = workspace(r.path("workspace"));
      Scenario.Sut sut = sut(r.path("sut"));
      List<Scenario.TimelineItem> timeline = new ArrayList<>();
      JsonNode tl = r.path("timeline");
      for (int i = 0; i < tl.size(); i++) {
        Scenario.TimelineItem item = timelineItem(tl.get(i), "/timeline/" + i, duration);
        if (item != null) {
          timeline.add(item);
        }
      }
      List<Scenario.Workload> workload = new ArrayList<>();
      JsonNode wl = r.path("workload");
      for (int i = 0; i < wl.size(); i++) {
        JsonNode w = wl.get(i);
        String p = "/workload/" + i;
        double at = w.path("at").asDouble(0);
        double last = at + (w.path("count").asInt(1) - 1) * w.path("every_ms").asLong(0) / 1000.0;
        if (at > duration) {
          problem(p + "/at", false, display(p) + ".at: " + num(at) + " s is after the end of the timeline ("
              + "duration_seconds " + num(duration) + ")");
        } else if (last > duration) {
          problem(p + "/count", false, display(p) + ": its last call comes at " + num(last) + " s, after the end "
              + "of the timeline (duration_seconds " + num(duration) + "); lower count or every_ms");
        }
        workload.add(new Scenario.Workload(w.path("name").asText("workload[" + i + "]"), at, w.path("count").asInt(1),
            w.path("every_ms").asLong(0), call(w.get("request"))));
      }
      Scenario.Expectations expect = expectations(r.get("expect"), duration);
      if (workspace.webhook() != null && workspace.webhook().path() != null && workspace.webhook().url() != null) {
        problem("/workspace/webhook", false, "workspace.webhook: give path (on the SUT's URL) or url, not both");
      }
      if (!problems.isEmpty()) {
        problems.sort(Comparator.comparingInt(ScenarioFileException.Problem::line)
            .thenComparingInt(ScenarioFileException.Problem::column));
        throw new ScenarioFileException(file, problems);
      }
      return new Scenario(r.get("name").asText(), r.path("description").asText("").trim(), file,
          r.path("seed").asLong(0), duration, r.path("settle_seconds").asDouble(5), workspace, sut, timeline,
          workload, expect);
    }

    private Scenario.Workspace workspace(JsonNode w) {
      List<Scenario.Person> people = new ArrayList<>();
      for (JsonNode p : w.path("people")) {
        people.add(new Scenario.Person(p.get("id").asText(), p.hasNonNull("email") ? p.get("email").asText() : null,
            p.has("attributes") ? (ObjectNode) p.get("attributes") : MAPPER.createObjectNode()));
      }
      JsonNode hook = w.get("webhook");
      Scenario.Webhook webhook = hook == null ? null : new Scenario.Webhook(text(hook, "path"), text(hook, "url"),
          hook.hasNonNull("secret") ? hook.get("secret").asText() : CioFakeOptions.DEFAULT_WEBHOOK_SECRET);
      JsonNode s = w.path("settings");
      Map<String, String> limits = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : s.path("rate_limits").properties()) {
        try {
          RateLimit.parse(e.getValue().asText());
          limits.put(e.getKey(), e.getValue().asText());
        } catch (IllegalArgumentException ex) {
          problem("/workspace/settings/rate_limits/" + e.getKey(), false, "workspace.settings.rate_limits."
              + e.getKey() + ": " + ex.getMessage());
        }
      }
      Scenario.Settings settings = new Scenario.Settings(limits, s.path("rate_limits_enabled").asBoolean(true),
          s.path("lenient_timestamps").asBoolean(false), s.path("delivery_problem_grace_seconds").asDouble(60),
          s.path("webhook_retry_scale").asDouble(0.001));
      return new Scenario.Workspace(w.path("site_id").asText("cio-fake-site"),
          w.path("track_api_key").asText("cio-fake-track-key"), w.path("app_api_key").asText("cio-fake-app-key"),
          w.hasNonNull("pipelines_api_key") ? w.get("pipelines_api_key").asText()
              : dev.ciofake.WorkspaceCredentials.defaultPipelinesKey(w.path("site_id").asText("cio-fake-site")),
          people, webhook, settings, workspaceFile(w));
    }

    /** {@code workspace.file}, resolved against the scenario's folder and checked as the fake will read it. */
    private String workspaceFile(JsonNode w) {
      String file = text(w, "file");
      if (file == null) {
        return null;
      }
      Path path = baseDir != null ? baseDir.resolve(file).normalize() : Path.of(file);
      try {
        dev.ciofake.CioFakeOptions.builder().workspaceFile(path);
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        problem("/workspace/file", false, "workspace.file " + file + ": " + e.getMessage());
        return null;
      }
      return path.toAbsolutePath().toString();
    }

    private Scenario.Sut sut(JsonNode s) {
      List<String> command = new ArrayList<>();
      s.path("command").forEach(c -> command.add(c.asText()));
      Map<String, String> env = new LinkedHashMap<>();
      s.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
      String cwd = text(s, "cwd");
      if (cwd != null && baseDir != null) {
        cwd = baseDir.resolve(cwd).normalize().toString();
      }
      return new Scenario.Sut(command, cwd, text(s, "url"), env, s.path("ready_path").asText("/health"),
          s.path("start_timeout_seconds").asDouble(30), s.path("stop_after_timeline").asBoolean(false));
    }

    private Scenario.TimelineItem timelineItem(JsonNode t, String p, double duration) {
      boolean chaos = t.has("chaos");
      boolean deliver = t.has("deliver");
      String name = display(p);
      if (chaos == deliver) {
        problem(p, false, name + ": give either chaos (with from and to) or deliver (with at)"
            + (chaos ? ", not both" : ""));
        return null;
      }
      if (chaos) {
        if (t.has("at")) {
          problem(p + "/at", true, name + ": a chaos window takes from and to, not at");
          return null;
        }
        if (!t.has("from")) {
          problem(p, false, name + ": a chaos window needs from (the second it opens)");
          return null;
        }
        double from = t.get("from").asDouble();
        Double to = t.has("to") ? t.get("to").asDouble() : null;
        if (to != null && to <= from) {
          problem(p + "/to", false, name + ": to (" + num(to) + " s) must be after from (" + num(from) + " s)");
        }
        if (from >= duration) {
          problem(p + "/from", false, name + ": from (" + num(from) + " s) is not before the end of the timeline "
              + "(duration_seconds " + num(duration) + ")");
        }
        ObjectNode match = t.get("chaos").has("match") ? (ObjectNode) t.get("chaos").get("match").deepCopy()
            : MAPPER.createObjectNode();
        ObjectNode effect = (ObjectNode) t.get("chaos").get("effect").deepCopy();
        Scenario.ChaosWindow window = new Scenario.ChaosWindow(from, to, match, effect);
        if (to == null || to > from) {
          try {
            ChaosRule.parse("check", window.toRule(0), 0, 0);
          } catch (IllegalArgumentException e) {
            problem(p + "/chaos/effect", false, name + ".chaos: the fake refuses this rule: " + e.getMessage());
          }
        }
        return window;
      }
      if (t.has("from") || t.has("to")) {
        problem(p + (t.has("from") ? "/from" : "/to"), true, name + ": a delivery event takes at, not from/to");
        return null;
      }
      if (!t.has("at")) {
        problem(p, false, name + ": a delivery event needs at (the second it is emitted)");
        return null;
      }
      double at = t.get("at").asDouble();
      if (at > duration) {
        problem(p + "/at", false, name + ": at " + num(at) + " s is after the end of the timeline (duration_seconds "
            + num(duration) + ")");
      }
      JsonNode d = t.get("deliver");
      if (d.has("person") == d.has("delivery_id")) {
        problem(p + "/deliver", false, name + ".deliver: give person (id, email or cio_ id) or delivery_id"
            + (d.has("person") ? ", not both" : ""));
      }
      return new Scenario.Delivery(at, d.get("metric").asText(), text(d, "person"), text(d, "delivery_id"),
          text(d, "object_type"), text(d, "failure_message"));
    }

    private Scenario.Call call(JsonNode c) {
      Map<String, String> headers = new LinkedHashMap<>();
      c.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
      JsonNode body = c.get("body");
      String method = c.hasNonNull("method") ? c.get("method").asText() : body == null ? "GET" : "POST";
      return new Scenario.Call(method, c.get("path").asText(), body, headers, c.path("timeout_ms").asLong(10_000));
    }

    private Scenario.Expectations expectations(JsonNode e, double duration) {
      Scenario.Pitfalls pitfalls = null;
      if (e.has("pitfalls")) {
        List<String> allowed = new ArrayList<>();
        e.get("pitfalls").path("allowed").forEach(a -> allowed.add(a.asText()));
        pitfalls = new Scenario.Pitfalls(allowed);
      }
      Scenario.NoDataLost noDataLost = null;
      if (e.has("no_data_lost")) {
        List<String> apis = new ArrayList<>();
        e.get("no_data_lost").path("apis").forEach(a -> apis.add(a.asText()));
        JsonNode calls = e.get("no_data_lost").get("pipelines_calls");
        noDataLost = new Scenario.NoDataLost(apis.isEmpty() ? List.of("track") : apis,
            calls == null || !calls.canConvertToLong() ? null : calls.asLong());
      }
      Scenario.FailuresRetried retried = null;
      if (e.has("failures_retried")) {
        JsonNode f = e.get("failures_retried");
        retried = new Scenario.FailuresRetried(f.path("include_rate_limited").asBoolean(true),
            f.path("min_failures").asInt(1));
      }
      Scenario.Suppressed suppressed = null;
      if (e.has("suppressed")) {
        JsonNode s = e.get("suppressed");
        List<String> metrics = new ArrayList<>();
        s.path("metrics").forEach(m -> metrics.add(m.asText()));
        suppressed = new Scenario.Suppressed(s.get("within_seconds").asDouble(),
            metrics.isEmpty() ? List.of("bounced", "spammed") : metrics, s.path("min_reports").asInt(1));
      }
      Scenario.Latency latency = null;
      if (e.has("latency")) {
        JsonNode l = e.get("latency");
        double from = l.path("from").asDouble(0);
        double to = l.has("to") ? l.get("to").asDouble() : duration;
        if (to <= from) {
          problem("/expect/latency/to", false, "expect.latency: to (" + num(to) + " s) must be after from ("
              + num(from) + " s)");
        }
        if (to > duration) {
          problem("/expect/latency/to", false, "expect.latency.to: " + num(to) + " s is after the end of the "
              + "timeline (duration_seconds " + num(duration) + ")");
        }
        latency = new Scenario.Latency(l.get("max_ms").asLong(), l.path("percentile").asDouble(100),
            call(l.get("probe")), l.path("every_ms").asLong(250), from, to);
      }
      return new Scenario.Expectations(pitfalls, noDataLost, retried, suppressed, latency);
    }

    private static String text(JsonNode n, String field) {
      JsonNode v = n.get(field);
      return v == null || v.isNull() ? null : v.asText();
    }
  }

  static String num(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
