package dev.ciofake.internal.state;

/**
 * Counters of one workspace at one moment: what it holds and what its caps dropped. A value; the admin API and the
 * reports render it.
 */
public record WorkspaceStats(long requests, long rejectedRequests, int people, long peopleDropped, int events,
    long eventsTotal, long eventsDropped, int deliveries, long deliveriesDropped, int broadcastTriggers, int objects,
    long pitfalls, long pitfallsDropped, int peopleCap, int eventsCap, long objectsDropped, int objectsCap,
    long personItemsDropped, long relationshipsDropped, int activities, long activitiesDropped) {

  /**
   * What each capped structure holds, its cap and what it dropped, by name ({@code people}, {@code events},
   * {@code objects}, ...): the rows of the report's and the health check's limits.
   */
  public java.util.Map<String, long[]> limits() {
    java.util.Map<String, long[]> m = new java.util.LinkedHashMap<>();
    m.put("people", new long[] {people, peopleCap, peopleDropped});
    m.put("events", new long[] {events, eventsCap, eventsDropped});
    m.put("objects", new long[] {objects, objectsCap, objectsDropped});
    m.put("activities", new long[] {activities, eventsCap, activitiesDropped});
    m.put("deliveries", new long[] {deliveries, -1, deliveriesDropped});
    m.put("pitfall_occurrences", new long[] {pitfalls - pitfallsDropped, -1, pitfallsDropped});
    m.put("person_items", new long[] {-1, -1, personItemsDropped});
    m.put("object_relationships", new long[] {-1, CustomObjects.MAX_RELATIONSHIPS_PER_OBJECT, relationshipsDropped});
    return m;
  }

  /** Whether a cap that changes the fake's answers or judgements dropped something (people or objects not stored). */
  public boolean stateCapReached() {
    return peopleDropped > 0 || objectsDropped > 0 || personItemsDropped > 0 || relationshipsDropped > 0;
  }

  /** The counters of {@code w} now. */
  public static WorkspaceStats of(Workspace w) {
    return new WorkspaceStats(w.requests(), w.rejectedRequests(), w.people().peopleCount(), w.people().dropped(),
        w.events().log().size(), w.events().log().added(), w.events().log().dropped(),
        w.messages().deliveryLog().size(), w.messages().deliveryLog().dropped(), w.messages().triggerCount(),
        w.objects().size(), w.pitfalls().total(), w.pitfalls().dropped(), w.people().cap(),
        w.events().log().capacity(), w.objects().dropped(), w.objects().cap(), w.people().personItemsDropped(),
        w.objects().relationshipsDropped(), w.activities().log().size(), w.activities().dropped());
  }
}
