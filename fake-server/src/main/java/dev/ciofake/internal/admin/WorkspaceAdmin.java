package dev.ciofake.internal.admin;

import static dev.ciofake.internal.admin.AdminSupport.intParam;
import static dev.ciofake.internal.admin.AdminSupport.json;
import static dev.ciofake.internal.admin.AdminSupport.listed;
import static dev.ciofake.internal.admin.AdminSupport.ok;
import static dev.ciofake.internal.admin.AdminSupport.text;
import static dev.ciofake.internal.admin.AdminSupport.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.FakeClock;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.StoredEvent;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.state.WorkspaceRegistry;
import dev.ciofake.internal.state.WorkspaceStats;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.util.Secrets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The admin handlers about workspaces: create, read, delete, settings, and the state of one (people, events, ...). */
final class WorkspaceAdmin {
  private final WorkspaceRegistry registry;
  private final FakeClock clock;

  WorkspaceAdmin(WorkspaceRegistry registry, FakeClock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  ApiResponse listWorkspaces(Exchange ex) {
    ObjectNode n = Json.object();
    ArrayNode arr = n.putArray("workspaces");
    registry.all().forEach(w -> arr.add(workspaceJson(w, false)));
    return ok(n);
  }

  ApiResponse createWorkspace(Exchange ex) {
    JsonNode b = ex.body();
    Workspace w;
    try {
      if (b.hasNonNull("track_api_key") || b.hasNonNull("app_api_key") || b.hasNonNull("pipelines_api_key")) {
        String site = text(b, "site_id");
        String cdp = text(b, "pipelines_api_key");
        w = registry.create(new WorkspaceCredentials(site, text(b, "track_api_key"), text(b, "app_api_key"),
            cdp != null ? cdp : WorkspaceCredentials.defaultPipelinesKey(site)));
      } else {
        w = registry.createGenerated(text(b, "site_id"));
      }
    } catch (IllegalArgumentException e) {
      throw new StateRejection("body", e.getMessage());
    }
    try {
      w.settings(SettingsJson.read(b, w.settings(), SettingsJson.CREDENTIAL_FIELDS));
    } catch (StateRejection sr) {
      registry.remove(w.siteId()); // a refused create leaves no workspace behind
      throw sr;
    }
    return json(201, workspaceJson(w, true));
  }

  ApiResponse getWorkspace(Exchange ex) {
    return ok(workspaceJson(workspace(registry, ex.pathParam("site_id")), false));
  }

  ApiResponse deleteWorkspace(Exchange ex) {
    String site = ex.pathParam("site_id");
    workspace(registry, site);
    if (!registry.remove(site)) {
      throw new StateRejection("site_id", "the default workspace cannot be deleted; reset it instead");
    }
    ObjectNode n = Json.object();
    n.put("deleted", site);
    return ok(n);
  }

  ApiResponse updateSettings(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    w.settings(SettingsJson.read(ex.body(), w.settings(), Set.of()));
    return ok(workspaceJson(w, false));
  }

  /**
   * {@code PUT .../workspaces/{site_id}/workspace-file}: a workspace file (docs/workspace-file.md, as JSON) becomes
   * this workspace's seed: its definitions, content and ESP suppressions replace what it had, what the App API created
   * is forgotten, and the workspace's later resets put this file back (a reset of the whole fake puts the fake's own
   * file back). People and events are kept.
   */
  ApiResponse loadWorkspaceFile(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    List<String> problems = dev.ciofake.internal.validation.WorkspaceFile.problems(ex.body());
    if (!problems.isEmpty()) {
      throw new StateRejection("body", "bad workspace file: " + String.join("; ", problems));
    }
    w.load(ex.body(), clock.epochSecond());
    ObjectNode n = Json.object();
    n.put("site_id", w.siteId());
    com.fasterxml.jackson.databind.node.ArrayNode sections = n.putArray("sections");
    ex.body().fieldNames().forEachRemaining(sections::add);
    return ok(n);
  }

  /** {@code GET .../people}: every person, or with {@code ?q=} those {@link PeopleSearch} finds (and {@code ?limit=}). */
  ApiResponse people(Exchange ex) {
    List<ObjectNode> all = workspace(registry, ex.pathParam("site_id")).people().readAll(AdminViews::person);
    Map<String, String> q = ex.request().query();
    if (q.get("q") == null && q.get("limit") == null) {
      return listed("people", all);
    }
    return listed("people", PeopleSearch.find(all, q.get("q"), intParam(q, "limit", Integer.MAX_VALUE)));
  }

  ApiResponse person(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    String identifier = ex.pathParam("identifier");
    PersonRef ref = PersonRef.fromPath(identifier, true);
    ObjectNode p = w.people().read(ref, AdminViews::person);
    if (p == null && w.people().suppression(ref) != null) {
      return ok(AdminViews.suppressed(w.people().suppression(ref)));
    }
    if (p == null) {
      ObjectNode n = Json.object();
      n.put("error", "no person " + identifier + " in workspace " + w.siteId());
      n.put("status", 404);
      return json(404, n);
    }
    return ok(p);
  }

  ApiResponse events(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    Map<String, String> q = ex.request().query();
    List<StoredEvent> events = w.events().find(q.get("person"), q.get("name"), intParam(q, "limit", 1000));
    ObjectNode n = Json.object();
    ArrayNode arr = n.putArray("events");
    events.forEach(e -> arr.add(AdminViews.event(e)));
    n.put("count", arr.size());
    n.put("total", w.events().log().added());
    n.put("dropped", w.events().log().dropped());
    return ok(n);
  }

  ApiResponse metrics(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    ObjectNode n = Json.object();
    ArrayNode m = n.putArray("delivery_metrics");
    w.messages().deliveryMetrics().forEach(m::add);
    ArrayNode f = n.putArray("form_submissions");
    w.formSubmissions().snapshot().forEach(f::add);
    return ok(n);
  }

  ApiResponse deliveries(Exchange ex) {
    String id = ex.request().query().get("id");
    return listed("deliveries", workspace(registry, ex.pathParam("site_id")).messages().deliveries().stream()
        .filter(d -> id == null || id.equals(d.path("delivery_id").asText())).toList());
  }

  ApiResponse broadcasts(Exchange ex) {
    return listed("triggers", workspace(registry, ex.pathParam("site_id")).messages().triggers());
  }

  ApiResponse objects(Exchange ex) {
    return listed("objects", workspace(registry, ex.pathParam("site_id")).objects().list());
  }

  /** {@code GET .../pipelines}: the workspace's Pipelines calls, applied and dropped, and the expected count. */
  ApiResponse pipelinesCalls(Exchange ex) {
    return ok(AdminViews.pipelinesCalls(workspace(registry, ex.pathParam("site_id")).pipelinesCalls()));
  }

  /**
   * {@code PUT .../pipelines {"expected_calls": N}}: how many Pipelines calls the integration queues in this run
   * ({@code null} or -1 forgets it); fewer received is the {@code unflushed-events} pitfall.
   */
  ApiResponse expectPipelinesCalls(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    JsonNode n = ex.body().get("expected_calls");
    if (n != null && !n.isNull() && !(n.canConvertToLong() && n.isIntegralNumber() && n.asLong() >= -1)) {
      throw new StateRejection("expected_calls", "expected_calls must be a whole number of calls (or -1 or null to "
          + "forget it), got " + n);
    }
    w.pipelinesCalls().expect(n == null || n.isNull() ? -1 : n.asLong());
    return ok(AdminViews.pipelinesCalls(w.pipelinesCalls()));
  }

  ApiResponse rateLimits(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    return ok(w.rateLimiters().toJson(clock.nanoTime()));
  }

  static ObjectNode workspaceJson(Workspace w, boolean revealKeys) {
    ObjectNode n = Json.object();
    WorkspaceCredentials c = w.credentials();
    n.put("site_id", c.siteId());
    n.put("track_api_key", revealKeys ? c.trackApiKey() : Secrets.mask(c.trackApiKey()));
    n.put("app_api_key", revealKeys ? c.appApiKey() : Secrets.mask(c.appApiKey()));
    n.put("pipelines_api_key", revealKeys ? c.pipelinesApiKey() : Secrets.mask(c.pipelinesApiKey()));
    n.set("settings", SettingsJson.write(w.settings()));
    n.set("stats", AdminViews.stats(WorkspaceStats.of(w)));
    return n;
  }
}
