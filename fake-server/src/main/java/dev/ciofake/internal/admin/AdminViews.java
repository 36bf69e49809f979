package dev.ciofake.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.state.People;
import dev.ciofake.internal.state.Person;
import dev.ciofake.internal.state.StoredEvent;
import dev.ciofake.internal.state.WorkspaceStats;
import dev.ciofake.internal.util.Json;

/** How the admin API renders the workspace's state: people (under the workspace's lock), events and counters. */
final class AdminViews {
  private AdminViews() {}

  /** A person as the admin API shows it. */
  static ObjectNode person(Person p) {
    ObjectNode n = Json.object();
    n.put("cio_id", p.cioId());
    n.put("id", p.id());
    n.put("email", p.email());
    ObjectNode attrs = n.putObject("attributes");
    p.attributes().forEach(attrs::set);
    n.put("created_at", p.createdAt());
    n.put("updated_at", p.updatedAt());
    n.put("identified", p.identified());
    n.put("suppressed", false); // a suppressed person is deleted: see suppressed(...)
    n.put("unsubscribed", p.unsubscribed());
    n.put("deleted", p.deleted());
    ArrayNode devs = n.putArray("devices");
    p.devices().values().forEach(d -> devs.add(d.deepCopy()));
    ArrayNode segs = n.putArray("segments");
    p.segments().forEach(segs::add);
    ArrayNode anon = n.putArray("anonymous_ids");
    p.anonymousIds().forEach(anon::add);
    ArrayNode rel = n.putArray("relationships");
    p.relationships().forEach(rel::add);
    return n;
  }

  /**
   * A suppressed identifier as the admin API shows it at {@code GET .../people/{identifier}}: the profile is gone
   * (suppress deletes it), so it has no attributes, and {@code suppressed} and {@code deleted} are true.
   */
  static ObjectNode suppressed(People.Suppression s) {
    ObjectNode n = Json.object();
    n.put("cio_id", s.cioId());
    n.put("id", s.id());
    n.put("email", s.email());
    n.putObject("attributes");
    n.put("created_at", s.at());
    n.put("updated_at", s.at());
    n.put("identified", false);
    n.put("suppressed", true);
    n.put("unsubscribed", false);
    n.put("deleted", true);
    n.putArray("devices");
    n.putArray("segments");
    n.putArray("anonymous_ids");
    n.putArray("relationships");
    return n;
  }

  /** A stored event as the admin API shows it. */
  static ObjectNode event(StoredEvent e) {
    ObjectNode n = Json.object();
    n.put("seq", e.seq());
    n.put("id", e.eventId());
    n.put("name", e.name());
    n.put("type", e.type());
    n.put("person_id", e.personId());
    n.put("person_cio_id", e.personCioId());
    n.put("anonymous_id", e.anonymousId());
    JsonNode data = e.data(); // a new tree each call
    n.set("data", data == null ? Json.object() : data);
    if (e.timestamp() == null) {
      n.putNull("timestamp");
    } else {
      n.put("timestamp", e.timestamp());
    }
    n.put("received_at", e.receivedAt());
    n.put("request_id", e.requestId());
    return n;
  }

  /** A workspace's counters. */
  static ObjectNode stats(WorkspaceStats s) {
    ObjectNode n = Json.object();
    n.put("requests", s.requests());
    n.put("rejected_requests", s.rejectedRequests());
    n.put("people", s.people());
    n.put("people_dropped", s.peopleDropped());
    n.put("events", s.events());
    n.put("events_total", s.eventsTotal());
    n.put("events_dropped", s.eventsDropped());
    n.put("activities", s.activities());
    n.put("activities_dropped", s.activitiesDropped());
    n.put("deliveries", s.deliveries());
    n.put("deliveries_dropped", s.deliveriesDropped());
    n.put("broadcast_triggers", s.broadcastTriggers());
    n.put("objects", s.objects());
    n.put("pitfalls", s.pitfalls());
    n.put("pitfalls_dropped", s.pitfallsDropped());
    n.put("objects_dropped", s.objectsDropped());
    n.put("person_items_dropped", s.personItemsDropped());
    n.put("object_relationships_dropped", s.relationshipsDropped());
    n.put("state_cap_reached", s.stateCapReached());
    return n;
  }

  /** A workspace's Pipelines calls: {@code received}, {@code applied}, {@code dropped}, {@code expected_calls}. */
  public static ObjectNode pipelinesCalls(dev.ciofake.internal.state.PipelinesCounts c) {
    ObjectNode n = Json.object();
    n.put("received", c.received());
    n.put("applied", c.appliedCount());
    n.put("dropped", c.droppedCount());
    if (c.expected() >= 0) {
      n.put("expected_calls", c.expected());
    } else {
      n.putNull("expected_calls");
    }
    return n;
  }
}
