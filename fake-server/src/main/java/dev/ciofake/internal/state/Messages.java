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
  private Activities activities;
  private EspSuppressions suppressions;
  /** How many archived messages were read on each day (the App API's daily quota); only today's is kept. */
  private long archivedQuotaDay = -1;
  private int archivedQuotaUsed;

  Messages(Object lock, People people, int maxEvents) {
    this.lock = lock;
    this.people = people;
    int cap = Math.max(100, maxEvents / 4);
    this.deliveries = new BoundedLog<>(cap);
    this.deliveriesById = BoundedMaps.insertionOrdered(cap);
    this.deliveryMetrics = new BoundedLog<>(cap);
  }

  void parts(Activities activitiesPart, EspSuppressions suppressionsPart) {
    this.activities = activitiesPart;
    this.suppressions = suppressionsPart;
  }

  /**
   * Stores a delivery (a transactional send, or a broadcast's or newsletter's message to one person). It starts with
   * no metrics; {@link #deliveryEvent} adds each one as the delivery's life reports it.
   */
  public void addDelivery(ObjectNode delivery) {
    synchronized (lock) {
      if (!delivery.has("metrics")) {
        delivery.putObject("metrics");
      }
      if (!delivery.has("created")) {
        delivery.put("created", delivery.path("queued_at").asLong());
      }
      deliveries.add(delivery);
      deliveriesById.put(delivery.get("delivery_id").asText(), delivery);
    }
  }

  /** The metrics that end a delivery's story: it was delivered (or read), or it failed for good. */
  public static final java.util.List<String> OUTCOMES = java.util.List.of("delivered", "bounced", "dropped", "failed",
      "undeliverable", "spammed", "opened", "clicked");

  /** Whether a delivery's {@code metrics} hold an outcome ({@link #OUTCOMES}). */
  public static boolean outcomeKnown(com.fasterxml.jackson.databind.JsonNode metrics) {
    for (String m : OUTCOMES) {
      if (metrics.has(m)) {
        return true;
      }
    }
    return false;
  }

  /** A delivery by id, or {@code null}. */
  public ObjectNode delivery(String deliveryId) {
    synchronized (lock) {
      ObjectNode d = deliveriesById.get(deliveryId);
      return d == null ? null : d.deepCopy();
  
    }
  }

  /** The stored deliveries, oldest first (copies). */
  public List<ObjectNode> deliveries() {
    synchronized (lock) {
      List<ObjectNode> out = new ArrayList<>();
      deliveries.snapshot().forEach(d -> out.add(d.deepCopy()));
      return out;
    }
  }

  /** The newest {@code limit} deliveries that {@code filter} accepts, oldest first (copies). */
  public List<ObjectNode> deliveries(java.util.function.Predicate<ObjectNode> filter, int limit) {
    synchronized (lock) {
      List<ObjectNode> out = new ArrayList<>();
      deliveries.newest(limit, filter).forEach(d -> out.add(d.deepCopy()));
      return out;
    }
  }

  /**
   * Applies a reporting-webhook event ({@code {metric, timestamp, data: {delivery_id, ...}}}) to the delivery it is
   * about: the metric's time (the first one; opens and clicks are also counted), its failure message, the links clicked, the person's activity, and for a bounced or spammed email the ESP suppression list
   * ({@code bounces}, {@code spam_reports}) the address goes on.
   */
  public void deliveryEvent(com.fasterxml.jackson.databind.JsonNode event) {
    synchronized (lock) {
      com.fasterxml.jackson.databind.JsonNode data = event.path("data");
      ObjectNode d = deliveriesById.get(data.path("delivery_id").asText(""));
      if (d == null) {
        return;
      }
      String metric = event.path("metric").asText();
      long at = event.path("timestamp").asLong();
      ObjectNode metrics = d.withObjectProperty("metrics");
      if (!metrics.has(metric)) {
        metrics.put(metric, at);
      }
      if (metric.equals("opened") || metric.equals("clicked")) {
        metrics.put("human_" + metric, metrics.path("human_" + metric).asInt() + 1);
      }
      if (data.hasNonNull("failure_message")) {
        d.set("failure_message", data.get("failure_message"));
      }
      if (metric.equals("clicked") && data.hasNonNull("href")) {
        com.fasterxml.jackson.databind.node.ArrayNode clicks = d.withArrayProperty("clicks");
        if (clicks.size() < 1000) {
          ObjectNode c = clicks.addObject();
          c.set("href", data.get("href"));
          c.set("link_id", data.path("link_id").isMissingNode() ? null : data.get("link_id"));
          c.put("at", at);
        }
      }
      ObjectNode person = d.withObjectProperty("person");
      String channel = d.path("channel").asText("email");
      if (activities != null && !metric.equals("unsubscribed") && !metric.equals("subscribed")) {
        activities.record(metric + "_" + documentChannel(channel), at, person.path("cio_id").asText(null),
            person.path("id").asText(null), person.path("email").asText(null), null,
            d.path("delivery_id").asText(), deliveryType(channel, d));
      }
      String address = d.path("recipient").isTextual() ? d.path("recipient").asText() : null;
      if (suppressions != null && channel.equals("email") && address != null
          && (metric.equals("bounced") || metric.equals("spammed"))) {
        String email = addressOf(address);
        suppressions.add(metric.equals("bounced") ? "bounces" : "spam_reports", email, at,
            metric.equals("bounced") ? data.path("failure_message").asText("hard bounce") : "spam complaint",
            "550");
      }
    }
  }

  /**
   * The Track document's word for a channel ({@code twilio} for SMS, {@code in_app} for the inbox): its
   * {@code messageType}, and the suffix of its activity types ({@code sent_twilio}).
   */
  public static String documentChannel(String channel) {
    switch (channel) {
      case "sms":
        return "twilio";
      case "inbox_message":
        return "in_app";
      default:
        return channel;
    }
  }

  private static String deliveryType(String channel, ObjectNode d) {
    switch (channel) {
      case "email":
        return "email";
      case "sms":
      case "whatsapp":
        return "phone";
      case "push":
        String platform = d.path("devices").path(0).path("device_platform").asText("");
        return platform.equals("android") ? "android" : platform.equals("ios") ? "ios" : null;
      default:
        return null;
    }
  }

  /** The bare address of {@code Name <a@b.c>} (or of a list, its first). */
  public static String addressOf(String to) {
    String first = to.split(",")[0].trim();
    int lt = first.lastIndexOf('<');
    return lt >= 0 ? first.substring(lt + 1).replace(">", "").trim() : first;
  }

  /**
   * Counts one read of an archived message against the App API's daily quota ({@code limit} a day, days of the fake's
   * clock) and returns how many remain, or {@code -1} when the quota was used up before this read.
   */
  public int useArchivedMessageQuota(long nowSeconds, int limit) {
    synchronized (lock) {
      long day = Math.floorDiv(nowSeconds, 86_400L);
      if (day != archivedQuotaDay) {
        archivedQuotaDay = day;
        archivedQuotaUsed = 0;
      }
      if (archivedQuotaUsed >= limit) {
        return -1;
      }
      archivedQuotaUsed++;
      return limit - archivedQuotaUsed;
    }
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
    archivedQuotaDay = -1;
    archivedQuotaUsed = 0;
  }
}
