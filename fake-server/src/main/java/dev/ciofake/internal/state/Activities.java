package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.util.BoundedLog;
import dev.ciofake.internal.util.Ulid;
import java.util.List;
import java.util.function.Predicate;

/**
 * The activity log of one workspace, as {@code GET /v1/activities} and {@code GET /v1/customers/{id}/activities}
 * show it: events, page and screen views, attribute changes, profiles created, merged and deleted, devices,
 * relationships, and every step of a delivery's life ({@code sent_email}, {@code delivered_push},
 * {@code bounced_email}, ...). The workspace's parts record into it as they change; it is capped like the event log
 * (the oldest dropped and counted). Lock-free, like the other logs.
 */
public final class Activities {
  /**
   * One activity.
   *
   * @param id a ULID
   * @param type an {@code activityTypes} value of the Track document ({@code event}, {@code attribute_change}, ...)
   * @param timestamp when it happened, Unix seconds of the fake's clock
   * @param cioId the person it belongs to ({@code null} for none, for example an anonymous event)
   * @param personId the person's id then, or {@code null}
   * @param email the person's email then, or {@code null}
   * @param name the event's (or screen's) name, or {@code null}
   * @param data the event data, the attribute changes ({@code {attr: {from, to}}}) or the delivery's data, or
   *     {@code null}
   * @param deliveryId the delivery of a message activity, or {@code null}
   * @param deliveryType {@code email}, {@code ios}, {@code android} or {@code phone} for a message, or {@code null}
   * @param url the page of a {@code page} activity, or {@code null}
   */
  public record Activity(String id, String type, long timestamp, String cioId, String personId, String email,
      String name, JsonNode data, String deliveryId, String deliveryType, String url) {}

  private final BoundedLog<Activity> log;

  Activities(int capacity) {
    this.log = new BoundedLog<>(capacity);
  }

  /** Records an activity of a person ({@code p} may be {@code null} for an anonymous one). */
  void record(String type, long timestamp, Person p, String name, JsonNode data, String deliveryId,
      String deliveryType, String url) {
    log.add(new Activity(Ulid.of(timestamp * 1000), type, timestamp, p == null ? null : p.cioId,
        p == null ? null : p.id, p == null ? null : p.email, name, data, deliveryId, deliveryType, url));
  }

  /** Records an activity of a person known by identifiers only (a delivery's recipient). */
  void record(String type, long timestamp, String cioId, String personId, String email, JsonNode data,
      String deliveryId, String deliveryType) {
    log.add(new Activity(Ulid.of(timestamp * 1000), type, timestamp, cioId, personId, email, null, data, deliveryId,
        deliveryType, null));
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

  void reset() {
    log.clear();
  }
}
