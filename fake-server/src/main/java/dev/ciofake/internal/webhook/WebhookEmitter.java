package dev.ciofake.internal.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.Secrets;
import dev.ciofake.internal.http.Json;
import dev.ciofake.internal.state.BoundedLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Posts reporting-webhook events to a workspace's endpoints the way Customer.io does: one event per request, signed
 * ({@code X-CIO-Timestamp}, {@code X-CIO-Signature}), a 4 s timeout, and retries with exponential backoff on
 * failure. The real first retry waits a minute, or an hour after 400, 401, 402, 403, 404, 405, 410, 429, 500, 502,
 * 521 and connection errors; {@code retryScale} shrinks those delays for tests (0.001 turns an hour into 3.6 s).
 * Every attempt is recorded with its status and latency.
 */
public final class WebhookEmitter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WebhookEmitter.class.getName());
  private static final Set<Integer> SLOW_RETRY = Set.of(400, 401, 402, 403, 404, 405, 410, 429, 500, 502, 521);
  static final Duration TIMEOUT = Duration.ofSeconds(4);

  /** A webhook endpoint: URL and signing secret. */
  public record Endpoint(String url, String secret) {
    /** Masked secret for the admin API. */
    public ObjectNode toJson() {
      ObjectNode n = Json.object();
      n.put("url", url);
      n.put("secret", Secrets.mask(secret));
      return n;
    }
  }

  /** The endpoints and delivery attempts of one workspace. */
  public static final class Hooks {
    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
    private final BoundedLog<ObjectNode> attempts = new BoundedLog<>(2_000);
    private final BoundedLog<ObjectNode> emitted = new BoundedLog<>(2_000);

    public List<Endpoint> endpoints() {
      return endpoints;
    }

    public void add(Endpoint e) {
      endpoints.add(e);
    }

    public void clear() {
      endpoints.clear();
    }

    /** Every delivery attempt, oldest first. */
    public List<ObjectNode> attempts() {
      return attempts.snapshot();
    }

    /** Every event emitted, oldest first (whether or not an endpoint took it). */
    public List<ObjectNode> emitted() {
      return emitted.snapshot();
    }

    public void reset() {
      attempts.clear();
      emitted.clear();
    }
  }

  // Made on first use: most fakes never emit an event, and the HTTP client's classes cost start-up time.
  private ScheduledExecutorService scheduler;
  private HttpClient http;
  private boolean closed;
  private final double retryScale;
  private final int maxAttempts;

  public WebhookEmitter(double retryScale, int maxAttempts) {
    this.retryScale = retryScale;
    this.maxAttempts = maxAttempts;
  }

  /**
   * Emits {@code event} to every endpoint of {@code hooks} after {@code delayMillis}; {@code onEmit} runs first (it
   * applies the event to the workspace, as the real service records it before reporting it).
   */
  public void emit(Hooks hooks, ObjectNode event, long delayMillis, Runnable onEmit) {
    scheduler().schedule(() -> {
      try {
        onEmit.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "applying webhook event " + event.path("event_id").asText() + " failed", e);
      }
      hooks.emitted.add(event);
      for (Endpoint e : hooks.endpoints()) {
        attempt(hooks, e, event, 1);
      }
    }, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
  }

  private void attempt(Hooks hooks, Endpoint endpoint, ObjectNode event, int attempt) {
    byte[] body = Json.compact(event);
    long ts = Instant.now().getEpochSecond();
    long t0 = System.nanoTime();
    ObjectNode rec = Json.object();
    rec.put("event_id", event.path("event_id").asText());
    rec.put("metric", event.path("metric").asText());
    rec.put("object_type", event.path("object_type").asText());
    rec.put("url", endpoint.url());
    rec.put("attempt", attempt);
    rec.put("at", Instant.now().toString());
    int status = 0;
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
      return;
    } catch (Exception ex) {
      rec.putNull("status");
      rec.put("error", ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
    }
    rec.put("latency_ms", (System.nanoTime() - t0) / 1_000_000);
    boolean ok = status >= 200 && status < 300;
    rec.put("delivered", ok);
    if (!ok && attempt < maxAttempts) {
      long delay = retryDelayMillis(status, attempt);
      rec.put("next_retry_ms", delay);
      scheduler().schedule(() -> attempt(hooks, endpoint, event, attempt + 1), delay, TimeUnit.MILLISECONDS);
    }
    hooks.attempts.add(rec);
  }

  /** Exponential backoff from one minute (one hour for the statuses Customer.io treats so), scaled. */
  long retryDelayMillis(int status, int attempt) {
    long first = status == 0 || SLOW_RETRY.contains(status) ? 3_600_000L : 60_000L;
    double d = first * Math.pow(2, attempt - 1) * retryScale;
    return (long) Math.max(1, Math.min(d, 7L * 24 * 3_600_000));
  }

  private synchronized ScheduledExecutorService scheduler() {
    if (scheduler == null) {
      scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "cio-fake-webhooks");
        t.setDaemon(true);
        return t;
      });
      if (closed) {
        scheduler.shutdown();
      }
    }
    return scheduler;
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }
    return http;
  }

  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      closed = true;
      s = scheduler;
    }
    if (s == null) {
      return;
    }
    s.shutdownNow();
    try {
      s.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(Level.FINE, "interrupted while stopping webhooks", e);
    }
  }
}
