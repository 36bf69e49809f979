package dev.ciofake.internal.app.segments;

import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.state.Audience;
import dev.ciofake.internal.app.common.Customers;
import dev.ciofake.internal.app.common.Kinds;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The App API's segments (docs/app-api-facts.md section 2, "Segments"): the workspace file's segments (manual, or
 * dynamic with a filter the fake evaluates), the manual segments {@code POST /v1/segments} creates, and any segment
 * people were added to through the Track API; membership, counts, what uses a segment, and a person's segments.
 */
public final class SegmentsApi {
  private static final String V1 = "/v1";

  private SegmentsApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "list_segments").get(V1 + "/segments")
        .handle(ex -> AppJson.ok("segments", AppJson.array(new ArrayList<>(all(ex.workspace()).values())))));
    e.add(Endpoint.builder(Api.APP, "create_segment").post(V1 + "/segments").body(OBJECT)
        .schema("schemas/app/segment-create.json").handle(SegmentsApi::create));
    e.add(Endpoint.builder(Api.APP, "get_segment").get(V1 + "/segments/{segment_id}")
        .handle(ex -> AppJson.ok("segment", segment(ex))));
    e.add(Endpoint.builder(Api.APP, "delete_segment").delete(V1 + "/segments/{segment_id}")
        .handle(SegmentsApi::delete));
    e.add(Endpoint.builder(Api.APP, "segment_customer_count").get(V1 + "/segments/{segment_id}/customer_count")
        .handle(SegmentsApi::count));
    e.add(Endpoint.builder(Api.APP, "segment_membership").get(V1 + "/segments/{segment_id}/membership")
        .handle(SegmentsApi::membership));
    e.add(Endpoint.builder(Api.APP, "segment_used_by").get(V1 + "/segments/{segment_id}/used_by")
        .handle(SegmentsApi::usedBy));
    e.add(Endpoint.builder(Api.APP, "customer_segments").get(V1 + "/customers/{customer_id}/segments")
        .rule(Customers::idTypeRule).handle(SegmentsApi::ofCustomer));
    return e;
  }

  /** Every segment of the workspace by id: defined ones, then those only the Track API filled. */
  static Map<String, ObjectNode> all(Workspace w) {
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    w.definitions().list(Kinds.SEGMENTS).forEach(s -> out.put(s.path("id").asText(), view(s)));
    for (String id : w.people().segmentIdsInUse()) {
      if (!out.containsKey(id) && AppJson.positive(id) != null) {
        ObjectNode implicit = Json.object();
        implicit.put("id", Long.parseLong(id));
        implicit.put("name", "Segment " + id);
        implicit.put("description", "a manual segment the Track API added people to; define it in a workspace file "
            + "to name it");
        implicit.put("type", "manual");
        out.put(id, view(implicit));
      }
    }
    return out;
  }

  /** A stored segment as the Track document's {@code segmentResponseObject}. */
  static ObjectNode view(JsonNode s) {
    ObjectNode n = Json.object();
    long id = s.path("id").asLong();
    long updated = s.path("updated_at").asLong(s.path("created_at").asLong(0));
    n.put("id", id);
    n.put("deduplicate_id", id + ":" + updated);
    n.put("name", s.path("name").asText("Segment " + id));
    n.put("description", s.path("description").asText(""));
    n.put("state", "finished");
    n.putNull("progress");
    n.put("type", s.path("type").asText("manual"));
    if (s.path("tags").isArray()) {
      n.set("tags", s.get("tags"));
    } else {
      n.putNull("tags");
    }
    n.put("created_at", s.path("created_at").asLong(0));
    n.put("updated_at", updated);
    return n;
  }

  private static ObjectNode segment(Exchange ex) {
    long id = AppJson.id(ex, "segment_id", "segment_id");
    ObjectNode s = all(ex.workspace()).get(String.valueOf(id));
    if (s == null) {
      throw AppJson.notFound("segment_id", "segment_id " + id);
    }
    return s;
  }

  /** {@code {segment}}: a new manual segment. */
  private static ApiResponse create(Exchange ex) {
    JsonNode in = ex.body().get("segment");
    long now = AppJson.now(ex);
    ObjectNode stored = ex.workspace().definitions().create(Kinds.SEGMENTS, id -> {
      ObjectNode s = Json.object();
      s.put("id", id);
      s.set("name", in.get("name"));
      s.put("description", in.path("description").asText(""));
      s.put("type", "manual");
      s.put("created_at", now);
      s.put("updated_at", now);
      return s;
    });
    return AppJson.ok("segment", view(stored));
  }

  /** 204; a manual segment's people leave it. */
  private static ApiResponse delete(Exchange ex) {
    ObjectNode s = segment(ex);
    String id = s.path("id").asText();
    ex.workspace().definitions().remove(Kinds.SEGMENTS, id);
    ex.workspace().people().dropSegment(id);
    return AppJson.noContent();
  }

  /** The people in a segment, oldest first, as {@code customer_identifiers}. */
  static List<ObjectNode> members(Workspace w, String segmentId) {
    return Audience.members(w, segmentId);
  }

  private static ApiResponse count(Exchange ex) {
    ObjectNode s = segment(ex);
    ObjectNode body = Json.object();
    body.put("count", members(ex.workspace(), s.path("id").asText()).size());
    body.put("segment_id", s.path("id").asLong());
    return AppJson.ok(body);
  }

  /** {@code {identifiers, ids, next, segment_id}}; pages of up to 30,000 (default 1,000). */
  private static ApiResponse membership(Exchange ex) {
    ObjectNode s = segment(ex);
    AppJson.Page<ObjectNode> page = AppJson.page(ex, members(ex.workspace(), s.path("id").asText()), 1000, 30_000);
    ObjectNode body = Json.object();
    ArrayNode identifiers = body.putArray("identifiers");
    ArrayNode ids = body.putArray("ids");
    page.items().forEach(i -> {
      identifiers.add(i);
      if (i.path("id").isTextual()) {
        ids.add(i.get("id").asText());
      }
    });
    AppJson.next(body, page);
    body.put("segment_id", s.path("id").asLong());
    return AppJson.ok(body);
  }

  /**
   * {@code {segment_id, used_by: {campaigns, sent_newsletters, draft_newsletters, broadcasts}}}: the definitions
   * whose trigger, filter or recipient segment ids, or recipient filter, name the segment.
   */
  private static ApiResponse usedBy(Exchange ex) {
    ObjectNode s = segment(ex);
    long id = s.path("id").asLong();
    Workspace w = ex.workspace();
    ObjectNode used = Json.object();
    ArrayNode campaigns = used.putArray("campaigns");
    ArrayNode sent = used.putArray("sent_newsletters");
    ArrayNode drafts = used.putArray("draft_newsletters");
    ArrayNode broadcasts = used.putArray("broadcasts");
    for (ObjectNode c : w.definitions().list(Kinds.CAMPAIGNS)) {
      if (names(c.path("trigger_segment_ids"), id) || names(c.path("filter_segment_ids"), id)) {
        campaigns.add(c.path("id").asLong());
      }
    }
    for (ObjectNode n : w.definitions().list(Kinds.NEWSLETTERS)) {
      if (names(n.path("recipient_segment_ids"), id) || filterNames(n.path("recipients"), id)) {
        (n.path("sent_at").asLong(0) > 0 ? sent : drafts).add(n.path("id").asLong());
      }
    }
    for (ObjectNode b : w.definitions().list(Kinds.BROADCASTS)) {
      if (filterNames(b.path("recipients"), id)) {
        broadcasts.add(b.path("id").asLong());
      }
    }
    ObjectNode body = Json.object();
    body.put("segment_id", id);
    body.set("used_by", used);
    return AppJson.ok(body);
  }

  private static boolean names(JsonNode ids, long id) {
    for (JsonNode n : ids) {
      if (n.asLong() == id) {
        return true;
      }
    }
    return false;
  }

  /** Whether a filter names the segment anywhere in it. */
  static boolean filterNames(JsonNode filter, long id) {
    if (filter.path("segment").path("id").asLong(-1) == id) {
      return true;
    }
    for (String group : List.of("and", "or")) {
      for (JsonNode f : filter.path(group)) {
        if (filterNames(f, id)) {
          return true;
        }
      }
    }
    return filter.has("not") && filterNames(filter.get("not"), id);
  }

  /** {@code {segments: [segmentResponseObject]}}: the segments the person is in, manual and dynamic. */
  private static ApiResponse ofCustomer(Exchange ex) {
    Workspace w = ex.workspace();
    Map<String, ObjectNode> segments = all(w);
    Audience audience = Audience.of(w);
    List<String> in = w.people().read(Customers.ref(ex, "customer_id"), p -> {
      List<String> ids = new ArrayList<>();
      segments.keySet().forEach(id -> {
        if (audience.inSegment(id, p)) {
          ids.add(id);
        }
      });
      return ids;
    });
    if (in == null) {
      throw Customers.notFound(ex, "customer_id");
    }
    ArrayNode out = Json.array();
    in.forEach(id -> out.add(segments.get(id)));
    return AppJson.ok("segments", out);
  }
}
