package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import dev.ciofake.WorkspaceSettings;

/**
 * The people of one workspace and every rule of the real service about them: identify (with its ignored cases),
 * identifier changes, anonymous ids, devices, relationships, manual segments, suppression, deletion and merges.
 * Guarded by the workspace's lock, which {@link Events} and {@link CustomObjects} share, so an identify that
 * attaches anonymous events or a merge that moves them is atomic.
 *
 * <p>Why one class of about 750 lines: identify, identifier changes, merge, alias, suppress and delete all read and
 * write the same indexes (id, email, cio_id, anonymous ids, suppressed identifiers) and must leave them consistent
 * together; split, each part would have to reach into the others' indexes. The views of a person live with the APIs
 * that render them, and the caps' arithmetic in {@code BoundedMaps}.
 */
public final class People {
  /** Customer.io's limit of unique attributes per person. */
  public static final int MAX_ATTRIBUTES_PER_PERSON = 300;

  private final Object lock;
  private final int maxPeople;
  private final Supplier<WorkspaceSettings> settings;
  private Events events;
  private final Map<String, Person> people = new LinkedHashMap<>();
  private final Map<String, Person> byId = new HashMap<>();
  private final Map<String, Person> byEmail = new HashMap<>();
  private final Map<String, Person> byPhone = new HashMap<>();
  private long nextCioId = FIRST_CIO_ID;
  private long droppedPeople;
  private static final long FIRST_CIO_ID = 0x03000001L;

  /** Caps on what one person holds: far above real use, they keep a loop of identical calls from growing a person. */
  public static final int MAX_DEVICES_PER_PERSON = 100;
  public static final int MAX_ANONYMOUS_IDS_PER_PERSON = 1_000;
  public static final int MAX_SEGMENTS_PER_PERSON = 10_000;
  public static final int MAX_RELATIONSHIPS_PER_PERSON = 10_000;
  /** How many identifiers of people not stored (past the cap) are remembered, so each is counted and named once. */
  static final int DROPPED_MEMORY = 100_000;
  /**
   * Suppressed identifiers (Track {@code suppress}): each key ({@code id:42}, {@code email:ada@example.com},
   * {@code phone:+1...}, {@code cio_id:...}) maps to the identifiers one suppression blocks together, so unsuppressing
   * either the id or the email frees both, as the Track document says. Bounded: the oldest suppressions are forgotten
   * past {@value #DROPPED_MEMORY} identifiers, and counted.
   */
  private final Map<String, Suppression> suppressions =
      new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Suppression> eldest) {
          if (size() > DROPPED_MEMORY) {
            personItemsDropped++;
            return true;
          }
          return false;
        }
      };
  /**
   * Identifiers of people the cap kept out (a 64-bit hash of kind and value) with the number of the cio_id they were
   * answered with: flat arrays, since past the cap every new identifier adds one and each stays for the next 100,000
   * (as objects, each would be copied by several young collections, then promoted, then die in the old generation).
   */
  private final dev.ciofake.internal.util.BoundedLongMap notStored =
      new dev.ciofake.internal.util.BoundedLongMap(DROPPED_MEMORY);
  private long personItemsDropped;

  People(Object lock, int maxPeople, Supplier<WorkspaceSettings> settings) {
    this.lock = lock;
    this.maxPeople = maxPeople;
    this.settings = settings;
  }

  void events(Events value) {
    this.events = value;
  }

  private Activities activities;

  void activities(Activities value) {
    this.activities = value;
  }

  /** The attribute changes an identify makes, as the activity log shows them: {@code {attr: {from, to}}}. */
  private static Activities.AttributeChanges attributeChanges(Person p, ObjectNode attrs, String bodyEmail) {
    Activities.AttributeChanges changes = new Activities.AttributeChanges(attrs.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (isReserved(e.getKey())) {
        continue;
      }
      JsonNode before = p.attributes.get(e.getKey());
      JsonNode after = isRemoval(e.getValue()) ? null : e.getValue();
      if (!java.util.Objects.equals(before, after)) {
        changes.add(e.getKey(), before, after);
      }
    }
    if (bodyEmail != null && !bodyEmail.equalsIgnoreCase(p.email == null ? "" : p.email)) {
      changes.add("email", p.email, bodyEmail);
    }
    return changes.trimmed();
  }

  /** The person {@code ref} names, or {@code null}. Call under the lock. */
  Person find(PersonRef ref) {
    switch (ref.type()) {
      case PersonRef.ID:
        return byId.get(ref.value());
      case PersonRef.EMAIL:
        return byEmail.get(ref.value().toLowerCase(Locale.ROOT));
      case PersonRef.PHONE:
        return byPhone.get(ref.value());
      default:
        Person p = people.get(ref.value());
        return p == null || p.deleted ? null : p;
    }
  }

  private Person create(PersonRef ref, long now) {
    if (people.size() >= maxPeople) {
      // served, not stored: the cap keeps memory bounded. The real service has no cap, so the request is answered as
      // it would be; the same identifier keeps one cio_id and is counted once.
      long key = dev.ciofake.internal.util.BoundedLongMap.hash(ref.type(), ref.value());
      long number = notStored.get(key, -1);
      if (number < 0) {
        droppedPeople++;
        number = nextCioId++;
        notStored.putNew(key, number);
      }
      return new Person(hex8(number), now);
    }
    Person p = new Person(hex8(nextCioId++), now);
    people.put(p.cioId, p);
    return p;
  }

  /** Whether the workspace holds as many people as its cap: an unknown person may have been one it kept out. */
  boolean atCap() {
    return people.size() >= maxPeople;
  }

  /** Adds to a capped collection of a person, counting what does not fit. */
  private boolean addCapped(java.util.Set<String> set, String value, int cap) {
    if (set.size() >= cap && !set.contains(value)) {
      personItemsDropped++;
      return false;
    }
    return set.add(value);
  }

  /**
   * Stores an attribute, keeping the stored node when the new one is equal. An identify usually repeats most of a
   * person's attributes: kept, the old (already promoted) nodes stay, where a new node each time would be one more
   * object that survives young collections and is copied until it is promoted.
   */
  private static void setAttribute(Person p, String k, JsonNode v) {
    JsonNode old = p.attributes.get(k);
    if (old == null || !old.equals(v)) {
      p.attributes.put(k, v);
    }
  }

  /** {@link #setAttribute} for a text value. */
  private static void setText(Person p, String k, String v) {
    JsonNode old = p.attributes.get(k);
    if (old == null || !old.isTextual() || !old.textValue().equals(v)) {
      p.attributes.put(k, com.fasterxml.jackson.databind.node.TextNode.valueOf(v));
    }
  }

  /** {@code %08x} without java.util.Formatter, which parses its pattern on every call (this runs under the lock). */
  static String hex8(long n) {
    String h = Long.toHexString(n);
    return h.length() >= 8 ? h : "00000000".substring(h.length()) + h;
  }

  private void dropPhone(Person p) {
    JsonNode phone = p.attributes.get("phone");
    if (phone != null && byPhone.get(phone.asText()) == p) {
      byPhone.remove(phone.asText());
    }
  }

  private void setId(Person p, String id) {
    if (id != null && id.equals(p.id)) {
      return; // unchanged: the index keeps its entry (a new one per identify would live until the person's next)
    }
    if (p.id != null) {
      byId.remove(p.id);
    }
    p.id = id;
    if (id != null && people.get(p.cioId) == p) {
      byId.put(id, p);
    }
  }

  private void setEmail(Person p, String email) {
    if (email != null && email.equals(p.email)) {
      return; // unchanged, as for the id
    }
    if (p.email != null) {
      byEmail.remove(p.email.toLowerCase(Locale.ROOT));
    }
    p.email = email;
    if (email != null && people.get(p.cioId) == p) {
      byEmail.put(email.toLowerCase(Locale.ROOT), p);
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() || !n.isValueNode() ? null : n.asText();
  }

  /**
   * Identify: create or update a person, following the real rules of docs/customerio-facts.md 1.3 and 1.4.
   * Requests the real service accepts but ignores produce {@link Effect.IdentifyIgnored}.
   */
  public void identify(PersonRef ref, ObjectNode attrs, long now, Consumer<Effect> effects) {
    synchronized (lock) {
      boolean updateOnly = attrs.path("_update").asBoolean(false);
      JsonNode orderingNode = attrs.get("_timestamp");
      Long ordering = orderingNode != null && orderingNode.isNumber() ? orderingNode.asLong() : null;
      String bodyId = text(attrs.get("id"));
      String bodyEmail = text(attrs.get("email"));
      if (bodyEmail != null && bodyEmail.isBlank()) {
        bodyEmail = null;
      }

      if (isSuppressed(ref) || suppressed(PersonRef.ID, bodyId) || suppressed(PersonRef.EMAIL, bodyEmail)) {
        effects.accept(new Effect.IdentifyIgnored(ref.type(), ref.value(), Effect.Reason.SUPPRESSED,
            "the identifier is suppressed: Customer.io ignores calls about it until it is unsuppressed"));
        return;
      }
      Person p = find(ref);
      boolean created = false;
      if (p == null) {
        if (ref.type().equals(PersonRef.CIO_ID)) {
          effects.accept(new Effect.IdentifyIgnored(ref.type(), ref.value(), Effect.Reason.UNKNOWN_CIO_ID,
              "no person has cio_id " + ref.value() + "; the real service drops the request"));
          return;
        }
        if (ref.type().equals(PersonRef.ID) && bodyEmail != null) {
          Person sameEmail = byEmail.get(bodyEmail.toLowerCase(Locale.ROOT));
          if (sameEmail != null) {
            if (sameEmail.id != null) {
              effects.accept(new Effect.IdentifyIgnored(ref.type(), ref.value(), Effect.Reason.EMAIL_BELONGS_TO_ANOTHER_PERSON, "email " + bodyEmail
                  + " already belongs to the person with id " + sameEmail.id
                  + "; the real service logs an Attribute Update Failure"));
              return;
            }
            p = sameEmail;
          }
        }
        if (p == null) {
          if (updateOnly) {
            effects.accept(new Effect.IdentifyIgnored(ref.type(), ref.value(), Effect.Reason.UPDATE_ONLY_UNKNOWN_PERSON,
                "_update is true and no person has " + ref.describe()));
            return;
          }
          p = create(ref, now);
          created = true;
        }
        if (ref.type().equals(PersonRef.ID)) {
          setId(p, ref.value());
        } else if (ref.type().equals(PersonRef.EMAIL)) {
          setEmail(p, ref.value());
        } else if (ref.type().equals(PersonRef.PHONE)) {
          p.attributes.put("phone", Json.object().textNode(ref.value()));
          if (people.get(p.cioId) == p) {
            byPhone.put(ref.value(), p);
          }
        }
      }

      if (ordering != null && p.lastOrderingTimestamp != null && ordering < p.lastOrderingTimestamp) {
        effects.accept(new Effect.IdentifyIgnored(ref.type(), ref.value(), Effect.Reason.STALE_TIMESTAMP, "_timestamp " + ordering
            + " is older than the person's latest update (" + p.lastOrderingTimestamp + ")"));
        return;
      }

      // Identifier changes: id and email may change only where the real service allows it.
      if (bodyId != null && !bodyId.equals(p.id)) {
        boolean allowed = ref.type().equals(PersonRef.CIO_ID) || p.id == null;
        Person other = byId.get(bodyId);
        if (!allowed || (other != null && other != p)) {
          effects.accept(new Effect.IdentifyIgnored(ref.type(), ref.value(), Effect.Reason.ID_CHANGE_NEEDS_CIO_ID, "changing id from " + p.id + " to "
              + bodyId + " requires addressing the person as cio_" + p.cioId
              + (other != null ? " and id " + bodyId + " already belongs to another person" : "")));
          return;
        }
      }
      if (bodyEmail != null && (p.email == null || !bodyEmail.equalsIgnoreCase(p.email))) {
        boolean allowed = p.email == null || ref.type().equals(PersonRef.CIO_ID)
            || (ref.type().equals(PersonRef.ID) && settings.get().allowEmailUpdatesById());
        Person other = byEmail.get(bodyEmail.toLowerCase(Locale.ROOT));
        if (!allowed || (other != null && other != p)) {
          effects.accept(new Effect.IdentifyIgnored(ref.type(), ref.value(), Effect.Reason.EMAIL_CHANGE_REFUSED, "changing email to " + bodyEmail
              + (other != null && other != p ? ": it already belongs to another person"
                  : " requires addressing the person as cio_" + p.cioId)));
          return;
        }
      }

      int newKeys = 0;
      for (Iterator<String> it = attrs.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!isReserved(k) && !p.attributes.containsKey(k) && !isRemoval(attrs.get(k))) {
          newKeys++;
        }
      }
      int existing = 0; // id and email are mirrored into attributes by this method; they must not use up the 300
      for (String k : p.attributes.keySet()) {
        if (!isReserved(k)) {
          existing++;
        }
      }
      if (existing + newKeys > MAX_ATTRIBUTES_PER_PERSON) {
        throw new StateRejection("attributes", "person " + ref.describe() + " would have "
            + (existing + newKeys) + " unique attributes; the limit is " + MAX_ATTRIBUTES_PER_PERSON);
      }

      // a person the cap keeps out has no profile, so no history either
      boolean logged = activities != null && stored(p);
      Activities.AttributeChanges changes = logged ? attributeChanges(p, attrs, bodyEmail) : null;
      if (bodyId != null) {
        setId(p, bodyId);
      }
      if (bodyEmail != null) {
        setEmail(p, bodyEmail);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String k = e.getKey();
        if (k.equals("anonymous_id")) {
          String anon = text(e.getValue());
          if (anon != null && !anon.isEmpty()) {
            addCapped(p.anonymousIdsForWrite(), anon, MAX_ANONYMOUS_IDS_PER_PERSON);
            events.attachAnonymous(anon, p);
          }
          continue;
        }
        if (isReserved(k)) {
          continue;
        }
        if (isRemoval(e.getValue())) {
          p.attributes.remove(k);
        } else {
          setAttribute(p, k, e.getValue());
        }
        if (k.equals("created_at") && e.getValue().canConvertToLong()) {
          p.createdAt = e.getValue().asLong();
        }
      }
      if (p.email != null) {
        setText(p, "email", p.email);
      }
      if (p.id != null) {
        setText(p, "id", p.id);
      }
      if (ordering != null) {
        p.lastOrderingTimestamp = ordering;
      }
      p.identified = true;
      p.updatedAt = now;
      if (logged) {
        if (created) {
          activities.record("profile_create", now, p, null, null, null, null, null);
        }
        if (!changes.isEmpty()) {
          activities.record("attribute_change", now, p, null, changes, null, null, null);
        }
      } else if (activities != null) {
        activities.notKept((created ? 1 : 0) + (bodyEmail != null || hasValue(attrs) ? 1 : 0));
      }
      effects.accept(new Effect.PersonIdentified(ref.type(), ref.value(), created, p.cioId, p.id, p.email, attrs));
  
    }
  }
  /** Whether {@code p} is one the workspace keeps (not one served past the people cap). Call under the lock. */
  private boolean stored(Person p) {
    return people.get(p.cioId) == p;
  }

  /** Whether an identify's attributes set anything an attribute change would show. */
  private static boolean hasValue(ObjectNode attrs) {
    for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!isReserved(e.getKey()) && !isRemoval(e.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isReserved(String key) {
    return key.equals("id") || key.equals("email") || key.equals("_update") || key.equals("_timestamp")
        || key.equals("anonymous_id") || key.equals("cio_relationships");
  }

  /** A null or empty-string value removes an attribute, as in the real service. */
  static boolean isRemoval(JsonNode v) {
    return v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty());
  }

  /** Deletes a person; unknown people are a no-op with 200, as in the real service. */
  public void delete(PersonRef ref, Consumer<Effect> effects) {
    synchronized (lock) {
      Person p = find(ref);
      if (p != null) {
        if (activities != null) {
          activities.record("profile_delete", p.updatedAt, p, null, null, null, null, null);
        }
        remove(p);
      }
      effects.accept(new Effect.PersonChanged("delete", ref.type(), ref.value(), p != null));
  
    }
  }

  /**
   * What one suppression blocks: the deleted profile's id, email and phone (or the one identifier suppressed for
   * nobody), the cio_id the profile had ({@code null} when there was none) and when it happened.
   */
  public record Suppression(String id, String email, String phone, String cioId, long at) {}

  private static String key(String type, String value) {
    return type + ":" + (type.equals(PersonRef.EMAIL) ? value.toLowerCase(Locale.ROOT) : value);
  }

  /** The suppression that blocks {@code ref}, or {@code null}; call under the lock. */
  Suppression suppressionOf(PersonRef ref) {
    return ref == null ? null : suppressions.get(key(ref.type(), ref.value()));
  }

  private boolean suppressed(String type, String value) {
    return value != null && suppressions.containsKey(key(type, value));
  }

  /** The suppression that blocks {@code ref}, or {@code null}: for views of a suppressed identifier. */
  public Suppression suppression(PersonRef ref) {
    synchronized (lock) {
      return suppressionOf(ref);
    }
  }

  /**
   * Track {@code suppress} and {@code unsuppress}, as the Track document describes them: suppress deletes the
   * profile ("You cannot recover a profile after you suppress it") and blocks its identifiers (the id and the email,
   * or the one identifier given for an unknown person), so later calls about them are ignored; unsuppress frees the
   * identifiers and "does not recreate the profile": an identify afterwards creates a new person, with none of the
   * old history.
   */
  public void suppress(PersonRef ref, boolean suppress, long now, Consumer<Effect> effects) {
    synchronized (lock) {
      if (!suppress) {
        Suppression s = suppressionOf(ref);
        if (s != null) {
          for (String[] k : keysOf(s)) {
            suppressions.remove(key(k[0], k[1]));
          }
        }
        effects.accept(new Effect.PersonChanged("unsuppress", ref.type(), ref.value(), s != null));
        return;
      }
      Person p = find(ref);
      if (p == null && (suppressionOf(ref) != null || ref.type().equals(PersonRef.CIO_ID))) {
        effects.accept(new Effect.PersonChanged("suppress", ref.type(), ref.value(), false));
        return;
      }
      JsonNode phone = p == null ? null : p.attributes.get("phone");
      Suppression s = p != null
          ? new Suppression(p.id, p.email, phone == null ? null : phone.asText(), p.cioId, now)
          : new Suppression(ref.type().equals(PersonRef.ID) ? ref.value() : null,
              ref.type().equals(PersonRef.EMAIL) ? ref.value() : null,
              ref.type().equals(PersonRef.PHONE) ? ref.value() : null, null, now);
      for (String[] k : keysOf(s)) {
        suppressions.put(key(k[0], k[1]), s);
      }
      if (p != null) {
        remove(p);
      }
      effects.accept(new Effect.PersonChanged("suppress", ref.type(), ref.value(), p != null));
    }
  }

  private static List<String[]> keysOf(Suppression s) {
    List<String[]> out = new ArrayList<>();
    if (s.id() != null) {
      out.add(new String[] {PersonRef.ID, s.id()});
    }
    if (s.email() != null) {
      out.add(new String[] {PersonRef.EMAIL, s.email()});
    }
    if (s.phone() != null) {
      out.add(new String[] {PersonRef.PHONE, s.phone()});
    }
    if (s.cioId() != null) {
      out.add(new String[] {PersonRef.CIO_ID, s.cioId()});
    }
    return out;
  }

  /** Whether an identifier is suppressed, so calls about it are ignored; call under the lock. */
  boolean isSuppressed(PersonRef ref) {
    return suppressionOf(ref) != null;
  }

  /** Removes a person from the workspace (delete, suppress, the secondary of a merge); under the lock. */
  private void remove(Person p) {
    p.deleted = true;
    dropPhone(p);
    setId(p, null);
    setEmail(p, null);
    people.remove(p.cioId);
  }

  /** Adds or updates a device on a person, creating the person when unknown. */
  public void addDevice(PersonRef ref, ObjectNode device, long now, Consumer<Effect> effects) {
    synchronized (lock) {
      Person p = findOrCreateForActivity(ref, now);
      if (p == null) {
        effects.accept(new Effect.PersonChanged("add_device", ref.type(), ref.value(), false));
        return;
      }
      ObjectNode stored = device.deepCopy();
      String deviceId = device.path("id").asText();
      if (p.devices.size() >= MAX_DEVICES_PER_PERSON && !p.devices.containsKey(deviceId)) {
        personItemsDropped++;
      } else {
        p.devicesForWrite().put(deviceId, stored);
      }
      p.updatedAt = now;
      if (activities != null && stored(p)) {
        activities.record("device_change", now, p, null, stored, null, null, null);
      } else if (activities != null) {
        activities.notKept(1);
      }
      effects.accept(new Effect.PersonChanged("add_device", ref.type(), ref.value(), true));
  
    }
  }

  /** Removes a device; unknown people and devices are a no-op. */
  public void deleteDevice(PersonRef ref, String deviceId, Consumer<Effect> effects) {
    synchronized (lock) {
      Person p = find(ref);
      boolean found = p != null && !p.devices.isEmpty() && p.devicesForWrite().remove(deviceId) != null;
      effects.accept(new Effect.PersonChanged("delete_device", ref.type(), ref.value(), found));
  
    }
  }

  /** The person, created (unidentified) for an id, email or phone nobody has; call under the lock. */
  Person findOrCreateForActivity(PersonRef ref, long now) {
    Person p = find(ref);
    if (p == null && !ref.type().equals(PersonRef.CIO_ID) && !isSuppressed(ref)) {
      p = create(ref, now);
      if (ref.type().equals(PersonRef.ID)) {
        setId(p, ref.value());
      } else if (ref.type().equals(PersonRef.PHONE)) {
        p.attributes.put("phone", Json.object().textNode(ref.value()));
        if (people.get(p.cioId) == p) {
          byPhone.put(ref.value(), p);
        }
      } else {
        setEmail(p, ref.value());
      }
    }
    return p;
  }

  /**
   * Adds (or removes) relationships between a person and objects, given as {@code object_type_id:object_id}
   * keys or {@code cio_object_id} values. The person is created when unknown.
   */
  public void relate(PersonRef ref, List<String> objectKeys, boolean add, long now,
      Consumer<Effect> effects) {
    synchronized (lock) {
      Person p = add ? findOrCreateForActivity(ref, now) : find(ref);
      if (p != null) {
        if (add) {
          objectKeys.forEach(k -> addCapped(p.relationshipsForWrite(), k, MAX_RELATIONSHIPS_PER_PERSON));
        } else {
          p.relationshipsForWrite().removeAll(objectKeys);
        }
        p.updatedAt = now;
        if (activities != null && !stored(p)) {
          activities.notKept(1);
        } else if (activities != null) {
          com.fasterxml.jackson.databind.node.ArrayNode keys = Json.array();
          objectKeys.forEach(keys::add);
          ObjectNode data = Json.object();
          data.set("objects", keys);
          activities.record(add ? "add_relationship" : "delete_relationship", now, p, null, data, null, null, null);
        }
      }
      effects.accept(new Effect.PersonChanged(add ? "add_relationships" : "delete_relationships", ref.type(),
          ref.value(), p != null));
  
    }
  }

  /**
   * Merges {@code secondary} into {@code primary}: the primary keeps its identifiers and wins attribute
   * conflicts; devices, segments, anonymous ids and events move over; the secondary is deleted. Nothing
   * happens when either person is unknown (the real service answers 200 either way).
   */
  public void merge(PersonRef primary, PersonRef secondary, long now, Consumer<Effect> effects) {
    synchronized (lock) {
      Person a = find(primary);
      Person b = find(secondary);
      if (a == null || b == null || a == b) {
        effects.accept(new Effect.PeopleMerged(primary.describe(), secondary.describe(), false));
        return;
      }
      b.attributes.forEach((k, v) -> {
        if (!k.equals("id") && !k.equals("email")) {
          a.attributes.putIfAbsent(k, v);
        }
      });
      b.devices.forEach(a.devicesForWrite()::putIfAbsent);
      b.segments.forEach(seg -> addCapped(a.segmentsForWrite(), seg, MAX_SEGMENTS_PER_PERSON));
      b.anonymousIds.forEach(anon -> addCapped(a.anonymousIdsForWrite(), anon, MAX_ANONYMOUS_IDS_PER_PERSON));
      if (a.email == null && b.email != null) {
        String email = b.email;
        setEmail(b, null);
        setEmail(a, email);
        a.attributes.put("email", Json.object().textNode(email));
      }
      events.reassign(b, a);
      a.identified |= b.identified;
      a.updatedAt = now;
      if (activities != null) {
        ObjectNode data = Json.object();
        data.put("merged_cio_id", b.cioId);
        data.put("merged_id", b.id);
        activities.record("profile_merge", now, a, null, data, null, null, null);
      }
      remove(b);
      effects.accept(new Effect.PeopleMerged(primary.describe(), secondary.describe(), true));
  
    }
  }

  /**
   * A Pipelines {@code alias}: {@code previousId} joins the person {@code user}. When another person has the id
   * {@code previousId}, they are merged into {@code user} (as {@link #merge} does); otherwise {@code previousId} is an
   * anonymous id: it joins {@code user} (created, not identified, when unknown) and the anonymous events tracked with
   * it move to them. No identify happens: the person's attributes do not change.
   */
  public void alias(PersonRef user, String previousId, long now, Consumer<Effect> effects) {
    synchronized (lock) {
      Person previous = byId.get(previousId);
      Person p = find(user);
      if (previous != null && previous != p) {
        if (p == null) {
          // the previous id is the only profile: it takes the new id (what an alias of a renamed user means)
          setId(previous, user.value());
          previous.attributes.put("id", Json.object().textNode(user.value()));
          previous.updatedAt = now;
          effects.accept(new Effect.PeopleMerged(user.describe(), "id \"" + previousId + "\"", true));
          return;
        }
        merge(user, new PersonRef(PersonRef.ID, previousId), now, effects);
        return;
      }
      if (p == null) {
        p = findOrCreateForActivity(user, now);
      }
      if (p != null && !previousId.equals(p.id)) {
        addCapped(p.anonymousIdsForWrite(), previousId, MAX_ANONYMOUS_IDS_PER_PERSON);
        events.attachAnonymous(previousId, p);
        p.updatedAt = now;
      }
      effects.accept(new Effect.PeopleMerged(user.describe(), "anonymous_id \"" + previousId + "\"", p != null));
    }
  }

  /**
   * Adds people to, or removes them from, a manual segment. Ids that do not match a person are ignored, as in
   * the real service. Returns how many people changed.
   */
  public int segment(String segmentId, String idType, List<String> ids, boolean add) {
    synchronized (lock) {
      int changed = 0;
      for (String id : ids) {
        Person p = find(new PersonRef(idType, id));
        if (p != null && (add ? addCapped(p.segmentsForWrite(), segmentId, MAX_SEGMENTS_PER_PERSON)
            : p.segmentsForWrite().remove(segmentId))) {
          changed++;
        }
      }
      return changed;
  
    }
  }

  /** Takes everyone out of a manual segment (the segment was deleted); returns how many were in it. */
  public int dropSegment(String segmentId) {
    synchronized (lock) {
      int n = 0;
      for (Person p : people.values()) {
        if (p.segments.remove(segmentId)) {
          n++;
        }
      }
      return n;
    }
  }

  /** The ids of every segment someone is in (manual segments filled through the Track API). */
  public java.util.Set<String> segmentIdsInUse() {
    synchronized (lock) {
      java.util.Set<String> out = new java.util.TreeSet<>();
      people.values().forEach(p -> out.addAll(p.segments));
      return out;
    }
  }

  /**
   * A snapshot of a message recipient.
   *
   * @param devices the person's device tokens and their platforms ({@code ios}, {@code android}), oldest first
   * @param created whether the send created the person (it did not exist)
   */
  public record Recipient(String cioId, String id, String email, String phone, boolean suppressed,
      boolean unsubscribed, Map<String, String> devices, boolean created) {}

  /**
   * Finds the person a send addresses, creating them for an {@code id} or {@code email} that is unknown, as
   * the real service does; {@code null} for an unknown {@code cio_id}.
   */
  public Recipient recipient(PersonRef ref, long now) {
    synchronized (lock) {
      Person p = find(ref);
      boolean created = false;
      if (p == null) {
        Suppression s = suppressionOf(ref);
        if (s != null) {
          // the send is accepted and not delivered; it names the profile the suppression deleted
          return new Recipient(s.cioId(), s.id(), s.email(), s.phone(), true, false, Map.of(), false);
        }
        if (ref.type().equals(PersonRef.CIO_ID)) {
          return null;
        }
        p = findOrCreateForActivity(ref, now);
        created = true;
      }
      JsonNode phone = p.attributes.get("phone");
      Map<String, String> devices = new LinkedHashMap<>();
      p.devices.forEach((token, d) -> devices.put(token, d.path("platform").asText(null)));
      return new Recipient(p.cioId, p.id, p.email, phone == null ? null : phone.asText(), false,
          p.unsubscribed(), devices, created);
  
    }
  }

  /** The cio_ids of the people these refs name (unknown ones are left out). */
  public List<String> cioIdsOf(List<PersonRef> refs) {
    synchronized (lock) {
      List<String> out = new ArrayList<>();
      for (PersonRef r : refs) {
        Person p = find(r);
        if (p != null) {
          out.add(p.cioId);
        }
      }
      return out;
  
    }
  }

  /** Whether a person exists for {@code ref}. */
  public boolean exists(PersonRef ref) {
    synchronized (lock) {
      return find(ref) != null;
  
    }
  }

  /** People whose email matches (case-insensitively), as {@code {email,id,cio_id}}. */
  public List<ObjectNode> peopleByEmail(String email) {
    synchronized (lock) {
      List<ObjectNode> out = new ArrayList<>();
      Person p = byEmail.get(email.toLowerCase(Locale.ROOT));
      if (p != null) {
        ObjectNode n = Json.object();
        n.put("email", p.email);
        n.put("id", p.id);
        n.put("cio_id", p.cioId);
        out.add(n);
      }
      return out;
  
    }
  }

  /** The manual segments a person is in; {@code null} when the person is unknown. */
  public List<String> segmentsOf(PersonRef ref) {
    synchronized (lock) {
      Person p = find(ref);
      return p == null ? null : new ArrayList<>(p.segments);
  
    }
  }

  /** Number of stored people. */
  public int peopleCount() {
    synchronized (lock) {
      return people.size();
  
    }
  }

  /** Reads one person under the lock ({@code null} when unknown): for views that render a person. */
  public <T> T read(PersonRef ref, Function<Person, T> view) {
    synchronized (lock) {
      Person p = find(ref);
      return p == null ? null : view.apply(p);
    }
  }

  /** Reads every stored person under the lock, oldest first. */
  public <T> List<T> readAll(Function<Person, T> view) {
    synchronized (lock) {
      List<T> out = new ArrayList<>(people.size());
      people.values().forEach(p -> out.add(view.apply(p)));
      return out;
    }
  }

  /** The stored person with this cio_id (not deleted), or {@code null}; call under the lock. */
  Person byCioId(String cioId) {
    return people.get(cioId);
  }

  /** Every stored person; call under the lock. */
  Iterable<Person> all() {
    return people.values();
  }

  /** People the cap kept out: distinct identifiers (each counted once, while up to 100,000 are remembered). */
  public long dropped() {
    synchronized (lock) {
      return droppedPeople;
    }
  }

  /** The cap on stored people. */
  public int cap() {
    return maxPeople;
  }

  /** Devices, anonymous ids, segments and relationships a person's caps kept out. */
  public long personItemsDropped() {
    synchronized (lock) {
      return personItemsDropped;
    }
  }

  void reset() {
    people.clear();
    byId.clear();
    byEmail.clear();
    byPhone.clear();
    droppedPeople = 0;
    notStored.clear();
    suppressions.clear();
    personItemsDropped = 0;
    nextCioId = FIRST_CIO_ID;
  }
}
