package dev.ciofake.internal.state;

/**
 * Counters of one workspace at one moment: what it holds and what its caps dropped. A value; the admin API and the
 * reports render it.
 */
public record WorkspaceStats(long requests, long rejectedRequests, int people, long peopleDropped, int events,
    long eventsTotal, long eventsDropped, int deliveries, long deliveriesDropped, int broadcastTriggers, int objects,
    long pitfalls, long pitfallsDropped) {

  /** The counters of {@code w} now. */
  public static WorkspaceStats of(Workspace w) {
    return new WorkspaceStats(w.requests(), w.rejectedRequests(), w.people().peopleCount(), w.people().dropped(),
        w.events().log().size(), w.events().log().added(), w.events().log().dropped(),
        w.messages().deliveryLog().size(), w.messages().deliveryLog().dropped(), w.messages().triggerCount(),
        w.objects().size(), w.pitfalls().total(), w.pitfalls().dropped());
  }
}
