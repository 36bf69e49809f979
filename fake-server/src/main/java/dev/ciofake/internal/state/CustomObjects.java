package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The custom objects of one workspace ({@code object_type_id:object_id}, or {@code cio_object:<id>}) and their
 * relationships to people. Guarded by the workspace's lock, shared with {@link People}.
 */
public final class CustomObjects {
  private final Object lock;
  private final People people;
  private final Map<String, ObjectNode> objects = new LinkedHashMap<>();
  /** The most people one object is related to; past it relationships are counted as dropped. */
  public static final int MAX_RELATIONSHIPS_PER_OBJECT = 10_000;
  private final int maxObjects;
  private final java.util.Set<String> notStored = java.util.Collections.newSetFromMap(
      dev.ciofake.internal.util.BoundedMaps.insertionOrdered(100_000));
  private long dropped;
  private long relationshipsDropped;

  CustomObjects(Object lock, People people, int maxObjects) {
    this.lock = lock;
    this.people = people;
    this.maxObjects = maxObjects;
  }

  /** Objects the cap kept out (distinct keys, each counted once while 100,000 are remembered). */
  public long dropped() {
    synchronized (lock) {
      return dropped;
    }
  }

  /** Relationships past {@link #MAX_RELATIONSHIPS_PER_OBJECT} that were not kept. */
  public long relationshipsDropped() {
    synchronized (lock) {
      return relationshipsDropped;
    }
  }

  /** The cap on stored objects. */
  public int cap() {
    return maxObjects;
  }

  /**
   * Creates or updates an object ({@code object_type_id:object_id}); null or "" removes an attribute.
   * Returns the stored object's JSON.
   */
  public void identifyObject(String key, ObjectNode attributes, long now) {
    synchronized (lock) {
      if (!objects.containsKey(key) && objects.size() >= maxObjects) {
        if (notStored.add(key)) {
          dropped++; // answered as the real service would (it has no cap), not stored
        }
        return;
      }
      ObjectNode o = objects.computeIfAbsent(key, k -> {
        ObjectNode n = Json.object();
        n.put("key", k);
        n.put("created_at", now);
        n.putObject("attributes");
        n.putArray("relationships");
        return n;
      });
      ObjectNode attrs = (ObjectNode) o.get("attributes");
      attributes.fields().forEachRemaining(e -> {
        if (People.isRemoval(e.getValue())) {
          attrs.remove(e.getKey());
        } else {
          attrs.set(e.getKey(), e.getValue());
        }
      });
      o.put("updated_at", now);
  
    }
  }

  /** Relates an object to people (given as person refs), creating the object when unknown. */
  public void relateObject(String key, List<PersonRef> refs, boolean add, long now) {
    synchronized (lock) {
      identifyObject(key, Json.object(), now);
      if (!objects.containsKey(key)) {
        return; // past the cap
      }
      ArrayNode rel = (ArrayNode) objects.get(key).get("relationships");
      java.util.Set<String> related = new java.util.HashSet<>();
      rel.forEach(n -> related.add(n.asText()));
      for (PersonRef r : refs) {
        Person p = add ? people.findOrCreateForActivity(r, now) : people.find(r);
        if (p == null) {
          continue;
        }
        if (add) {
          if (related.contains(p.cioId)) {
            p.relationshipsForWrite().add(key);
            continue;
          }
          if (rel.size() >= MAX_RELATIONSHIPS_PER_OBJECT) {
            relationshipsDropped++;
            continue;
          }
          p.relationshipsForWrite().add(key);
          rel.add(p.cioId);
          related.add(p.cioId);
        } else {
          p.relationshipsForWrite().remove(key);
          for (int i = rel.size() - 1; i >= 0; i--) {
            if (rel.get(i).asText().equals(p.cioId)) {
              rel.remove(i);
            }
          }
        }
      }
  
    }
  }

  /** Deletes an object; unknown objects are a no-op. */
  public void deleteObject(String key) {
    synchronized (lock) {
      objects.remove(key);
      for (Person p : people.all()) {
        p.relationshipsForWrite().remove(key);
      }
  
    }
  }

  /** Every object, as stored (copies). */
  public List<ObjectNode> list() {
    synchronized (lock) {
      List<ObjectNode> out = new ArrayList<>();
      objects.values().forEach(o -> out.add(o.deepCopy()));
      return out;
  
    }
  }

  /** How many objects are stored. */
  public int size() {
    synchronized (lock) {
      return objects.size();
    }
  }

  void reset() {
    objects.clear();
    notStored.clear();
    dropped = 0;
    relationshipsDropped = 0;
  }
}
