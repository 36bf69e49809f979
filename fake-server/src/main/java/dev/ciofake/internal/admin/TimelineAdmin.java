package dev.ciofake.internal.admin;

import static dev.ciofake.internal.admin.AdminSupport.intParam;
import static dev.ciofake.internal.admin.AdminSupport.json;
import static dev.ciofake.internal.admin.AdminSupport.ok;
import static dev.ciofake.internal.admin.AdminSupport.workspace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.Pitfall;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.journal.JournalEntry;
import dev.ciofake.internal.journal.RequestJournal;
import dev.ciofake.internal.report.PitfallJson;
import dev.ciofake.internal.report.Reports;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.StoredEvent;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.state.WorkspaceRegistry;
import dev.ciofake.internal.util.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /__cio/workspaces/{site_id}/people/{identifier}/timeline}: one timeline of everything that touched a
 * person, newest first: the requests that named them (identifies, merges, events, page and screen views, sends,
 * with the stored event each one made), the pitfalls those requests raised or that name the person, the deliveries
 * sent to them, the reporting-webhook events about them and each attempt to deliver one (the app's answer, latency,
 * retry). What {@link PersonMatch} says names a person decides what is on it.
 */
final class TimelineAdmin {
  private static final int DEFAULT_LIMIT = 500;
  /** Order among items of the same millisecond: what caused an item comes before it. */
  private static final Map<String, Integer> RANK = Map.of("request", 0, "event", 1, "pitfall", 2, "delivery", 3,
      "delivery_event", 4, "webhook_attempt", 5);

  private final WorkspaceRegistry registry;
  private final RequestJournal journal;
  private final Reports reports;

  TimelineAdmin(WorkspaceRegistry registry, RequestJournal journal, Reports reports) {
    this.registry = registry;
    this.journal = journal;
    this.reports = reports;
  }

  private record Item(long atMillis, long seq, int rank, ObjectNode json) {}

  ApiResponse timeline(Exchange ex) {
    Workspace w = workspace(registry, ex.pathParam("site_id"));
    String identifier = ex.pathParam("identifier");
    int limit = intParam(ex.request().query(), "limit", DEFAULT_LIMIT);
    ObjectNode person = w.people().read(PersonRef.fromPath(identifier, true), AdminViews::person);
    if (person == null) {
      ObjectNode n = Json.object();
      n.put("error", "no person " + identifier + " in workspace " + w.siteId());
      n.put("status", 404);
      return json(404, n);
    }
    PersonMatch match = PersonMatch.of(person);
    List<Item> items = new ArrayList<>();

    Map<String, StoredEvent> eventsByRequest = new HashMap<>();
    String cioId = person.path("cio_id").asText();
    for (StoredEvent e : w.events().find(cioId, null, Integer.MAX_VALUE)) {
      if (e.requestId() != null) {
        eventsByRequest.putIfAbsent(e.requestId(), e);
      }
    }
    Set<String> requestIds = new HashSet<>();
    Map<String, Long> requestSeq = new HashMap<>();
    Map<String, Long> requestAt = new HashMap<>();
    String site = w.siteId();
    for (JournalEntry e : journal.newest(Integer.MAX_VALUE, e -> site.equals(e.siteId()) && match.touches(e))) {
      requestIds.add(e.id());
      long seq = seqOf(e.id());
      requestSeq.put(e.id(), seq);
      requestAt.put(e.id(), e.receivedAtMillis());
      ObjectNode n = item("request", e.receivedAtMillis());
      n.put("request_id", e.id());
      n.put("api", e.api());
      n.put("operation", e.operation());
      n.put("method", e.method());
      n.put("path", e.path());
      n.put("status", e.status());
      ArrayNode errs = n.putArray("errors");
      e.errors().forEach(errs::add);
      if (e.injectedFault() != null) {
        n.put("injected_fault", e.injectedFault());
      }
      StoredEvent ev = eventsByRequest.remove(e.id());
      if (ev != null) {
        n.set("event", AdminViews.event(ev));
      }
      items.add(new Item(e.receivedAtMillis(), seq, RANK.get("request"), n));
    }
    for (StoredEvent e : eventsByRequest.values()) { // events whose request the journal no longer holds
      ObjectNode n = item("event", e.receivedAt() * 1000);
      n.set("event", AdminViews.event(e));
      items.add(new Item(e.receivedAt() * 1000, e.seq(), RANK.get("event"), n));
    }
    for (Pitfall p : reports.pitfalls(w)) {
      if (match.touches(p, requestIds)) {
        ObjectNode n = item("pitfall", p.at().toEpochMilli());
        n.set("pitfall", PitfallJson.of(p));
        n.put("request_id", p.requestId());
        items.add(new Item(p.at().toEpochMilli(), requestSeq.getOrDefault(p.requestId(), 0L),
            RANK.get("pitfall"), n));
      }
    }
    long i = 0;
    Map<String, Long> deliveryAt = new HashMap<>();
    for (ObjectNode d : w.messages().deliveries()) {
      i++;
      if (match.touchesDelivery(d)) {
        String rid = d.path("request_id").asText(null);
        // queued_at is in seconds; the send request's own time places it after that request
        long at = requestAt.getOrDefault(rid, d.path("queued_at").asLong() * 1000);
        deliveryAt.put(d.path("delivery_id").asText(), at);
        long seq = rid == null ? i : requestSeq.getOrDefault(rid, seqOf(rid));
        ObjectNode n = item("delivery", at);
        n.set("delivery", d);
        items.add(new Item(at, seq, RANK.get("delivery"), n));
      }
    }
    Map<String, Long> firstAttempt = new HashMap<>();
    for (ObjectNode a : w.hooks().attempts()) {
      firstAttempt.merge(a.path("event_id").asText(), instantMillis(a.path("at").asText()), Math::min);
    }
    Map<String, Long> eventSeq = new HashMap<>();
    long base = Long.MAX_VALUE / 2; // after every request of the same millisecond
    i = 0;
    for (ObjectNode e : w.hooks().emitted()) {
      i++;
      if (match.touchesWebhookEvent(e)) {
        String eventId = e.path("event_id").asText();
        eventSeq.put(eventId, base + i * 100);
        // an event's timestamp is in seconds: its first attempt, when it had one, says the millisecond; else it is
        // no earlier than the send that made it
        long at = firstAttempt.getOrDefault(eventId, Math.max(e.path("timestamp").asLong() * 1000,
            deliveryAt.getOrDefault(e.at("/data/delivery_id").asText(), 0L)));
        ObjectNode n = item("delivery_event", at);
        n.set("webhook_event", e);
        items.add(new Item(at, base + i * 100, RANK.get("delivery_event"), n));
      }
    }
    for (ObjectNode a : w.hooks().attempts()) {
      Long seq = eventSeq.get(a.path("event_id").asText());
      if (seq != null) {
        long at = instantMillis(a.path("at").asText());
        ObjectNode n = item("webhook_attempt", at);
        n.set("attempt", a);
        items.add(new Item(at, seq + Math.min(99, a.path("attempt").asInt(1)), RANK.get("webhook_attempt"), n));
      }
    }
    // newest first: by time, then by the order of the requests, then cause before effect (reversed)
    items.sort(Comparator.comparingLong(Item::atMillis).thenComparingLong(Item::seq).thenComparingInt(Item::rank)
        .reversed());
    ObjectNode out = Json.object();
    out.set("person", person);
    ArrayNode arr = out.putArray("timeline");
    items.stream().limit(limit).forEach(it -> arr.add(it.json()));
    out.put("count", arr.size());
    out.put("total", items.size());
    return ok(out);
  }

  private static ObjectNode item(String kind, long atMillis) {
    ObjectNode n = Json.object();
    n.put("kind", kind);
    n.put("at", Instant.ofEpochMilli(atMillis).toString());
    n.put("at_ms", atMillis);
    return n;
  }

  /** The number of a request id ({@code req_17}: 17), the order the fake received requests in; 0 for none. */
  static long seqOf(String requestId) {
    return Math.max(0, dev.ciofake.internal.http.ApiRequest.numberOf(requestId));
  }

  private static long instantMillis(String iso) {
    try {
      return Instant.parse(iso).toEpochMilli();
    } catch (java.time.format.DateTimeParseException bad) {
      return 0;
    }
  }
}
