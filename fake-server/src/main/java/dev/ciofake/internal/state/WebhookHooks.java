package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.BoundedLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The reporting webhooks of one workspace: the endpoints it reports to, the events it emitted and every delivery
 * attempt (capped). The webhook emitter fills the logs; the admin API and the pitfalls read them.
 */
public final class WebhookHooks {
  /** A reporting-webhook endpoint: where the events go and the secret that signs them. */
  public record Target(String url, String secret) {}

  private final List<Target> targets = new CopyOnWriteArrayList<>();
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

  /** Forgets the logs (not the endpoints). */
  public void reset() {
    attempts.clear();
    emitted.clear();
  }
}
