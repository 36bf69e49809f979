package dev.ciofake.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.state.WorkspaceRegistry;
import dev.ciofake.internal.util.Json;
import java.util.List;
import java.util.Map;

/** What every admin handler answers with and reads: the JSON answers, list shape, parameters, workspace lookup. */
final class AdminSupport {
  private AdminSupport() {}

  /** The workspace of a site id, or a 404 naming it. */
  static Workspace workspace(WorkspaceRegistry registry, String site) {
    Workspace w = registry.get(site);
    if (w == null) {
      throw new StateRejection("site_id", "no workspace with site id '" + site + "'", 404);
    }
    return w;
  }

  /** {@code {"<field>": [items], "count": n}}, the shape of every admin list. */
  static ApiResponse listed(String field, List<? extends JsonNode> items) {
    ObjectNode n = Json.object();
    n.putArray(field).addAll(items);
    n.put("count", items.size());
    return ok(n);
  }

  static String text(JsonNode b, String field) {
    JsonNode v = b.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static int intParam(Map<String, String> q, String name, int dflt) {
    String v = q.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new StateRejection(name, name + " must be a positive integer, got '" + v + "'");
    }
  }

  static ApiResponse ok(ObjectNode n) {
    return json(200, n);
  }

  static ApiResponse json(int status, ObjectNode n) {
    return ApiResponse.json(status, Json.compact(n), AdminApi.HEADERS);
  }
}
