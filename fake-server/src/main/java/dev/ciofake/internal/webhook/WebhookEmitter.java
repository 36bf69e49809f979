package dev.ciofake.internal.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.FakeClock;
import dev.ciofake.internal.state.WebhookHooks;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.util.Scheduler;
import dev.ciofake.internal.util.SystemClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Posts reporting-webhook events to a workspace's endpoints the way Customer.io does (the reporting-webhook
 * document's "Timeouts and failures", docs/webhooks.md): one event per plain HTTP/1.1 request, signed
 * ({@code X-CIO-Timestamp}, {@code X-CIO-Signature}), a 4 s timeout, and, per endpoint, a backlog: events go out in
 * the order they happened, and after a failed or timed-out call the later ones wait until it succeeds or its retries
 * run out (seven days, or the fake's attempt limit). Retries back off exponentially from a minute; the first waits
 * an hour after 400, 401, 402, 403, 404, 405, 410, 429, 500, 502, 521 and connection errors (refused, reset, EOF,
 * TLS), not after a timeout. {@code retryScale} shrinks every delay for tests (0.001 turns an hour into 3.6 s). Every
 * attempt is recorded with its status, latency and the backlog behind it.
 */
public final class WebhookEmitter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WebhookEmitter.class.getName());
  private static final Set<Integer> SLOW_RETRY = Set.of(400, 401, 402, 403, 404, 405, 410, 429, 500, 502, 521);
  static final Duration TIMEOUT = Duration.ofSeconds(4);
  static final long RETRY_PERIOD_MILLIS = 7L * 24 * 3_600_000;
  /** Events one endpoint's backlog holds; past it new events are dropped for that endpoint, and counted. */
  static final int MAX_BACKLOG = 10_000;

  // Made on first use: most fakes never emit an event, and the HTTP client's classes cost start-up time.
  private HttpClient http;
  /** Emits events in the order they fall due (one thread), so an endpoint's backlog has them in that order. */
  private final Scheduler events;
  /** Runs the calls and their retries; each endpoint's backlog has at most one call in flight. */
  private final Scheduler calls;
  private final FakeClock clock;
  private final double retryScale;
  private final int maxAttempts;

  /**
   * @param clock the fake's clock: delivery steps and retries are scheduled on it, so advancing it sends what falls
   *     due; event timestamps and the signature's timestamp read it too
   */
  public WebhookEmitter(double retryScale, int maxAttempts, FakeClock clock) {
    this.retryScale = retryScale;
    this.maxAttempts = maxAttempts;
    this.clock = clock;
    this.events = new Scheduler(clock, "cio-fake-webhook-events", 1);
    this.calls = new Scheduler(clock, "cio-fake-webhooks", 2);
  }

  /** The fake's clock. */
  public FakeClock clock() {
    return clock;
  }

  /**
   * Emits {@code event} to every endpoint of {@code hooks} after {@code delayMillis}; {@code onEmit} runs first (it
   * applies the event to the workspace, as the real service records it before reporting it).
   */
  public void emit(WebhookHooks hooks, ObjectNode event, long delayMillis, Runnable onEmit) {
    long generation = hooks.generation();
    events.schedule(() -> {
      if (hooks.generation() != generation) {
        return; // the workspace was reset after the event was scheduled: it belongs to a test that is over
      }
      try {
        onEmit.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "applying webhook event " + event.path("event_id").asText() + " failed", e);
      }
      hooks.emitted(event);
      for (WebhookHooks.Target t : hooks.targets()) {
        if (hooks.wants(t, event)) {
          hooks.backlog(t, k -> new Backlog()).enqueue(hooks, t, event);
        }
      }
    }, delayMillis);
  }

  /** One endpoint's events in order, with at most one call in flight; guarded by itself. */
  private final class Backlog {
    private final ArrayDeque<ObjectNode> queue = new ArrayDeque<>();
    private boolean running;
    private boolean inFlight;
    private int attempt;
    private long firstAttemptMillis;
    private long nextAttemptAtMillis = -1;
    private long dropped;

    synchronized ObjectNode state(WebhookHooks.Target target) {
      ObjectNode n = Json.object();
      n.put("url", target.url());
      n.put("waiting", queue.size());
      n.put("in_flight", inFlight);
      n.put("attempts_of_head", attempt);
      if (nextAttemptAtMillis >= 0) {
        n.put("next_attempt_at", java.time.Instant.ofEpochMilli(nextAttemptAtMillis).toString());
      } else {
        n.putNull("next_attempt_at");
      }
      n.put("dropped", dropped);
      return n;
    }

    void enqueue(WebhookHooks hooks, WebhookHooks.Target target, ObjectNode event) {
      synchronized (this) {
        if (queue.size() >= MAX_BACKLOG) {
          dropped++;
          ObjectNode rec = record(event, target, 0);
          rec.putNull("status");
          rec.put("error", "the endpoint's backlog is full (" + MAX_BACKLOG + " events wait behind a failing call);"
              + " the event was dropped for it (" + dropped + " so far)");
          rec.put("delivered", false);
          hooks.attempted(rec);
          return;
        }
        queue.add(event);
        if (running) {
          return;
        }
        running = true;
      }
      calls.schedule(() -> deliverHead(hooks, target), 0);
    }

    private void deliverHead(WebhookHooks hooks, WebhookHooks.Target target) {
      ObjectNode event;
      int n;
      int behind;
      synchronized (this) {
        if (hooks.backlogIfPresent(target) != this) {
          queue.clear(); // the endpoint was removed (or the workspace reset): its backlog goes with it
          running = false;
          return;
        }
        event = queue.peek();
        if (event == null) {
          running = false;
          return;
        }
        n = ++attempt;
        if (n == 1) {
          firstAttemptMillis = clock.millis();
        }
        behind = queue.size() - 1;
        inFlight = true;
        nextAttemptAtMillis = -1;
      }
      Outcome o = call(hooks, target, event, n, behind);
      synchronized (this) {
        inFlight = false;
        long delay = o.ok ? -1 : retryDelayMillis(o.status, o.timedOut, n);
        boolean retry = !o.ok && n < maxAttempts
            && clock.millis() - firstAttemptMillis + delay <= RETRY_PERIOD_MILLIS * retryScale;
        if (retry) {
          o.record.put("next_retry_ms", delay);
          nextAttemptAtMillis = clock.millis() + delay;
        } else {
          if (!o.ok) {
            o.record.put("gave_up", true); // the next event of the backlog goes now
          }
          queue.poll();
          attempt = 0;
        }
        hooks.attempted(o.record);
        if (retry) {
          calls.schedule(() -> deliverHead(hooks, target), delay);
        } else if (queue.isEmpty()) {
          running = false;
        } else {
          calls.schedule(() -> deliverHead(hooks, target), 0);
        }
      }
    }
  }

  /**
   * Each endpoint's backlog: {@code url}, {@code waiting} (events not yet delivered, the one being tried included),
   * {@code in_flight}, {@code attempts_of_head}, {@code next_attempt_at} (when the failed head is retried, by the
   * fake's clock) and {@code dropped} (events a full backlog turned away).
   */
  public List<ObjectNode> backlogs(WebhookHooks hooks) {
    List<ObjectNode> out = new ArrayList<>();
    for (WebhookHooks.Target t : hooks.targets()) {
      Object b = hooks.backlogIfPresent(t);
      if (b instanceof Backlog backlog) {
        out.add(backlog.state(t));
      } else {
        ObjectNode n = Json.object();
        n.put("url", t.url());
        n.put("waiting", 0);
        n.put("in_flight", false);
        n.put("attempts_of_head", 0);
        n.putNull("next_attempt_at");
        n.put("dropped", 0);
        out.add(n);
      }
    }
    return out;
  }

  private record Outcome(boolean ok, int status, boolean timedOut, ObjectNode record) {}

  private ObjectNode record(ObjectNode event, WebhookHooks.Target endpoint, int attempt) {
    ObjectNode rec = Json.object();
    rec.put("event_id", event.path("event_id").asText());
    rec.put("metric", event.path("metric").asText());
    rec.put("object_type", event.path("object_type").asText());
    rec.put("url", endpoint.url());
    rec.put("attempt", attempt);
    rec.put("at", clock.instant().toString());
    return rec;
  }

  private Outcome call(WebhookHooks hooks, WebhookHooks.Target endpoint, ObjectNode event, int attempt, int behind) {
    byte[] body = Json.compact(event);
    long ts = clock.epochSecond();
    long t0 = SystemClock.realNanos();
    ObjectNode rec = record(event, endpoint, attempt);
    rec.put("backlog", behind);
    int status = 0;
    boolean timedOut = false;
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(endpoint.url()))
          .timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .header("User-Agent", "Customer.io Webhooks (cio-fake)")
          .header("X-CIO-Timestamp", String.valueOf(ts))
          .header("X-CIO-Signature", WebhookSigner.sign(endpoint.secret(), ts, body))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
      status = http().send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
      rec.put("status", status);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      rec.putNull("status");
      rec.put("error", "interrupted: the fake is stopping");
    } catch (Exception ex) {
      timedOut = ex instanceof HttpTimeoutException;
      rec.putNull("status");
      rec.put("error", ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
    }
    rec.put("latency_ms", SystemClock.millisSince(t0));
    boolean ok = status >= 200 && status < 300;
    rec.put("delivered", ok);
    return new Outcome(ok, status, timedOut, rec);
  }

  /**
   * Exponential backoff from one minute, or from one hour after the statuses and connection errors Customer.io
   * treats so (a timeout is not one of them), scaled.
   */
  long retryDelayMillis(int status, boolean timedOut, int attempt) {
    boolean slow = SLOW_RETRY.contains(status) || (status == 0 && !timedOut);
    double d = (slow ? 3_600_000L : 60_000L) * Math.pow(2, attempt - 1) * retryScale;
    return (long) Math.max(1, Math.min(d, RETRY_PERIOD_MILLIS));
  }

  private synchronized HttpClient http() {
    if (http == null) {
      // HTTP/1.1 only: the JDK client would otherwise ask every plain-http endpoint to upgrade to h2c
      // (Connection: Upgrade, HTTP2-Settings), which Customer.io never does
      http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }
    return http;
  }

  @Override
  public void close() {
    events.close();
    calls.close();
  }
}
