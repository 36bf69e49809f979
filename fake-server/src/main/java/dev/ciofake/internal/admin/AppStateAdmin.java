package dev.ciofake.internal.admin;

import static dev.ciofake.internal.admin.AdminSupport.listed;
import static dev.ciofake.internal.admin.AdminSupport.workspace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.state.Audience;
import dev.ciofake.internal.state.Definitions;
import dev.ciofake.internal.state.EspSuppressions;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.state.WorkspaceRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin reads of what the App API keeps: a workspace's ESP suppression lists and a segment's members. Reads of
 * the admin API change nothing and are seen by no detector, unlike the same reads through the App API (which a test
 * should not make on the integration's behalf: they count towards its rate class and its pitfalls).
 */
final class AppStateAdmin {
  private final WorkspaceRegistry registry;

  AppStateAdmin(WorkspaceRegistry registry) {
    this.registry = registry;
  }

  /** {@code GET .../suppressions[?type=bounces]}: {@code {suppressions: [{type, email, created, reason, status}]}}. */
  ApiResponse suppressions(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    String type = ex.request().query().get("type");
    if (type != null && !type.isEmpty() && !EspSuppressions.isType(type)) {
      throw new StateRejection("type", "type must be one of " + String.join(", ", EspSuppressions.TYPES)
          + ", got " + type);
    }
    List<ObjectNode> out = new ArrayList<>();
    for (EspSuppressions.Entry e : w.suppressions().all()) {
      if (type != null && !type.isEmpty() && !type.equals(e.type())) {
        continue;
      }
      ObjectNode n = Json.object();
      n.put("type", e.type());
      n.put("email", e.email());
      n.put("created", e.created());
      n.put("reason", e.reason());
      n.put("status", e.status());
      out.add(n);
    }
    return listed("suppressions", out);
  }

  /** {@code GET .../segments/{segment_id}/members}: {@code {members: [{email, id, cio_id}]}}, oldest first. */
  ApiResponse segmentMembers(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    String id = ex.pathParam("segment_id");
    boolean defined = w.definitions().get(Definitions.SEGMENTS, id) != null;
    List<ObjectNode> members = Audience.members(w, id);
    if (!defined && members.isEmpty()) {
      throw new StateRejection("segment_id", "no segment " + id + " in workspace " + w.siteId()
          + ": neither defined (workspace file, POST /v1/segments) nor filled through the Track API", 404);
    }
    return listed("members", members);
  }
}
