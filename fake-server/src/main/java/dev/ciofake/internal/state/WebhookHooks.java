package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.BoundedLog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The reporting webhooks of one workspace: the endpoints it reports to, each endpoint's backlog (owned by the webhook
 * emitter, which keeps one per endpoint so events reach it in order), the events it emitted and every delivery
 * attempt (capped). The webhook emitter fills the logs; the admin API and the pitfalls read them.
 */
public final class WebhookHooks {
  private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
  /** A reporting-webhook endpoint: where the events go and the secret that signs them. */
  public record Target(String url, String secret) {}

  private final List<Target> targets = new CopyOnWriteArrayList<>();
  private final Map<Target, Object> backlogs = new ConcurrentHashMap<>();
  private final BoundedLog<ObjectNode> attempts = new BoundedLog<>(2_000);
  private final BoundedLog<ObjectNode> emitted = new BoundedLog<>(2_000);

  /** The endpoints, in the order they were added. */
  public List<Target> targets() {
    return targets;
  }

  public void add(Target t) {
    targets.add(t);
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
  }
}
