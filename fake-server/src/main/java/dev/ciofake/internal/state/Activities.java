package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.BoundedLog;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.util.Ulid;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The activity log of one workspace, as {@code GET /v1/activities} and {@code GET /v1/customers/{id}/activities}
 * show it: events, page and screen views, attribute changes, profiles created, merged and deleted, devices,
 * relationships, and every step of a delivery's life ({@code sent_email}, {@code delivered_push},
 * {@code bounced_email}, ...). The workspace's parts record into it as they change; it is capped like the event log
 * (the oldest dropped and counted). Lock-free, like the other logs.
 *
 * <p>Compact on purpose. Under load every identify adds one or two activities and the log holds the newest 20,000,
 * so every young collection copies the whole log: an activity keeps references to what the person already holds
 * (their ids, the attribute nodes), its id is made on read from a sequence number (no string and no call to the
 * secure random generator per activity), and an attribute change is one flat array, not a JSON tree (see
 * docs/performance.md). A person the people cap keeps out has no activities, as they have no profile: the default
 * view hides a person's activities once the person is not found, so those would only have been copied.
 */
public final class Activities {
  /** One activity; the accessors are what the Track document's {@code activityObject} shows. */
  public static final class Activity {
    private final long seq;
    private final long salt;
    private final String type;
    private final long timestamp;
    private final String cioId;
    private final String personId;
    private final String email;
    private final String name;
    /** A {@link JsonNode}, {@link AttributeChanges}, an event's data as its JSON bytes, or {@code null}. */
    private final Object data;
    private final String deliveryId;
    private final String deliveryType;
    private final String url;

    private Activity(long seq, long salt, String type, long timestamp, String cioId, String personId, String email,
        String name, Object data, String deliveryId, String deliveryType, String url) {
      this.seq = seq;
      this.salt = salt;
      this.type = type;
      this.timestamp = timestamp;
      this.cioId = cioId;
      this.personId = personId;
      this.email = email;
      this.name = name;
      this.data = data;
      this.deliveryId = deliveryId;
      this.deliveryType = deliveryType;
      this.url = url;
    }

    /** A ULID of the activity's time, the same on every read, distinct from every other activity's. */
    public String id() {
      return Ulid.of(timestamp * 1000, Ulid.scramble(salt), Ulid.scramble(salt + seq));
    }

    /** An {@code activityTypes} value of the Track document ({@code event}, {@code attribute_change}, ...). */
    public String type() {
      return type;
    }

    /** When it happened, Unix seconds of the fake's clock. */
    public long timestamp() {
      return timestamp;
    }

    /** The person it belongs to, or {@code null} (an anonymous event). */
    public String cioId() {
      return cioId;
    }

    /** The person's id then, or {@code null}. */
    public String personId() {
      return personId;
    }

    /** The person's email then, or {@code null}. */
    public String email() {
      return email;
    }

    /** The event's (or screen's) name, or {@code null}. */
    public String name() {
      return name;
    }

    /**
     * The event data, the attribute changes ({@code {attr: {from, to}}}, a new tree on each call) or the delivery's
     * data, or {@code null}.
     */
    public JsonNode data() {
      return data instanceof AttributeChanges c ? c.toJson() : data instanceof byte[] b ? Json.parseKept(b)
          : (JsonNode) data;
    }

    /** The delivery of a message activity, or {@code null}. */
    public String deliveryId() {
      return deliveryId;
    }

    /** {@code email}, {@code ios}, {@code android} or {@code phone} for a message, or {@code null}. */
    public String deliveryType() {
      return deliveryType;
    }

    /** The page of a {@code page} activity, or {@code null}. */
    public String url() {
      return url;
    }
  }

  /**
   * The changes of one identify, in the order the body named them: one array of name, value before, value after
   * (each value a {@link JsonNode}, a {@link String} or {@code null} for none). The values are the nodes the person
   * held and now holds, shared, not copied.
   */
  static final class AttributeChanges {
    private Object[] items;
    private int size;

    AttributeChanges(int expected) {
      this.items = new Object[3 * Math.max(1, expected)];
    }

    void add(String name, Object from, Object to) {
      if (size + 3 > items.length) {
        items = Arrays.copyOf(items, items.length * 2);
      }
      items[size++] = name;
      items[size++] = from;
      items[size++] = to;
    }

    boolean isEmpty() {
      return size == 0;
    }

    /** Drops the unused end of the array: the log keeps it for a while. */
    AttributeChanges trimmed() {
      if (size < items.length) {
        items = Arrays.copyOf(items, size);
      }
      return this;
    }

    ObjectNode toJson() {
      ObjectNode changes = Json.object();
      for (int i = 0; i < size; i += 3) {
        ObjectNode c = changes.putObject((String) items[i]);
        put(c, "from", items[i + 1]);
        put(c, "to", items[i + 2]);
      }
      return changes;
    }

    private static void put(ObjectNode c, String field, Object v) {
      if (v instanceof String s) {
        c.put(field, s);
      } else {
        c.set(field, (JsonNode) v);
      }
    }
  }

  private final BoundedLog<Activity> log;
  private final AtomicLong seq = new AtomicLong();
  private final long salt = Ulid.randomLong();
  private final AtomicLong notKept = new AtomicLong();

  Activities(int capacity) {
    this.log = new BoundedLog<>(capacity);
  }

  /**
   * Records an activity of a person ({@code p} may be {@code null} for an anonymous one); {@code data} is a
   * {@link JsonNode}, {@link AttributeChanges}, JSON bytes (an event's data, shared with the event) or {@code null}.
   */
  void record(String type, long timestamp, Person p, String name, Object data, String deliveryId,
      String deliveryType, String url) {
    log.add(new Activity(seq.incrementAndGet(), salt, type, timestamp, p == null ? null : p.cioId,
        p == null ? null : p.id, p == null ? null : p.email, name, data, deliveryId, deliveryType, url));
  }

  /** Records an activity of a person known by identifiers only (a delivery's recipient). */
  void record(String type, long timestamp, String cioId, String personId, String email, JsonNode data,
      String deliveryId, String deliveryType) {
    log.add(new Activity(seq.incrementAndGet(), salt, type, timestamp, cioId, personId, email, null, data,
        deliveryId, deliveryType, null));
  }

  /** Counts an activity not recorded because its person is not stored (the people cap kept them out). */
  void notKept(int n) {
    notKept.addAndGet(n);
  }

  /** The newest {@code limit} activities matching {@code filter}, oldest first. */
  public List<Activity> find(Predicate<Activity> filter, int limit) {
    return log.newest(limit, filter);
  }

  /** Every kept activity, oldest first. */
  public List<Activity> all() {
    return log.snapshot();
  }

  /** The capped log (sizes, what it dropped). */
  public BoundedLog<Activity> log() {
    return log;
  }

  /** Activities not kept: the oldest, pushed out by the cap, and those of people the people cap kept out. */
  public long dropped() {
    return log.dropped() + notKept.get();
  }

  void reset() {
    log.clear();
    notKept.set(0);
  }
}
