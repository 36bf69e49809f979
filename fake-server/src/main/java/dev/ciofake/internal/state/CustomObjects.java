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

  CustomObjects(Object lock, People people) {
    this.lock = lock;
    this.people = people;
  }

  /**
   * Creates or updates an object ({@code object_type_id:object_id}); null or "" removes an attribute.
   * Returns the stored object's JSON.
   */
  public void identifyObject(String key, ObjectNode attributes, long now) {
    synchronized (lock) {
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
      ArrayNode rel = (ArrayNode) objects.get(key).get("relationships");
      for (PersonRef r : refs) {
        Person p = add ? people.findOrCreateForActivity(r, now) : people.find(r);
        if (p == null) {
          continue;
        }
        if (add) {
          p.relationships.add(key);
          rel.add(p.cioId);
        } else {
          p.relationships.remove(key);
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
        p.relationships.remove(key);
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
  }
}
