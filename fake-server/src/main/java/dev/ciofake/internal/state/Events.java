package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.util.BoundedLog;
import dev.ciofake.internal.util.BoundedMaps;
import dev.ciofake.internal.util.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The events of one workspace, identified and anonymous, capped (the oldest are dropped and counted), with the
 * {@code id} dedup of the real service. Guarded by the workspace's lock, shared with {@link People}.
 */
public final class Events {
  private final Object lock;
  private final People people;
  private final BoundedLog<StoredEvent> events;
  private final Map<String, Boolean> seenEventIds;
  private long nextEventSeq = 1;

  Events(Object lock, People people, int maxEvents) {
    this.lock = lock;
    this.people = people;
    this.events = new BoundedLog<>(maxEvents);
    int dedupCap = (int) Math.max(1024, Math.min(Integer.MAX_VALUE, 2L * maxEvents));
    this.seenEventIds = BoundedMaps.insertionOrdered(dedupCap);
  }

  /**
   * Stores an event for a person (created, unidentified, when unknown, as the real service does) or an
   * anonymous event. An {@code id} seen before makes it a silently ignored duplicate.
   */
  public void track(PersonRef ref, String anonymousId, String eventId, String name, String type,
      Long timestamp, JsonNode data, String requestId, long now, Consumer<Effect> effects) {
    synchronized (lock) {
      if (ref != null && people.isSuppressed(ref)) {
        // "Any future API calls or operations referencing the specified ID are ignored" (Track suppress)
        effects.accept(new Effect.PersonChanged("event_ignored_suppressed", ref.type(), ref.value(), false));
        return;
      }
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
        Person p = people.find(ref);
        // at the cap an unknown person may be one the cap kept out: whether they were identified is not known
        identifiedBefore = p != null ? Boolean.valueOf(p.identified) : people.atCap() ? null : Boolean.FALSE;
        if (p == null) {
          p = people.findOrCreateForActivity(ref, now);
        }
        if (p != null) {
          cioId = p.cioId;
          personId = p.id;
          p.updatedAt = now;
        }
      } else if (anonymousId != null) {
        for (Person p : people.all()) {
          if (p.anonymousIds.contains(anonymousId)) {
            cioId = p.cioId;
            personId = p.id;
            break;
          }
        }
      }
      byte[] kept = data == null ? null : Json.compact(data); // one array, not a tree: see StoredEvent
      events.add(new StoredEvent(nextEventSeq++, requestId, eventId, name, type, anonymousId, kept, timestamp,
          now, cioId, personId));
      Person owner = cioId == null ? null : people.byCioId(cioId);
      if (activities != null && cioId != null && owner == null) {
        activities.notKept(1); // a person the people cap keeps out has no activities
      } else if (activities != null) {
        Person p = owner;
        String kind = "page".equals(type) ? "page" : "screen".equals(type) ? "screen" : "event";
        activities.record(kind, timestamp != null && timestamp > 0 && timestamp < 100_000_000_000L ? timestamp : now,
            p, kind.equals("page") ? null : name, kept, null, null, kind.equals("page") ? name : null);
      }
      effects.accept(new Effect.EventTracked(name, type, ref == null ? null : ref.type(),
          ref == null ? null : ref.value(), anonymousId, identifiedBefore, false, eventId, timestamp, data));
  
    }
  }

  /** Attaches the anonymous events of {@code anonymousId} that no person has yet to {@code p}; under the lock. */
  void attachAnonymous(String anonymousId, Person p) {
    for (StoredEvent e : events.snapshot()) {
      if (anonymousId.equals(e.anonymousId) && e.personCioId == null) {
        e.personCioId = p.cioId;
        e.personId = p.id;
      }
    }
  }

  /** Moves the events of {@code from} to {@code to} (a merge); under the lock. */
  void reassign(Person from, Person to) {
    for (StoredEvent e : events.snapshot()) {
      if (from.cioId.equals(e.personCioId)) {
        e.personCioId = to.cioId;
        e.personId = to.id;
      }
    }
  }

  /** Events, oldest first, filtered by person id (or cio id, or anonymous id) and name; {@code null} means any. */
  public List<StoredEvent> find(String person, String name, int limit) {
    return events.newest(limit, e -> (person == null || person.equals(e.personId) || person.equals(e.personCioId)
        || person.equals(e.anonymousId)) && (name == null || name.equals(e.name)));
  }

  /** The capped log itself (sizes, totals, what it dropped, snapshots). */
  public BoundedLog<StoredEvent> log() {
    return events;
  }

  private Activities activities;

  void activities(Activities value) {
    this.activities = value;
  }

  void reset() {
    events.clear();
    seenEventIds.clear();
    nextEventSeq = 1;
  }
}
