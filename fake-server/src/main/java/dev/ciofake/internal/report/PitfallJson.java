package dev.ciofake.internal.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.Pitfall;
import dev.ciofake.internal.util.Json;

/** The JSON form of a {@link Pitfall}, shared by the admin API and reports. */
public final class PitfallJson {
  private PitfallJson() {}

  public static ObjectNode of(Pitfall p) {
    ObjectNode n = Json.object();
    n.put("id", p.id());
    n.put("severity", p.severity().jsonName());
    n.put("message", p.message());
    n.put("fix", p.fix());
    n.put("site_id", p.siteId());
    n.put("request_id", p.requestId());
    n.set("evidence", Json.MAPPER.valueToTree(p.evidence()));
    n.put("at", p.at().toString());
    return n;
  }
}
