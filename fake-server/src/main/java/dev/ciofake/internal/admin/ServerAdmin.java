package dev.ciofake.internal.admin;

import static dev.ciofake.internal.admin.AdminSupport.intParam;
import static dev.ciofake.internal.admin.AdminSupport.json;
import static dev.ciofake.internal.admin.AdminSupport.ok;
import static dev.ciofake.internal.admin.AdminSupport.text;
import static dev.ciofake.internal.admin.AdminSupport.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.FakeClock;
import dev.ciofake.Pitfall;
import dev.ciofake.Severity;
import dev.ciofake.internal.chaos.ChaosEngine;
import dev.ciofake.internal.config.Configuration;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.journal.JournalEntry;
import dev.ciofake.internal.journal.RequestJournal;
import dev.ciofake.internal.report.HtmlReport;
import dev.ciofake.internal.report.JunitXmlReport;
import dev.ciofake.internal.report.PitfallJson;
import dev.ciofake.internal.report.ReportFormat;
import dev.ciofake.internal.report.Reports;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.state.WorkspaceRegistry;
import dev.ciofake.internal.state.WorkspaceStats;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.util.SystemClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The admin handlers about the fake as a whole: health, pitfalls across workspaces, the request journal, the report,
 * reset, chaos rules, the options it runs with, and its clock.
 */
final class ServerAdmin {
  private static final int DEFAULT_LIMIT = 100;

  private final WorkspaceRegistry registry;
  private final RequestJournal journal;
  private final Reports reports;
  private final ChaosEngine chaos;
  private final FakeClock clock;
  private final CioFakeOptions options;
  private final String version;
  private final long startedRealNanos = SystemClock.realNanos();

  ServerAdmin(WorkspaceRegistry registry, RequestJournal journal, Reports reports, ChaosEngine chaos, FakeClock clock,
      CioFakeOptions options, String version) {
    this.registry = registry;
    this.journal = journal;
    this.reports = reports;
    this.chaos = chaos;
    this.clock = clock;
    this.options = options;
    this.version = version;
  }

  ApiResponse health(Exchange ex) {
    ObjectNode n = Json.object();
    n.put("status", "ok");
    n.put("service", "cio-fake");
    n.put("version", version);
    n.put("uptime_ms", SystemClock.millisSince(startedRealNanos));
    n.put("workspaces", registry.all().size());
    n.put("journal_entries", journal.size());
    n.put("journal_dropped", journal.dropped());
    ObjectNode caps = n.putObject("limits");
    ObjectNode j = caps.putObject("journal");
    j.put("stored", journal.size());
    j.put("cap", journal.capacity());
    j.put("dropped", journal.dropped());
    ObjectNode ws = caps.putObject("workspaces");
    ws.put("stored", registry.all().size());
    ws.put("cap", WorkspaceRegistry.MAX_WORKSPACES);
    ObjectNode dropped = caps.putObject("dropped"); // summed over the workspaces
    ArrayNode capped = n.putArray("state_cap_reached"); // site ids of workspaces whose caps kept state out
    for (Workspace w : registry.all()) {
      WorkspaceStats s = WorkspaceStats.of(w);
      s.limits().forEach((name, v) -> dropped.put(name, dropped.path(name).asLong(0) + v[2]));
      if (s.stateCapReached()) {
        capped.add(w.siteId());
      }
    }
    ArrayNode covers = n.putArray("covers");
    covers.add("track-v1");
    covers.add("track-v2");
    covers.add("app");
    covers.add("pipelines");
    return ok(n);
  }

  ApiResponse pitfalls(Exchange ex) {
    Map<String, String> q = ex.request().query();
    String site = q.get("site_id");
    String id = q.get("id");
    String group = q.get("group");
    Severity severity = q.containsKey("severity") ? parseSeverity(q.get("severity")) : null;
    if (group != null && !group.equals("id")) {
      throw new StateRejection("group", "group must be id, got '" + group + "'");
    }
    List<Pitfall> all = new ArrayList<>();
    long dropped = 0;
    Map<String, Long> counts = new java.util.HashMap<>();
    if (site != null) {
      Workspace w = registry.get(site);
      if (w != null) {
        all.addAll(reports.pitfalls(w));
        dropped += w.pitfalls().dropped();
        counts.putAll(w.pitfalls().counts());
      }
      for (Pitfall p : registry.unattributedPitfalls().all()) {
        if (site.equals(p.siteId())) {
          all.add(p);
        }
      }
    } else {
      all.addAll(reports.allPitfalls());
      for (Workspace w : registry.all()) {
        dropped += w.pitfalls().dropped();
        w.pitfalls().counts().forEach((k, v) -> counts.merge(k, v, Long::sum));
      }
      dropped += registry.unattributedPitfalls().dropped();
      registry.unattributedPitfalls().counts().forEach((k, v) -> counts.merge(k, v, Long::sum));
    }
    all.sort((a, b) -> a.at().compareTo(b.at()));
    List<Pitfall> selected = new ArrayList<>();
    for (Pitfall p : all) {
      if ((id == null || id.equals(p.id())) && (severity == null || severity == p.severity())) {
        selected.add(p);
      }
    }
    ObjectNode n = Json.object();
    if (group != null) {
      ArrayNode groups = reports.grouped(selected, dropped > 0 ? counts : null);
      n.set("pitfalls", groups);
      n.put("count", groups.size());
    } else {
      ArrayNode arr = n.putArray("pitfalls");
      selected.forEach(p -> arr.add(PitfallJson.of(p)));
      n.put("count", arr.size());
    }
    n.put("dropped", dropped);
    return ok(n);
  }

  static Severity parseSeverity(String s) {
    try {
      return Severity.parse(s);
    } catch (IllegalArgumentException e) {
      throw new StateRejection("severity", "severity must be error or warning, got '" + s + "'");
    }
  }

  /**
   * {@code GET /__cio/requests}: the journal, newest last, filtered by {@code site_id}, {@code status}, {@code api}
   * (track, app, pipelines), {@code pitfall} (the requests that raised a pitfall id) and {@code person} (the requests
   * that named one of a person's identifiers: {@link PersonMatch}); each entry lists the pitfall ids it raised.
   */
  ApiResponse requests(Exchange ex) {
    Map<String, String> q = ex.request().query();
    int limit = intParam(q, "limit", DEFAULT_LIMIT);
    String site = q.get("site_id");
    String status = q.get("status");
    String api = q.get("api");
    String pitfall = q.get("pitfall");
    PersonMatch person = q.get("person") == null ? null : personMatch(site, q.get("person"));
    Map<String, List<String>> raised = new java.util.HashMap<>();
    for (Pitfall p : site == null ? reports.allPitfalls() : sitePitfalls(site)) {
      if (p.requestId() != null) {
        raised.computeIfAbsent(p.requestId(), k -> new ArrayList<>(2)).add(p.id());
      }
    }
    Predicate<JournalEntry> filter = e -> (site == null || site.equals(e.siteId()))
        && (status == null || status.equals(String.valueOf(e.status())))
        && (api == null || api.equals(e.api()))
        && (pitfall == null || raised.getOrDefault(e.id(), List.of()).contains(pitfall))
        && (person == null || person.touches(e));
    ObjectNode n = Json.object();
    ArrayNode arr = n.putArray("requests");
    journal.newest(limit, filter).forEach(e -> {
      ObjectNode j = e.toJson();
      ArrayNode ids = j.putArray("pitfalls");
      raised.getOrDefault(e.id(), List.of()).forEach(ids::add);
      arr.add(j);
    });
    n.put("count", arr.size());
    n.put("total", journal.total());
    n.put("dropped", journal.dropped());
    return ok(n);
  }

  private List<Pitfall> sitePitfalls(String site) {
    Workspace w = registry.get(site);
    return w == null ? List.of() : reports.pitfalls(w);
  }

  /** The identifiers of a person of the workspace ({@code site_id}, else the default one), or the value itself. */
  private PersonMatch personMatch(String site, String person) {
    Workspace w = site == null ? registry.defaultWorkspace() : registry.get(site);
    ObjectNode p = w == null ? null
        : w.people().read(dev.ciofake.internal.state.PersonRef.fromPath(person, true), AdminViews::person);
    return p == null ? PersonMatch.ofValue(person) : PersonMatch.of(p);
  }

  /** {@code GET /__cio/report}: JSON, JUnit XML or HTML, by {@code ?format=} or the Accept header. */
  /**
   * The served HTML report's headers: the page has no script and only inline styles, so the policy allows nothing
   * else, and no other site may frame it or sniff it into something else (as the web view's).
   */
  static final Map<String, String> HTML_REPORT_HEADERS = Map.copyOf(dev.ciofake.internal.http.Api.Headers.adminPage("default-src 'none'; "
      + "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"));

  ApiResponse report(Exchange ex) {
    String site = ex.request().query().get("site_id");
    if (site != null) {
      workspace(registry, site);
    }
    String format = ReportFormat.choose(ex.request().query().get("format"), ex.request().header("Accept"));
    ObjectNode report = reports.report(site);
    switch (format) {
      case "junit":
        return ApiResponse.text(200, JunitXmlReport.render(report), "application/xml; charset=utf-8", AdminApi.HEADERS);
      case "html":
        return ApiResponse.text(200, HtmlReport.render(report), "text/html; charset=utf-8", HTML_REPORT_HEADERS);
      default:
        return ok(report);
    }
  }

  ApiResponse reset(Exchange ex) {
    String site = ex.request().query().get("site_id");
    if (site == null) {
      registry.resetAll();
      journal.clear();
    } else {
      workspace(registry, site).reset();
      chaos.clearWorkspace(site); // a workspace's own chaos rules go with its reset; server-wide ones stay
    }
    ObjectNode n = Json.object();
    n.put("reset", site == null ? "all" : site);
    return ok(n);
  }

  ApiResponse chaosList(String siteId) {
    ObjectNode n = Json.object();
    n.set("rules", chaos.toJson(siteId));
    return ok(n);
  }

  /** {@code POST /__cio/chaos}: one rule, an array, or {@code {"seed": n, "rules": [...]}}. */
  ApiResponse addChaos(Exchange ex) {
    try {
      ObjectNode n = Json.object();
      ArrayNode added = n.putArray("added");
      chaos.add(ex.body(), clock.nanoTime()).forEach(r -> added.add(r.toJson()));
      n.set("rules", chaos.toJson());
      return json(201, n);
    } catch (IllegalArgumentException e) {
      throw new StateRejection("body", "bad chaos rule: " + e.getMessage());
    }
  }

  /**
   * {@code GET /__cio/options}: the options the fake runs with, as their {@code CIO_FAKE_*} variables (defaults
   * included, secrets masked): what a container was really given.
   */
  ApiResponse optionsJson() {
    ObjectNode n = Json.object();
    ObjectNode o = n.putObject("options");
    Configuration.describe(options).forEach(o::put);
    return ok(n);
  }

  ObjectNode clockJson() {
    ObjectNode n = Json.object();
    n.put("now", clock.instant().toString());
    n.put("now_ms", clock.millis());
    n.put("frozen", clock.isFrozen());
    n.put("advanced_ms", clock.advanced().toMillis());
    return n;
  }

  /**
   * {@code POST /__cio/clock/advance {"seconds": 90}} (or {@code "millis"}, or an ISO-8601 {@code "duration"} such as
   * {@code "PT2M"}): moves the fake's time forward; what falls due (webhook steps and retries) is sent.
   */
  ApiResponse advanceClock(Exchange ex) {
    JsonNode b = ex.body();
    java.time.Duration by;
    try {
      if (b.has("duration")) {
        by = java.time.Duration.parse(b.get("duration").asText());
      } else if (b.has("seconds") && b.get("seconds").isNumber()) {
        by = java.time.Duration.ofMillis(Math.round(b.get("seconds").asDouble() * 1000));
      } else if (b.has("millis") && b.get("millis").canConvertToLong()) {
        by = java.time.Duration.ofMillis(b.get("millis").asLong());
      } else {
        throw new StateRejection("body", "give how far to advance: {\"seconds\": 90}, {\"millis\": 1500} or "
            + "{\"duration\": \"PT2M\"}");
      }
      clock.advance(by);
    } catch (java.time.format.DateTimeParseException e) {
      throw new StateRejection("duration", "duration must be ISO-8601, for example PT2M or PT1.5S");
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new StateRejection("body", e.getMessage() == null ? "the duration is out of range" : e.getMessage());
    }
    return ok(clockJson());
  }
}
