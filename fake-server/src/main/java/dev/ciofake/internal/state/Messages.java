package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.BoundedLog;
import dev.ciofake.internal.util.BoundedMaps;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one workspace sent and what it heard back about it: deliveries (transactional sends), broadcast triggers, the
 * delivery metrics an integration reports, and the bounces, complaints and unsubscribes the fake reported (for the
 * pitfalls that check the integration reacts). Every list is capped and counts what it dropped. Guarded by the
 * workspace's lock.
 */
public final class Messages {
  private final Object lock;
  private final People people;
  private final BoundedLog<ObjectNode> deliveries;
  private final Map<String, ObjectNode> deliveriesById;
  private final BoundedLog<ObjectNode> broadcastTriggers = new BoundedLog<>(1000);
  private final Map<Long, ObjectNode> triggersById = BoundedMaps.insertionOrdered(1000);
  private final BoundedLog<ObjectNode> deliveryMetrics;
  private final Map<String, ObjectNode> deliveryProblems = BoundedMaps.insertionOrdered(10_000);
  private long nextTriggerId = 1;

  Messages(Object lock, People people, int maxEvents) {
    this.lock = lock;
    this.people = people;
    int cap = Math.max(100, maxEvents / 4);
    this.deliveries = new BoundedLog<>(cap);
    this.deliveriesById = BoundedMaps.insertionOrdered(cap);
    this.deliveryMetrics = new BoundedLog<>(cap);
  }

  /** Stores a delivery (a transactional send). */
  public void addDelivery(ObjectNode delivery) {
    synchronized (lock) {
      deliveries.add(delivery);
      deliveriesById.put(delivery.get("delivery_id").asText(), delivery);
  
    }
  }

  /** A delivery by id, or {@code null}. */
  public ObjectNode delivery(String deliveryId) {
    synchronized (lock) {
      ObjectNode d = deliveriesById.get(deliveryId);
      return d == null ? null : d.deepCopy();
  
    }
  }

  /** The stored deliveries, oldest first. */
  public List<ObjectNode> deliveries() {
    return deliveries.snapshot();
  }

  /** Stores a broadcast trigger and returns its id. */
  public long addTrigger(ObjectNode trigger) {
    synchronized (lock) {
      long id = nextTriggerId++;
      trigger.put("id", id);
      broadcastTriggers.add(trigger);
      triggersById.put(id, trigger);
      return id;
  
    }
  }

  /** A trigger by id, or {@code null}. */
  public ObjectNode trigger(long id) {
    synchronized (lock) {
      ObjectNode t = triggersById.get(id);
      return t == null ? null : t.deepCopy();
  
    }
  }

  /** The stored broadcast triggers, oldest first. */
  public List<ObjectNode> triggers() {
    return broadcastTriggers.snapshot();
  }

  /** Records a delivery metric (metrics, push events, unsubscribes). */
  public void recordDeliveryMetric(ObjectNode metric) {
    deliveryMetrics.add(metric);
  }

  public List<ObjectNode> deliveryMetrics() {
    return deliveryMetrics.snapshot();
  }

  /**
   * Remembers that the fake reported {@code metric} ({@code bounced}, {@code spammed}, {@code unsubscribed}) for a
   * person, for the pitfalls that check the integration reacts.
   */
  public void recordDeliveryProblem(String cioId, String metric, String email, String eventId,
      long atMillis) {
    synchronized (lock) {
      ObjectNode n = Json.object();
      n.put("cio_id", cioId);
      n.put("metric", metric);
      n.put("email", email);
      n.put("event_id", eventId);
      n.put("at_ms", atMillis);
      deliveryProblems.put(cioId + ":" + metric, n);
      if (metric.equals("unsubscribed")) {
        Person p = people.byCioId(cioId);
        if (p != null) {
          p.attributes.put("unsubscribed", Json.object().booleanNode(true));
        }
      }
  
    }
  }

  /** The problem reported for a person and metric, or {@code null}. */
  public ObjectNode deliveryProblem(String cioId, String metric) {
    synchronized (lock) {
      ObjectNode n = deliveryProblems.get(cioId + ":" + metric);
      return n == null ? null : n.deepCopy();
  
    }
  }

  /** Every reported problem of a metric, with whether the person is now suppressed (or gone). */
  public List<ObjectNode> deliveryProblems(String metric) {
    synchronized (lock) {
      List<ObjectNode> out = new ArrayList<>();
      for (ObjectNode n : deliveryProblems.values()) {
        if (metric.equals(n.path("metric").asText())) {
          ObjectNode c = n.deepCopy();
          Person p = people.byCioId(n.path("cio_id").asText());
          c.put("handled", p == null || p.deleted); // suppress deletes the profile
          if (p != null) {
            c.put("person_id", p.id);
          }
          out.add(c);
        }
      }
      return out;
  
    }
  }

  /** The capped delivery log (sizes and what it dropped). */
  public BoundedLog<ObjectNode> deliveryLog() {
    return deliveries;
  }

  /** How many broadcast triggers are stored. */
  public int triggerCount() {
    return broadcastTriggers.size();
  }

  void reset() {
    deliveries.clear();
    deliveriesById.clear();
    broadcastTriggers.clear();
    triggersById.clear();
    deliveryMetrics.clear();
    deliveryProblems.clear();
    nextTriggerId = 1;
  }
}
