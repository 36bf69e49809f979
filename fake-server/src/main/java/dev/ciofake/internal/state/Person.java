package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.http.Json;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A person in a fake workspace. Mutable, and only touched under its workspace's lock. */
public final class Person {
  final String cioId;
  String id;
  String email;
  final Map<String, JsonNode> attributes = new LinkedHashMap<>();
  final Map<String, ObjectNode> devices = new LinkedHashMap<>();
  final Set<String> segments = new TreeSet<>();
  final Set<String> anonymousIds = new LinkedHashSet<>();
  final Set<String> relationships = new TreeSet<>();
  long createdAt;
  long updatedAt;
  Long lastOrderingTimestamp;
  boolean identified;
  boolean suppressed;
  boolean deleted;

  Person(String cioId, long now) {
    this.cioId = cioId;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public String cioId() {
    return cioId;
  }

  public String id() {
    return id;
  }

  public String email() {
    return email;
  }

  public boolean identified() {
    return identified;
  }

  public boolean suppressed() {
    return suppressed;
  }

  public boolean deleted() {
    return deleted;
  }

  public Map<String, JsonNode> attributes() {
    return attributes;
  }

  public Map<String, ObjectNode> devices() {
    return devices;
  }

  public Set<String> segments() {
    return segments;
  }

  /** Whether the {@code unsubscribed} attribute is set the way the real service reads it (any-case "true", 1, "1"). */
  public boolean unsubscribed() {
    JsonNode u = attributes.get("unsubscribed");
    if (u == null || u.isNull()) {
      return false;
    }
    if (u.isBoolean()) {
      return u.booleanValue();
    }
    if (u.isNumber()) {
      return u.asLong() == 1;
    }
    String s = u.asText().trim();
    return s.equalsIgnoreCase("true") || s.equals("1");
  }

  /** The JSON the admin API shows. Must be called under the workspace lock. */
  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("cio_id", cioId);
    n.put("id", id);
    n.put("email", email);
    ObjectNode attrs = n.putObject("attributes");
    attributes.forEach(attrs::set);
    n.put("created_at", createdAt);
    n.put("updated_at", updatedAt);
    n.put("identified", identified);
    n.put("suppressed", suppressed);
    n.put("unsubscribed", unsubscribed());
    n.put("deleted", deleted);
    var devs = n.putArray("devices");
    devices.values().forEach(d -> devs.add(d.deepCopy()));
    var segs = n.putArray("segments");
    segments.forEach(segs::add);
    var anon = n.putArray("anonymous_ids");
    anonymousIds.forEach(anon::add);
    var rel = n.putArray("relationships");
    relationships.forEach(rel::add);
    return n;
  }
}
