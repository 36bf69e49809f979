package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
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
  // Most people have no devices, segments, anonymous ids or relationships: those start as the shared empty
  // collections and get their own on the first write (the ...ForWrite methods), so a workspace of 100,000 people
  // does not keep (and the young collections do not copy) 400,000 empty ones.
  // (Collections.empty*, not Map.of/Set.of: those throw on a null lookup, the collections they stand for do not.)
  Map<String, ObjectNode> devices = Collections.emptyMap();
  Set<String> segments = Collections.emptySet();
  Set<String> anonymousIds = Collections.emptySet();
  Set<String> relationships = Collections.emptySet();
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

  Map<String, ObjectNode> devicesForWrite() {
    if (!(devices instanceof LinkedHashMap)) {
      devices = new LinkedHashMap<>();
    }
    return devices;
  }

  Set<String> segmentsForWrite() {
    if (!(segments instanceof TreeSet)) {
      segments = new TreeSet<>();
    }
    return segments;
  }

  Set<String> anonymousIdsForWrite() {
    if (!(anonymousIds instanceof LinkedHashSet)) {
      anonymousIds = new LinkedHashSet<>();
    }
    return anonymousIds;
  }

  Set<String> relationshipsForWrite() {
    if (!(relationships instanceof TreeSet)) {
      relationships = new TreeSet<>();
    }
    return relationships;
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
