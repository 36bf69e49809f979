package dev.ciofake.internal.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.state.Person;
import dev.ciofake.internal.util.Json;

/** How the App API renders the workspace's state: its views of people. Called under the workspace's lock. */
final class AppViews {
  private AppViews() {}

  /**
   * The App API's view of a person ({@code GET /v1/customers/{id}/attributes}): {@code identifiers}
   * ({@code email}, {@code id}, {@code cio_id}; unset ones {@code null}), attribute values as strings, as the real
   * service returns them.
   */
  static ObjectNode customer(Person p) {
    ObjectNode c = Json.object();
    c.put("id", p.id());
    c.put("email", p.email());
    c.put("cio_id", p.cioId());
    // the Track document's customerAttributesObject: customer_identifiers, recommended over the bare id
    ObjectNode ids = c.putObject("identifiers");
    ids.put("email", p.email());
    ids.put("id", p.id());
    ids.put("cio_id", p.cioId());
    ObjectNode attrs = c.putObject("attributes");
    ObjectNode ts = c.putObject("timestamps");
    p.attributes().forEach((k, v) -> {
      attrs.put(k, v.isValueNode() ? v.asText() : v.toString());
      ts.put(k, p.updatedAt());
    });
    attrs.put("cio_id", p.cioId());
    attrs.put("_created_at", String.valueOf(p.createdAt()));
    c.put("unsubscribed", p.unsubscribed());
    ArrayNode devs = c.putArray("devices");
    p.devices().values().forEach(d -> {
      ObjectNode dn = devs.addObject();
      dn.put("id", d.path("id").asText());
      dn.put("platform", d.path("platform").asText(null));
      dn.put("last_used", d.path("last_used").asLong(0));
    });
    return c;
  }
}
