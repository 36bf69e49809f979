package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;

/**
 * What a workspace is configured with and what the App API creates in it, as JSON documents by kind and id:
 * definitions (campaigns, broadcasts, newsletters, transactional messages, sender identities, segments, subscription
 * topics and channels, object types) and content (snippets, collections, Design Studio folders, emails and
 * components, assets and their folders, imports, data-index descriptions). A workspace file seeds them (the same
 * document for the CLI, the admin API, the JUnit extension and scenarios); {@link #reset()} puts the seed back.
 *
 * <p>Guarded by the workspace's lock; every read returns copies. Each kind holds at most {@link #MAX_PER_KIND}
 * documents: past it the oldest is dropped and counted (far above what a workspace defines).
 */
public final class Definitions {
  /** The most documents of one kind a workspace keeps. */
  public static final int MAX_PER_KIND = 10_000;
  /** The kind of the workspace's segment definitions. */
  public static final String SEGMENTS = "segments";
  /** Sections of a workspace file that are not lists of documents by id. */
  private static final Set<String> NOT_KINDS = Set.of("esp_suppressions", "workspace", "ip_addresses");
  /** Lists inside a document whose items have ids of their own ({@link #reserveId} hands out the next ones). */
  private static final List<String> PARTS = List.of("actions", "contents", "test_groups");

  private final Object lock;
  private final Map<String, LinkedHashMap<String, ObjectNode>> kinds = new HashMap<>();
  private final Map<String, Long> nextIds = new HashMap<>();
  private JsonNode seed = Json.object();
  private long dropped;

  Definitions(Object lock) {
    this.lock = lock;
  }

  /** The document of {@code kind} with {@code id}, or {@code null}. */
  public ObjectNode get(String kind, String id) {
    synchronized (lock) {
      ObjectNode d = id == null ? null : of(kind).get(id);
      return d == null ? null : d.deepCopy();
    }
  }

  /** Every document of a kind, in the order they were defined. */
  public List<ObjectNode> list(String kind) {
    synchronized (lock) {
      List<ObjectNode> out = new ArrayList<>();
      of(kind).values().forEach(d -> out.add(d.deepCopy()));
      return out;
    }
  }

  /** Whether the workspace defines any document of this kind (then references to unknown ids can be refused). */
  public boolean defines(String kind) {
    synchronized (lock) {
      return !of(kind).isEmpty();
    }
  }

  /** Stores (or replaces) a document under its id; returns a copy of what is stored. */
  public ObjectNode put(String kind, String id, ObjectNode doc) {
    synchronized (lock) {
      LinkedHashMap<String, ObjectNode> m = of(kind);
      if (!m.containsKey(id) && m.size() >= MAX_PER_KIND) {
        Iterator<String> oldest = m.keySet().iterator();
        oldest.next();
        oldest.remove();
        dropped++;
      }
      m.put(id, doc.deepCopy());
      bump(kind, id);
      return doc.deepCopy();
    }
  }

  /** Creates a document with the kind's next numeric id ({@code make} builds it from the id); returns a copy. */
  public ObjectNode create(String kind, LongFunction<ObjectNode> make) {
    synchronized (lock) {
      long id = nextIds.getOrDefault(kind, 1L);
      while (of(kind).containsKey(String.valueOf(id))) {
        id++;
      }
      nextIds.put(kind, id + 1);
      return put(kind, String.valueOf(id), make.apply(id));
    }
  }

  /** The next numeric id of a kind, reserved (for parts of a document: actions, contents, test groups). */
  public long reserveId(String kind) {
    synchronized (lock) {
      long id = nextIds.getOrDefault(kind, 1L);
      nextIds.put(kind, id + 1);
      return id;
    }
  }

  /** Changes a document in place; returns a copy of the result, or {@code null} when there is no such document. */
  public ObjectNode update(String kind, String id, UnaryOperator<ObjectNode> change) {
    synchronized (lock) {
      ObjectNode d = id == null ? null : of(kind).get(id);
      if (d == null) {
        return null;
      }
      ObjectNode changed = change.apply(d);
      of(kind).put(id, changed);
      return changed.deepCopy();
    }
  }

  /** Removes a document; returns whether it existed. */
  public boolean remove(String kind, String id) {
    synchronized (lock) {
      return id != null && of(kind).remove(id) != null;
    }
  }

  /** The workspace file section {@code name} (for example {@code ip_addresses}), or a missing node. */
  public JsonNode seedSection(String name) {
    synchronized (lock) {
      return seed.path(name);
    }
  }

  /** The workspace file these definitions were seeded from ({@code {}} when none). */
  public JsonNode seed() {
    synchronized (lock) {
      return seed.deepCopy();
    }
  }

  /**
   * Replaces the seed with a workspace file's document (already validated against {@code schemas/workspace-file.json})
   * and puts every definition back to it: what the API created is forgotten.
   */
  public void seed(JsonNode document) {
    synchronized (lock) {
      seed = document == null ? Json.object() : document.deepCopy();
      reset();
    }
  }

  /** Documents dropped past {@link #MAX_PER_KIND}. */
  public long dropped() {
    synchronized (lock) {
      return dropped;
    }
  }

  /** How many documents are stored, all kinds together. */
  public int size() {
    synchronized (lock) {
      int n = 0;
      for (Map<String, ObjectNode> m : kinds.values()) {
        n += m.size();
      }
      return n;
    }
  }

  void reset() {
    kinds.clear();
    nextIds.clear();
    dropped = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = seed.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> section = it.next();
      if (NOT_KINDS.contains(section.getKey()) || !section.getValue().isArray()) {
        continue;
      }
      for (JsonNode doc : section.getValue()) {
        if (doc.isObject()) {
          String id = idOf(section.getKey(), doc);
          if (id != null) {
            put(section.getKey(), id, (ObjectNode) doc);
            for (String part : PARTS) {
              doc.path(part).forEach(p -> bump(part, p.path("id").asText()));
            }
          }
        }
      }
    }
  }

  /** The id a seeded document is stored under: its {@code id}, or a snippet's {@code name}. */
  private static String idOf(String kind, JsonNode doc) {
    JsonNode id = doc.get(kind.equals("snippets") ? "name" : "id");
    return id == null || id.isNull() || id.isContainerNode() ? null : id.asText();
  }

  /** Keeps the next numeric id above every numeric id in use, seeded ones included. */
  private void bump(String kind, String id) {
    if (id.isEmpty() || id.length() > 18) {
      return;
    }
    for (int i = 0; i < id.length(); i++) {
      if (!Character.isDigit(id.charAt(i))) {
        return;
      }
    }
    long n = Long.parseLong(id);
    if (n >= nextIds.getOrDefault(kind, 1L)) {
      nextIds.put(kind, n + 1);
    }
  }

  private LinkedHashMap<String, ObjectNode> of(String kind) {
    return kinds.computeIfAbsent(kind, k -> new LinkedHashMap<>());
  }
}
