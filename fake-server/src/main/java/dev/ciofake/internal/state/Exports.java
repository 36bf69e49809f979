package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exports of one workspace ({@code POST /v1/exports/customers|deliveries}): each one's record as
 * {@code GET /v1/exports/{id}} shows it, the request it was made from, when it is done (an export runs for a while on
 * the fake's clock), and once done its file and the download links handed out for it.
 *
 * <p>Guarded by the workspace's lock. At most {@link #MAX_EXPORTS} exports and {@link #MAX_FILE_BYTES} bytes of files
 * are kept: past either, the oldest export is dropped and counted.
 */
public final class Exports {
  /** The most exports kept. */
  public static final int MAX_EXPORTS = 200;
  /** The most bytes of export files kept, all exports together. */
  public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  /** One export. Mutable; only touched under the lock. */
  private static final class Export {
    final ObjectNode record;
    final JsonNode request;
    final long readyAtMillis;
    byte[] file;
    String contentType;
    final Map<String, Long> links = new LinkedHashMap<>();

    Export(ObjectNode record, JsonNode request, long readyAtMillis) {
      this.record = record;
      this.request = request;
      this.readyAtMillis = readyAtMillis;
    }
  }

  /**
   * A finished export's file.
   *
   * @param exportId the export it belongs to
   */
  public record File(long exportId, byte[] bytes, String contentType, String name) {}

  private final Object lock;
  private final LinkedHashMap<Long, Export> exports = new LinkedHashMap<>();
  private long nextId = 1;
  private long fileBytes;
  private long dropped;

  Exports(Object lock) {
    this.lock = lock;
  }

  /** Stores a new export (status {@code pending}) and returns its record; {@code make} builds it from the id. */
  public ObjectNode create(java.util.function.LongFunction<ObjectNode> make, JsonNode request, long readyAtMillis) {
    synchronized (lock) {
      long id = nextId++;
      if (exports.size() >= MAX_EXPORTS) {
        dropOldest();
      }
      ObjectNode r = make.apply(id);
      exports.put(id, new Export(r, request == null ? Json.object() : request.deepCopy(), readyAtMillis));
      return r.deepCopy();
    }
  }

  /** The record of an export, or {@code null}. */
  public ObjectNode record(long id) {
    synchronized (lock) {
      Export e = exports.get(id);
      return e == null ? null : e.record.deepCopy();
    }
  }

  /** The request an export was made from, or {@code null}. */
  public JsonNode request(long id) {
    synchronized (lock) {
      Export e = exports.get(id);
      return e == null ? null : e.request.deepCopy();
    }
  }

  /** The ids of the exports that are pending and due at {@code nowMillis}. */
  public List<Long> due(long nowMillis) {
    synchronized (lock) {
      List<Long> out = new ArrayList<>();
      exports.forEach((id, e) -> {
        if (e.file == null && "pending".equals(e.record.path("status").asText()) && nowMillis >= e.readyAtMillis) {
          out.add(id);
        }
      });
      return out;
    }
  }

  /** Every export's record, oldest first. */
  public List<ObjectNode> records() {
    synchronized (lock) {
      List<ObjectNode> out = new ArrayList<>();
      exports.values().forEach(e -> out.add(e.record.deepCopy()));
      return out;
    }
  }

  /**
   * Finishes a pending export with its file: status {@code done}, {@code total} rows. Returns {@code false} when it
   * was finished already (another request got there first) or is gone.
   */
  public boolean complete(long id, int total, byte[] file, String contentType, long nowSeconds) {
    synchronized (lock) {
      Export e = exports.get(id);
      if (e == null || e.file != null) {
        return false;
      }
      while (fileBytes + file.length > MAX_FILE_BYTES && exports.size() > 1 && exports.keySet().iterator().next() != id) {
        dropOldest();
      }
      e.file = file;
      e.contentType = contentType;
      fileBytes += file.length;
      e.record.put("status", "done");
      e.record.put("total", total);
      e.record.put("updated_at", nowSeconds);
      return true;
    }
  }

  /** Marks a pending export failed (it will never have a file). */
  public void fail(long id, String description, long nowSeconds) {
    synchronized (lock) {
      Export e = exports.get(id);
      if (e != null && e.file == null) {
        e.record.put("status", "failed");
        e.record.put("failed", true);
        e.record.put("description", description);
        e.record.put("updated_at", nowSeconds);
      }
    }
  }

  /** Hands out a download link's token for a done export, valid until {@code expiresAtMillis}. */
  public void link(long id, String token, long expiresAtMillis) {
    synchronized (lock) {
      Export e = exports.get(id);
      if (e != null) {
        if (e.links.size() >= 100) {
          Iterator<String> oldest = e.links.keySet().iterator();
          oldest.next();
          oldest.remove();
        }
        e.links.put(token, expiresAtMillis);
      }
    }
  }

  /**
   * The file a download link serves, counting the download, or {@code null} when no export has that link or it
   * expired before {@code nowMillis}.
   */
  public File download(long id, String token, long nowMillis) {
    synchronized (lock) {
      Export e = exports.get(id);
      Long expires = e == null ? null : e.links.get(token);
      if (expires == null || nowMillis > expires || e.file == null) {
        return null;
      }
      e.record.put("downloads", e.record.path("downloads").asInt() + 1);
      return new File(id, e.file, e.contentType, "export-" + id);
    }
  }

  /** How many exports are kept. */
  public int size() {
    synchronized (lock) {
      return exports.size();
    }
  }

  /** Exports dropped past the caps. */
  public long dropped() {
    synchronized (lock) {
      return dropped;
    }
  }

  private void dropOldest() {
    Iterator<Map.Entry<Long, Export>> it = exports.entrySet().iterator();
    Export e = it.next().getValue();
    it.remove();
    fileBytes -= e.file == null ? 0 : e.file.length;
    dropped++;
  }

  void reset() {
    exports.clear();
    nextId = 1;
    fileBytes = 0;
    dropped = 0;
  }
}
