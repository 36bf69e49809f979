package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.BoundedLog;
import dev.ciofake.internal.util.BoundedSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The reporting webhooks of one workspace: the endpoints it reports to, each endpoint's backlog (owned by the webhook
 * emitter, which keeps one per endpoint so events reach it in order), the events it emitted and every delivery
 * attempt (capped). The admin API, {@code --webhook-url} and the App API's {@code /v1/reporting_webhooks} configure the
 * same endpoints; the webhook emitter fills the logs; the admin API and the pitfalls read them.
 */
public final class WebhookHooks {
  private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
  /**
   * A reporting-webhook endpoint: where the events go, the secret that signs them, and what the App API says of it
   * (docs/app-api-facts.md section 5).
   *
   * @param id the App API's webhook id (given when the endpoint is added)
   * @param name its name, or {@code null}
   * @param events the events it takes ({@code email_sent}, {@code customer_unsubscribed}, ...: object type and
   *     metric); empty for every event
   * @param disabled whether the fake quits sending it events
   * @param fullResolution every open and click ({@code true}), or only the first of each delivery
   * @param withContent whether {@code _sent} events should carry the message body (stored; the fake's events carry
   *     none)
   * @param refusal why the fake does not post to this URL (a host outside its webhook policy), or {@code null}
   */
  public record Target(long id, String name, String url, String secret, List<String> events, boolean disabled,
      boolean fullResolution, boolean withContent, String refusal) {
    public Target {
      events = List.copyOf(events);
    }

    /** An endpoint that takes every event at full resolution (the admin API's and {@code --webhook-url}'s). */
    public Target(String url, String secret) {
      this(0, null, url, secret, List.of(), false, true, false, null);
    }

    /** The same endpoint with another id. */
    public Target withId(long newId) {
      return new Target(newId, name, url, secret, events, disabled, fullResolution, withContent, refusal);
    }
  }

  private final List<Target> targets = new CopyOnWriteArrayList<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final Map<Target, Object> backlogs = new ConcurrentHashMap<>();
  private final BoundedLog<ObjectNode> attempts = new BoundedLog<>(2_000);
  private final BoundedLog<ObjectNode> emitted = new BoundedLog<>(2_000);
  /** The deliveries and metrics an endpoint without full resolution was sent once already (opens and clicks). */
  private volatile BoundedSet<String> uniqueSent = new BoundedSet<>(100_000);

  /** The endpoints, in the order they were added. */
  public List<Target> targets() {
    return targets;
  }

  /** Adds an endpoint, giving it the next id; returns it as stored. */
  public synchronized Target add(Target t) {
    Target stored = t.withId(nextId.getAndIncrement());
    targets.add(stored);
    return stored;
  }

  /** The endpoint with this id, or {@code null}. */
  public Target byId(long id) {
    for (Target t : targets) {
      if (t.id() == id) {
        return t;
      }
    }
    return null;
  }

  /** Replaces the endpoint with {@code t}'s id; returns whether there was one. */
  public synchronized boolean replace(Target t) {
    for (int i = 0; i < targets.size(); i++) {
      if (targets.get(i).id() == t.id()) {
        targets.set(i, t);
        return true;
      }
    }
    return false;
  }

  /** Removes the endpoint with this id; returns whether there was one. */
  public synchronized boolean remove(long id) {
    return targets.removeIf(t -> t.id() == id);
  }

  public void clear() {
    targets.clear();
    backlogs.clear();
  }

  /** The backlog of an endpoint, made by {@code create} on first use (the emitter's own type). */
  @SuppressWarnings("unchecked")
  public <T> T backlog(Target t, Function<Target, T> create) {
    return (T) backlogs.computeIfAbsent(t, create);
  }

  /** The backlog of an endpoint, or {@code null} once the endpoint is gone or the workspace was reset. */
  public Object backlogIfPresent(Target t) {
    return targets.contains(t) ? backlogs.get(t) : null;
  }

  /**
   * Whether {@code t} takes {@code event} ({@code {object_type, metric, data}}): it is enabled and deliverable, the
   * event is one of its {@code events}, and without full resolution it is the first open or click of its delivery.
   */
  public boolean wants(Target t, JsonNode event) {
    if (t.disabled() || t.refusal() != null) {
      return false;
    }
    String metric = event.path("metric").asText();
    String name = event.path("object_type").asText() + "_" + metric;
    if (!t.events().isEmpty() && !t.events().contains(name)) {
      return false;
    }
    if (!t.fullResolution() && (metric.equals("opened") || metric.equals("clicked"))) {
      String delivery = event.path("data").path("delivery_id").asText("");
      return uniqueSent.add(t.id() + "|" + delivery + "|" + metric);
    }
    return true;
  }

  /** Records one delivery attempt. */
  public void attempted(ObjectNode attempt) {
    attempts.add(attempt);
  }

  /** Records one emitted event. */
  public void emitted(ObjectNode event) {
    emitted.add(event);
  }

  /** Every delivery attempt, oldest first. */
  public List<ObjectNode> attempts() {
    return attempts.snapshot();
  }

  /** Every event emitted, oldest first (whether or not an endpoint took it). */
  public List<ObjectNode> emitted() {
    return emitted.snapshot();
  }

  /**
   * How many times the hooks were reset: an event scheduled before a reset (a delivery's later lifecycle step, a
   * scripted event) checks it when it falls due and is not emitted into the next test's workspace.
   */
  public long generation() {
    return generation.get();
  }

  /** Forgets the logs and what waits in the backlogs (not the endpoints); events scheduled before it never fire. */
  public void reset() {
    generation.incrementAndGet();
    backlogs.clear();
    attempts.clear();
    emitted.clear();
    uniqueSent = new BoundedSet<>(100_000);
  }
}
