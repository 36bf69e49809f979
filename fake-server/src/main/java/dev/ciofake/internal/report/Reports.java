package dev.ciofake.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.Pitfall;
import dev.ciofake.FakeClock;
import dev.ciofake.Severity;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.pitfall.PitfallDefinition;
import dev.ciofake.internal.pitfall.PitfallEngine;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.state.WorkspaceStats;
import dev.ciofake.internal.state.WorkspaceRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads pitfalls (stored plus judged over the run) and builds the integration report: per workspace a score from
 * 100 down, the pitfalls grouped by id, and totals. Rendered as JSON, JUnit XML or HTML by the renderers in this
 * package.
 */
public final class Reports {
  /** Points a fired error pitfall id costs. */
  public static final int ERROR_COST = 15;
  /** Points a fired warning pitfall id costs. */
  public static final int WARNING_COST = 5;

  private final WorkspaceRegistry registry;
  private final PitfallEngine engine;
  private final String version;
  private final FakeClock clock;

  public Reports(WorkspaceRegistry registry, PitfallEngine engine, String version, FakeClock clock) {
    this.registry = registry;
    this.engine = engine;
    this.version = version;
    this.clock = clock;
  }

  public PitfallEngine engine() {
    return engine;
  }

  /** Every pitfall of one workspace: the stored occurrences, then those judged now. */
  public List<Pitfall> pitfalls(Workspace w) {
    List<Pitfall> out = new ArrayList<>(w.pitfalls().all());
    out.addAll(engine.judge(w, clock.instant()));
    return out;
  }

  /** Every pitfall of every workspace, plus the unattributed ones, oldest first. */
  public List<Pitfall> allPitfalls() {
    List<Pitfall> out = new ArrayList<>();
    registry.all().forEach(w -> out.addAll(pitfalls(w)));
    out.addAll(registry.unattributedPitfalls().all());
    out.sort((a, b) -> a.at().compareTo(b.at()));
    return out;
  }

  /**
   * Groups occurrences by pitfall id, keeping catalog order: one entry per id with its count (exact, including
   * occurrences the cap dropped when {@code counts} is given) and the first occurrence.
   */
  public ArrayNode grouped(List<Pitfall> pitfalls, Map<String, Long> counts) {
    Map<String, List<Pitfall>> byId = new LinkedHashMap<>();
    for (PitfallDefinition d : engine.catalog()) {
      byId.put(d.id(), new ArrayList<>());
    }
    for (Pitfall p : pitfalls) {
      byId.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(p);
    }
    ArrayNode out = Json.array();
    byId.forEach((id, list) -> {
      if (list.isEmpty()) {
        return;
      }
      Pitfall first = list.get(0);
      ObjectNode g = out.addObject();
      g.put("id", id);
      g.put("severity", worst(list).jsonName());
      g.put("count", Math.max(list.size(), counts == null ? 0 : counts.getOrDefault(id, 0L)));
      g.put("message", first.message());
      g.put("fix", first.fix());
      g.put("docs", "docs/pitfalls.md#" + id);
      g.set("first", PitfallJson.of(first));
    });
    return out;
  }

  private static Severity worst(List<Pitfall> list) {
    for (Pitfall p : list) {
      if (p.severity() == Severity.ERROR) {
        return Severity.ERROR;
      }
    }
    return Severity.WARNING;
  }

  /** The report of the given workspaces (all with activity when {@code siteId} is null). */
  public ObjectNode report(String siteId) {
    ObjectNode root = Json.object();
    root.put("generated_at", clock.instant().toString());
    root.put("service", "cio-fake");
    root.put("version", version);
    ArrayNode catalog = root.putArray("catalog");
    engine.catalog().forEach(d -> {
      ObjectNode c = catalog.addObject();
      c.put("id", d.id());
      c.put("severity", d.severity().jsonName());
      c.put("title", d.title());
      c.put("fix", d.fix());
    });
    ArrayNode workspaces = root.putArray("workspaces");
    int minScore = 100;
    for (Workspace w : registry.all()) {
      if (siteId != null ? !siteId.equals(w.siteId()) : !hasActivity(w)) {
        continue;
      }
      ObjectNode wr = workspaceReport(w);
      minScore = Math.min(minScore, wr.get("score").asInt());
      workspaces.add(wr);
    }
    List<Pitfall> unattributed = registry.unattributedPitfalls().all();
    if (siteId == null && !unattributed.isEmpty()) {
      ObjectNode u = workspaces.addObject();
      u.putNull("site_id");
      u.put("note", "requests whose credentials named no known workspace");
      int score = score(unattributed);
      u.put("score", score);
      minScore = Math.min(minScore, score);
      u.set("pitfalls", grouped(unattributed, registry.unattributedPitfalls().counts()));
      u.set("passed", passed(unattributed));
      ObjectNode t = u.putObject("totals");
      t.put("pitfalls", registry.unattributedPitfalls().total());
    }
    root.put("score", minScore);
    return root;
  }

  private static boolean hasActivity(Workspace w) {
    WorkspaceStats s = WorkspaceStats.of(w);
    return s.requests() > 0 || s.pitfalls() > 0 || s.people() > 0;
  }

  private ObjectNode workspaceReport(Workspace w) {
    List<Pitfall> ps = pitfalls(w);
    ObjectNode wr = Json.object();
    wr.put("site_id", w.siteId());
    wr.put("score", score(ps));
    wr.set("pitfalls", grouped(ps, w.pitfalls().counts()));
    wr.set("passed", passed(ps));
    WorkspaceStats s = WorkspaceStats.of(w);
    ObjectNode t = wr.putObject("totals");
    t.put("requests", s.requests());
    t.put("rejected_requests", s.rejectedRequests());
    t.put("people", s.people());
    t.put("events", s.eventsTotal());
    t.put("deliveries", s.deliveries());
    t.put("pitfalls", s.pitfalls() + (ps.size() - w.pitfalls().all().size()));
    wr.set("limits", limits(s));
    wr.set("diagnostics", diagnostics(s));
    return wr;
  }

  /** Each capped structure: what it holds, its cap and what it dropped ({@code null} where not applicable). */
  public static ObjectNode limits(WorkspaceStats s) {
    ObjectNode n = Json.object();
    s.limits().forEach((name, v) -> {
      ObjectNode row = n.putObject(name);
      putOrNull(row, "stored", v[0]);
      putOrNull(row, "cap", v[1]);
      row.put("dropped", v[2]);
    });
    return n;
  }

  private static void putOrNull(ObjectNode n, String field, long v) {
    if (v < 0) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }

  /**
   * The fake's notes about itself, not the integration's mistakes (they cost no score): {@code state-cap-reached}
   * when a cap kept people, objects or a person's items out, so that later answers and pitfalls could not see them.
   */
  public static ArrayNode diagnostics(WorkspaceStats s) {
    ArrayNode out = Json.array();
    if (s.stateCapReached()) {
      ObjectNode d = out.addObject();
      d.put("id", STATE_CAP_REACHED);
      StringBuilder what = new StringBuilder();
      s.limits().forEach((name, v) -> {
        if (v[2] > 0 && !name.equals("events") && !name.equals("deliveries") && !name.equals("pitfall_occurrences")) {
          what.append(what.length() == 0 ? "" : ", ").append(v[2]).append(' ').append(name.replace('_', ' '));
        }
      });
      d.put("message", "the fake's state caps kept " + what + " out: requests about them were answered as Customer.io "
          + "would, but they are not stored, and pitfalls that need them (track-before-identify) were not judged");
      d.put("fix", "raise the cap (--max-people, CIO_FAKE_MAX_PEOPLE; it also caps objects) or reset the fake "
          + "between tests");
    }
    return out;
  }

  /** The diagnostic a cap that dropped state records. */
  public static final String STATE_CAP_REACHED = "state-cap-reached";

  private ArrayNode passed(List<Pitfall> ps) {
    ArrayNode passed = Json.array();
    for (PitfallDefinition d : engine.catalog()) {
      if (ps.stream().noneMatch(p -> p.id().equals(d.id()))) {
        passed.add(d.id());
      }
    }
    return passed;
  }

  /** 100, less {@value #ERROR_COST} per error pitfall id and {@value #WARNING_COST} per warning id that fired. */
  public static int score(List<Pitfall> pitfalls) {
    Map<String, Severity> fired = new LinkedHashMap<>();
    for (Pitfall p : pitfalls) {
      fired.merge(p.id(), p.severity(), (a, b) -> a == Severity.ERROR || b == Severity.ERROR ? Severity.ERROR
          : Severity.WARNING);
    }
    int score = 100;
    for (Severity s : fired.values()) {
      score -= s == Severity.ERROR ? ERROR_COST : WARNING_COST;
    }
    return Math.max(0, score);
  }
}
