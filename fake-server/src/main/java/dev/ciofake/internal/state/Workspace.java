package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.RateLimit;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.internal.http.Json;
import dev.ciofake.internal.pitfall.PitfallLog;
import dev.ciofake.internal.ratelimit.RateLimiters;
import dev.ciofake.internal.routing.RateClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fake Customer.io workspace: its credentials, settings, people, events and pitfalls, isolated from every
 * other workspace.
 *
 * <p>Every state change goes through a method of this class and holds the workspace's lock, so an operation
 * (identify with an anonymous merge, a merge of two people) is atomic. Reads that build JSON take the same lock.
 * Stored events, people and pitfalls are capped; what a cap drops is counted.
 */
public final class Workspace {
  /** Customer.io's limit of unique attributes per person. */
  public static final int MAX_ATTRIBUTES_PER_PERSON = 300;

  private final WorkspaceCredentials credentials;
  private final int maxPeople;
  private final int environmentId;
  private volatile boolean lenientTimestamps;
  private volatile boolean emailIdentifiers;
  private volatile boolean allowEmailUpdatesById = true;
  private volatile String region;

  private final Map<String, Person> people = new LinkedHashMap<>();
  private final Map<String, Person> byId = new HashMap<>();
  private final Map<String, Person> byEmail = new HashMap<>();
  private final Map<String, Person> byPhone = new HashMap<>();
  private final Map<String, ObjectNode> objects = new LinkedHashMap<>();
  private final BoundedLog<StoredEvent> events;
  private final Map<String, Boolean> seenEventIds;
  private final BoundedLog<ObjectNode> deliveryMetrics;
  private final BoundedLog<ObjectNode> formSubmissions;
  private final PitfallLog pitfalls;
  private final RateLimiters rateLimiters;
  private final Map<Object, Object> detectorState = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean expectEmail = true;
  private final long deliveryProblemGraceMillis;
  private final BoundedLog<ObjectNode> deliveries;
  private final Map<String, ObjectNode> deliveriesById;
  private final BoundedLog<ObjectNode> broadcastTriggers;
  private final Map<Long, ObjectNode> triggersById;
  private long nextTriggerId = 1;
  private final Map<String, ObjectNode> deliveryProblems = boundedMap(10_000);
  private final dev.ciofake.internal.webhook.WebhookEmitter.Hooks hooks =
      new dev.ciofake.internal.webhook.WebhookEmitter.Hooks();
  private long nextCioId = 0x03000001L;
  private long nextEventSeq = 1;
  private long droppedPeople;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong rejectedRequests = new AtomicLong();

  public Workspace(WorkspaceCredentials credentials, CioFakeOptions options, int environmentId) {
    this.credentials = credentials;
    this.maxPeople = options.maxPeoplePerWorkspace();
    this.environmentId = environmentId;
    this.lenientTimestamps = options.lenientTimestamps();
    this.emailIdentifiers = options.emailIdentifiers();
    this.region = options.region();
    this.events = new BoundedLog<>(options.maxEventsPerWorkspace());
    int dedupCap = (int) Math.max(1024, Math.min(Integer.MAX_VALUE, 2L * options.maxEventsPerWorkspace()));
    this.seenEventIds = BoundedMaps.insertionOrdered(dedupCap);
    this.deliveryMetrics = new BoundedLog<>(Math.max(100, options.maxEventsPerWorkspace() / 4));
    this.formSubmissions = new BoundedLog<>(Math.max(100, options.maxEventsPerWorkspace() / 4));
    this.pitfalls = new PitfallLog(options.maxPitfallsPerWorkspace());
    int deliveryCap = Math.max(100, options.maxEventsPerWorkspace() / 4);
    this.deliveries = new BoundedLog<>(deliveryCap);
    this.deliveriesById = boundedMap(deliveryCap);
    this.broadcastTriggers = new BoundedLog<>(1000);
    this.triggersById = boundedMap(1000);
    Map<RateClass, RateLimit> limits = new java.util.EnumMap<>(RateClass.class);
    options.rateLimits().forEach((k, v) -> limits.put(RateClass.parse(k), v));
    this.rateLimiters = new RateLimiters(limits, options.rateLimitsEnabled());
    this.expectEmail = options.expectEmail();
    this.deliveryProblemGraceMillis = options.deliveryProblemGrace().toMillis();
  }

  /** Grace after a reported bounce or complaint during which emailing the person is not yet ignoring it. */
  public long deliveryProblemGraceMillis() {
    return deliveryProblemGraceMillis;
  }

  private static <K, V> Map<K, V> boundedMap(int cap) {
    return BoundedMaps.insertionOrdered(cap);
  }

  // ---------------------------------------------------------------- identity and settings

  public WorkspaceCredentials credentials() {
    return credentials;
  }

  public String siteId() {
    return credentials.siteId();
  }

  public int environmentId() {
    return environmentId;
  }

  public boolean lenientTimestamps() {
    return lenientTimestamps;
  }

  public void lenientTimestamps(boolean value) {
    this.lenientTimestamps = value;
  }

  public boolean emailIdentifiers() {
    return emailIdentifiers;
  }

  public void emailIdentifiers(boolean value) {
    this.emailIdentifiers = value;
  }

  /** The real workspace setting "Allow updates to email using ID" (on by default). */
  public boolean allowEmailUpdatesById() {
    return allowEmailUpdatesById;
  }

  public void allowEmailUpdatesById(boolean value) {
    this.allowEmailUpdatesById = value;
  }

  public String region() {
    return region;
  }

  public void region(String value) {
    this.region = value;
  }

  public PitfallLog pitfalls() {
    return pitfalls;
  }

  /**
   * Per-workspace memory of a pitfall detector (bounded by the detector), created on first use and forgotten
   * on reset.
   */
  @SuppressWarnings("unchecked")
  public <T> T detectorState(Object key, java.util.function.Supplier<T> create) {
    return (T) detectorState.computeIfAbsent(key, k -> create.get());
  }

  /** Whether people are expected to have an email attribute (the {@code missing-email} pitfall); default true. */
  public boolean expectEmail() {
    return expectEmail;
  }

  public void expectEmail(boolean value) {
    this.expectEmail = value;
  }

  /** This workspace's rate limiters (one per API class). */
  public RateLimiters rateLimiters() {
    return rateLimiters;
  }

  public void countRequest(boolean rejected) {
    requests.incrementAndGet();
    if (rejected) {
      rejectedRequests.incrementAndGet();
    }
  }

  // ---------------------------------------------------------------- people

  private Person find(PersonRef ref) {
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

  private Person create(long now) {
    String cioId = hex8(nextCioId++);
    Person p = new Person(cioId, now);
    if (people.size() >= maxPeople) {
      droppedPeople++;
      return p; // served, not stored: the cap keeps memory bounded
    }
    people.put(cioId, p);
    return p;
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
    if (p.id != null) {
      byId.remove(p.id);
    }
    p.id = id;
    if (id != null && people.get(p.cioId) == p) {
      byId.put(id, p);
    }
  }

  private void setEmail(Person p, String email) {
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
   * Identify: create or update a person, following the real rules of customerio-api.md 1.3 and 1.4.
   * Requests the real service accepts but ignores produce {@link Effect.IdentifyIgnored}.
   */
  public synchronized void identify(PersonRef ref, ObjectNode attrs, long now, Consumer<Effect> effects) {
    boolean updateOnly = attrs.path("_update").asBoolean(false);
    JsonNode orderingNode = attrs.get("_timestamp");
    Long ordering = orderingNode != null && orderingNode.isNumber() ? orderingNode.asLong() : null;
    String bodyId = text(attrs.get("id"));
    String bodyEmail = text(attrs.get("email"));
    if (bodyEmail != null && bodyEmail.isBlank()) {
      bodyEmail = null;
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
        p = create(now);
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

    if (p.suppressed) {
      effects.accept(new Effect.IdentifyIgnored(ref.type(), ref.value(), Effect.Reason.SUPPRESSED, "the person is suppressed"));
      return;
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
          || (ref.type().equals(PersonRef.ID) && allowEmailUpdatesById);
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
          p.anonymousIds.add(anon);
          attachAnonymousEvents(anon, p);
        }
        continue;
      }
      if (isReserved(k)) {
        continue;
      }
      if (isRemoval(e.getValue())) {
        p.attributes.remove(k);
      } else {
        p.attributes.put(k, e.getValue());
      }
      if (k.equals("created_at") && e.getValue().canConvertToLong()) {
        p.createdAt = e.getValue().asLong();
      }
    }
    if (p.email != null) {
      p.attributes.put("email", Json.object().textNode(p.email));
    }
    if (p.id != null) {
      p.attributes.put("id", Json.object().textNode(p.id));
    }
    if (ordering != null) {
      p.lastOrderingTimestamp = ordering;
    }
    p.identified = true;
    p.updatedAt = now;
    effects.accept(new Effect.PersonIdentified(ref.type(), ref.value(), created, p.cioId, p.id, p.email, attrs));
  }

  private static boolean isReserved(String key) {
    return key.equals("id") || key.equals("email") || key.equals("_update") || key.equals("_timestamp")
        || key.equals("anonymous_id") || key.equals("cio_relationships");
  }

  /** A null or empty-string value removes an attribute, as in the real service. */
  private static boolean isRemoval(JsonNode v) {
    return v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty());
  }

  private void attachAnonymousEvents(String anonymousId, Person p) {
    for (StoredEvent e : events.snapshot()) {
      if (anonymousId.equals(e.anonymousId) && e.personCioId == null) {
        e.personCioId = p.cioId;
        e.personId = p.id;
      }
    }
  }

  /** Deletes a person; unknown people are a no-op with 200, as in the real service. */
  public synchronized void delete(PersonRef ref, Consumer<Effect> effects) {
    Person p = find(ref);
    if (p != null) {
      p.deleted = true;
      dropPhone(p);
      setId(p, null);
      setEmail(p, null);
      people.remove(p.cioId);
    }
    effects.accept(new Effect.PersonChanged("delete", ref.type(), ref.value(), p != null));
  }

  /** Suppresses a person, creating a suppressed record for an unknown one (the identifier stays blocked). */
  public synchronized void suppress(PersonRef ref, boolean suppressed, long now, Consumer<Effect> effects) {
    Person p = find(ref);
    boolean found = p != null;
    if (p == null && suppressed) {
      p = findOrCreateForActivity(ref, now); // id, email or phone (v2); null for an unknown cio_id
    }
    if (p != null) {
      p.suppressed = suppressed;
      p.updatedAt = now;
    }
    effects.accept(new Effect.PersonChanged(suppressed ? "suppress" : "unsuppress", ref.type(), ref.value(), found));
  }

  /** Adds or updates a device on a person, creating the person when unknown. */
  public synchronized void addDevice(PersonRef ref, ObjectNode device, long now, Consumer<Effect> effects) {
    Person p = findOrCreateForActivity(ref, now);
    if (p == null) {
      effects.accept(new Effect.PersonChanged("add_device", ref.type(), ref.value(), false));
      return;
    }
    ObjectNode stored = device.deepCopy();
    p.devices.put(device.path("id").asText(), stored);
    p.updatedAt = now;
    effects.accept(new Effect.PersonChanged("add_device", ref.type(), ref.value(), true));
  }

  /** Removes a device; unknown people and devices are a no-op. */
  public synchronized void deleteDevice(PersonRef ref, String deviceId, Consumer<Effect> effects) {
    Person p = find(ref);
    boolean found = p != null && p.devices.remove(deviceId) != null;
    effects.accept(new Effect.PersonChanged("delete_device", ref.type(), ref.value(), found));
  }

  private Person findOrCreateForActivity(PersonRef ref, long now) {
    Person p = find(ref);
    if (p == null && !ref.type().equals(PersonRef.CIO_ID)) {
      p = create(now);
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
  public synchronized void relate(PersonRef ref, List<String> objectKeys, boolean add, long now,
      Consumer<Effect> effects) {
    Person p = add ? findOrCreateForActivity(ref, now) : find(ref);
    if (p != null) {
      if (add) {
        p.relationships.addAll(objectKeys);
      } else {
        p.relationships.removeAll(objectKeys);
      }
      p.updatedAt = now;
    }
    effects.accept(new Effect.PersonChanged(add ? "add_relationships" : "delete_relationships", ref.type(),
        ref.value(), p != null));
  }

  /**
   * Creates or updates an object ({@code object_type_id:object_id}); null or "" removes an attribute.
   * Returns the stored object's JSON.
   */
  public synchronized void identifyObject(String key, ObjectNode attributes, long now) {
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
      if (isRemoval(e.getValue())) {
        attrs.remove(e.getKey());
      } else {
        attrs.set(e.getKey(), e.getValue());
      }
    });
    o.put("updated_at", now);
  }

  /** Relates an object to people (given as person refs), creating the object when unknown. */
  public synchronized void relateObject(String key, List<PersonRef> refs, boolean add, long now) {
    identifyObject(key, Json.object(), now);
    var rel = (com.fasterxml.jackson.databind.node.ArrayNode) objects.get(key).get("relationships");
    for (PersonRef r : refs) {
      Person p = add ? findOrCreateForActivity(r, now) : find(r);
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

  /** Deletes an object; unknown objects are a no-op. */
  public synchronized void deleteObject(String key) {
    objects.remove(key);
    for (Person p : people.values()) {
      p.relationships.remove(key);
    }
  }

  /** All objects as JSON. */
  public synchronized List<ObjectNode> objectsJson() {
    List<ObjectNode> out = new ArrayList<>();
    objects.values().forEach(o -> out.add(o.deepCopy()));
    return out;
  }

  /**
   * Stores an event for a person (created, unidentified, when unknown, as the real service does) or an
   * anonymous event. An {@code id} seen before makes it a silently ignored duplicate.
   */
  public synchronized void track(PersonRef ref, String anonymousId, String eventId, String name, String type,
      Long timestamp, JsonNode data, String requestId, long now, Consumer<Effect> effects) {
    if (eventId != null && seenEventIds.containsKey(eventId)) {
      effects.accept(new Effect.EventTracked(name, type, ref == null ? null : ref.type(),
          ref == null ? null : ref.value(), anonymousId, null, true, eventId, timestamp, data));
      return;
    }
    if (eventId != null) {
      seenEventIds.put(eventId, Boolean.TRUE);
    }
    Boolean identifiedBefore = null;
    String cioId = null;
    String personId = null;
    if (ref != null) {
      Person p = find(ref);
      identifiedBefore = p != null && p.identified;
      if (p == null) {
        p = findOrCreateForActivity(ref, now);
      }
      if (p != null) {
        cioId = p.cioId;
        personId = p.id;
        p.updatedAt = now;
      }
    } else if (anonymousId != null) {
      for (Person p : people.values()) {
        if (p.anonymousIds.contains(anonymousId)) {
          cioId = p.cioId;
          personId = p.id;
          break;
        }
      }
    }
    events.add(new StoredEvent(nextEventSeq++, requestId, eventId, name, type, anonymousId, data, timestamp,
        now, cioId, personId));
    effects.accept(new Effect.EventTracked(name, type, ref == null ? null : ref.type(),
        ref == null ? null : ref.value(), anonymousId, identifiedBefore, false, eventId, timestamp, data));
  }

  /**
   * Merges {@code secondary} into {@code primary}: the primary keeps its identifiers and wins attribute
   * conflicts; devices, segments, anonymous ids and events move over; the secondary is deleted. Nothing
   * happens when either person is unknown (the real service answers 200 either way).
   */
  public synchronized void merge(PersonRef primary, PersonRef secondary, long now, Consumer<Effect> effects) {
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
    b.devices.forEach(a.devices::putIfAbsent);
    a.segments.addAll(b.segments);
    a.anonymousIds.addAll(b.anonymousIds);
    if (a.email == null && b.email != null) {
      String email = b.email;
      setEmail(b, null);
      setEmail(a, email);
      a.attributes.put("email", Json.object().textNode(email));
    }
    for (StoredEvent e : events.snapshot()) {
      if (b.cioId.equals(e.personCioId)) {
        e.personCioId = a.cioId;
        e.personId = a.id;
      }
    }
    a.identified |= b.identified;
    a.updatedAt = now;
    b.deleted = true;
    setId(b, null);
    setEmail(b, null);
    people.remove(b.cioId);
    effects.accept(new Effect.PeopleMerged(primary.describe(), secondary.describe(), true));
  }

  /**
   * Adds people to, or removes them from, a manual segment. Ids that do not match a person are ignored, as in
   * the real service. Returns how many people changed.
   */
  public synchronized int segment(String segmentId, String idType, List<String> ids, boolean add) {
    int changed = 0;
    for (String id : ids) {
      Person p = find(new PersonRef(idType, id));
      if (p != null && (add ? p.segments.add(segmentId) : p.segments.remove(segmentId))) {
        changed++;
      }
    }
    return changed;
  }

  /** Records a form submission and identifies the person it names (by {@code email} or {@code id}). */
  public synchronized void submitForm(String formId, ObjectNode data, long now, Consumer<Effect> effects) {
    ObjectNode rec = Json.object();
    rec.put("form_id", formId);
    rec.set("data", data.deepCopy());
    rec.put("received_at", now);
    formSubmissions.add(rec);
    ObjectNode attrs = Json.object();
    data.fields().forEachRemaining(e -> {
      if (!e.getKey().startsWith("form_")) {
        attrs.set(e.getKey(), e.getValue());
      }
    });
    PersonRef ref = data.hasNonNull("id") ? new PersonRef(PersonRef.ID, data.get("id").asText())
        : new PersonRef(PersonRef.EMAIL, data.path("email").asText());
    attrs.remove("id");
    identify(ref, attrs, now, effects);
  }

  /** Records a delivery metric (metrics, push events, unsubscribes). */
  public void recordDeliveryMetric(ObjectNode metric) {
    deliveryMetrics.add(metric);
  }

  // ---------------------------------------------------------------- App API: deliveries, broadcasts, lookups

  /**
   * A snapshot of a message recipient.
   *
   * @param created whether the send created the person (it did not exist)
   */
  public record Recipient(String cioId, String id, String email, String phone, boolean suppressed,
      boolean unsubscribed, List<String> deviceTokens, boolean created) {}

  /**
   * Finds the person a send addresses, creating them for an {@code id} or {@code email} that is unknown, as
   * the real service does; {@code null} for an unknown {@code cio_id}.
   */
  public synchronized Recipient recipient(PersonRef ref, long now) {
    Person p = find(ref);
    boolean created = false;
    if (p == null) {
      if (ref.type().equals(PersonRef.CIO_ID)) {
        return null;
      }
      p = findOrCreateForActivity(ref, now);
      created = true;
    }
    JsonNode phone = p.attributes.get("phone");
    return new Recipient(p.cioId, p.id, p.email, phone == null ? null : phone.asText(), p.suppressed,
        p.unsubscribed(), new ArrayList<>(p.devices.keySet()), created);
  }

  /** Stores a delivery (a transactional send). */
  public synchronized void addDelivery(ObjectNode delivery) {
    deliveries.add(delivery);
    deliveriesById.put(delivery.get("delivery_id").asText(), delivery);
  }

  /** A delivery by id, or {@code null}. */
  public synchronized ObjectNode delivery(String deliveryId) {
    ObjectNode d = deliveriesById.get(deliveryId);
    return d == null ? null : d.deepCopy();
  }

  /** The stored deliveries, oldest first. */
  public List<ObjectNode> deliveries() {
    return deliveries.snapshot();
  }

  /** Stores a broadcast trigger and returns its id. */
  public synchronized long addTrigger(ObjectNode trigger) {
    long id = nextTriggerId++;
    trigger.put("id", id);
    broadcastTriggers.add(trigger);
    triggersById.put(id, trigger);
    return id;
  }

  /** A trigger by id, or {@code null}. */
  public synchronized ObjectNode trigger(long id) {
    ObjectNode t = triggersById.get(id);
    return t == null ? null : t.deepCopy();
  }

  /** The stored broadcast triggers, oldest first. */
  public List<ObjectNode> triggers() {
    return broadcastTriggers.snapshot();
  }

  /** This workspace's webhook endpoints and delivery attempts. */
  public dev.ciofake.internal.webhook.WebhookEmitter.Hooks hooks() {
    return hooks;
  }

  /**
   * Remembers that the fake reported {@code metric} ({@code bounced}, {@code spammed}, {@code unsubscribed}) for a
   * person, for the pitfalls that check the integration reacts.
   */
  public synchronized void recordDeliveryProblem(String cioId, String metric, String email, String eventId,
      long atMillis) {
    ObjectNode n = Json.object();
    n.put("cio_id", cioId);
    n.put("metric", metric);
    n.put("email", email);
    n.put("event_id", eventId);
    n.put("at_ms", atMillis);
    deliveryProblems.put(cioId + ":" + metric, n);
    if (metric.equals("unsubscribed")) {
      Person p = people.get(cioId);
      if (p != null) {
        p.attributes.put("unsubscribed", Json.object().booleanNode(true));
      }
    }
  }

  /** The problem reported for a person and metric, or {@code null}. */
  public synchronized ObjectNode deliveryProblem(String cioId, String metric) {
    ObjectNode n = deliveryProblems.get(cioId + ":" + metric);
    return n == null ? null : n.deepCopy();
  }

  /** Every reported problem of a metric, with whether the person is now suppressed (or gone). */
  public synchronized List<ObjectNode> deliveryProblems(String metric) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode n : deliveryProblems.values()) {
      if (metric.equals(n.path("metric").asText())) {
        ObjectNode c = n.deepCopy();
        Person p = people.get(n.path("cio_id").asText());
        c.put("handled", p == null || p.suppressed || p.deleted);
        if (p != null) {
          c.put("person_id", p.id);
        }
        out.add(c);
      }
    }
    return out;
  }

  /** The cio_ids of the people these refs name (unknown ones are left out). */
  public synchronized List<String> cioIdsOf(List<PersonRef> refs) {
    List<String> out = new ArrayList<>();
    for (PersonRef r : refs) {
      Person p = find(r);
      if (p != null) {
        out.add(p.cioId);
      }
    }
    return out;
  }

  /** Whether a person exists for {@code ref}. */
  public synchronized boolean exists(PersonRef ref) {
    return find(ref) != null;
  }

  /** People whose email matches (case-insensitively), as {@code {email,id,cio_id}}. */
  public synchronized List<ObjectNode> peopleByEmail(String email) {
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

  /**
   * The App API's view of a person ({@code GET /v1/customers/{id}/attributes}): attribute values as strings,
   * as the real service returns them; {@code null} when unknown.
   */
  public synchronized ObjectNode customerJson(PersonRef ref) {
    Person p = find(ref);
    if (p == null) {
      return null;
    }
    ObjectNode c = Json.object();
    c.put("id", p.id);
    c.put("email", p.email);
    c.put("cio_id", p.cioId);
    ObjectNode attrs = c.putObject("attributes");
    ObjectNode ts = c.putObject("timestamps");
    p.attributes.forEach((k, v) -> {
      attrs.put(k, v.isValueNode() ? v.asText() : v.toString());
      ts.put(k, p.updatedAt);
    });
    attrs.put("cio_id", p.cioId);
    attrs.put("_created_at", String.valueOf(p.createdAt));
    c.put("unsubscribed", p.unsubscribed());
    var devs = c.putArray("devices");
    p.devices.values().forEach(d -> {
      ObjectNode dn = devs.addObject();
      dn.put("id", d.path("id").asText());
      dn.put("platform", d.path("platform").asText(null));
      dn.put("last_used", d.path("last_used").asLong(0));
    });
    return c;
  }

  /** The manual segments a person is in; {@code null} when the person is unknown. */
  public synchronized List<String> segmentsOf(PersonRef ref) {
    Person p = find(ref);
    return p == null ? null : new ArrayList<>(p.segments);
  }

  // ---------------------------------------------------------------- reads (admin API)

  /** The person addressed by {@code ref} as JSON, or {@code null}. */
  public synchronized ObjectNode personJson(PersonRef ref) {
    Person p = find(ref);
    return p == null ? null : p.toJson();
  }

  /** All stored people as JSON. */
  public synchronized List<ObjectNode> peopleJson() {
    List<ObjectNode> out = new ArrayList<>(people.size());
    people.values().forEach(p -> out.add(p.toJson()));
    return out;
  }

  /** Number of stored people. */
  public synchronized int peopleCount() {
    return people.size();
  }

  /** Events, oldest first, filtered by person id (or cio id) and name; {@code null} means any. */
  public List<StoredEvent> events(String person, String name, int limit) {
    return events.newest(limit, e -> (person == null || person.equals(e.personId) || person.equals(e.personCioId)
        || person.equals(e.anonymousId)) && (name == null || name.equals(e.name)));
  }

  public BoundedLog<StoredEvent> eventLog() {
    return events;
  }

  public List<ObjectNode> deliveryMetrics() {
    return deliveryMetrics.snapshot();
  }

  public List<ObjectNode> formSubmissions() {
    return formSubmissions.snapshot();
  }

  /** Counters for the admin API and reports. */
  public synchronized ObjectNode statsJson() {
    ObjectNode n = Json.object();
    n.put("requests", requests.get());
    n.put("rejected_requests", rejectedRequests.get());
    n.put("people", people.size());
    n.put("people_dropped", droppedPeople);
    n.put("events", events.size());
    n.put("events_total", events.added());
    n.put("events_dropped", events.dropped());
    n.put("deliveries", deliveries.size());
    n.put("deliveries_dropped", deliveries.dropped());
    n.put("broadcast_triggers", broadcastTriggers.size());
    n.put("objects", objects.size());
    n.put("pitfalls", pitfalls.total());
    n.put("pitfalls_dropped", pitfalls.dropped());
    return n;
  }

  /** Forgets every person, event and pitfall; keeps credentials and settings. */
  public synchronized void reset() {
    people.clear();
    byId.clear();
    byEmail.clear();
    byPhone.clear();
    objects.clear();
    events.clear();
    seenEventIds.clear();
    deliveryMetrics.clear();
    formSubmissions.clear();
    deliveries.clear();
    deliveriesById.clear();
    broadcastTriggers.clear();
    triggersById.clear();
    deliveryProblems.clear();
    hooks.reset();
    nextTriggerId = 1;
    pitfalls.clear();
    rateLimiters.reset();
    detectorState.clear();
    droppedPeople = 0;
    nextCioId = 0x03000001L;
    nextEventSeq = 1;
    requests.set(0);
    rejectedRequests.set(0);
  }
}
