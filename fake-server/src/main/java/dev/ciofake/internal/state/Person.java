package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A person in a fake workspace. Mutable, and only touched under its workspace's lock: views read it through
 * {@link People#read} and {@link People#readAll}, which hold the lock; the accessors must not be used elsewhere.
 */
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

  public Set<String> anonymousIds() {
    return anonymousIds;
  }

  /** The objects the person is related to ({@code object_type_id:object_id} keys). */
  public Set<String> relationships() {
    return relationships;
  }

  /** When the person was created, in Unix seconds of the fake's clock. */
  public long createdAt() {
    return createdAt;
  }

  /** When the person last changed, in Unix seconds of the fake's clock. */
  public long updatedAt() {
    return updatedAt;
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
}
