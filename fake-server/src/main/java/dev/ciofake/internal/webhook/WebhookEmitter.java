package dev.ciofake.internal.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.FakeClock;
import dev.ciofake.internal.state.WebhookHooks;
import dev.ciofake.internal.util.Scheduler;
import dev.ciofake.internal.util.SystemClock;
import dev.ciofake.internal.util.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
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

  // Made on first use: most fakes never emit an event, and the HTTP client's classes cost start-up time.
  private HttpClient http;
  private final Scheduler scheduler;
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
    this.scheduler = new Scheduler(clock, "cio-fake-webhooks", 2);
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
    scheduler.schedule(() -> {
      try {
        onEmit.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "applying webhook event " + event.path("event_id").asText() + " failed", e);
      }
      hooks.emitted(event);
      for (WebhookHooks.Target t : hooks.targets()) {
        if (hooks.wants(t, event)) {
          attempt(hooks, t, event, 1);
        }
      }
    }, delayMillis);
  }

  private void attempt(WebhookHooks hooks, WebhookHooks.Target endpoint, ObjectNode event, int attempt) {
    byte[] body = Json.compact(event);
    long ts = clock.epochSecond();
    long t0 = SystemClock.realNanos();
    ObjectNode rec = Json.object();
    rec.put("event_id", event.path("event_id").asText());
    rec.put("metric", event.path("metric").asText());
    rec.put("object_type", event.path("object_type").asText());
    rec.put("url", endpoint.url());
    rec.put("attempt", attempt);
    rec.put("at", clock.instant().toString());
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
    rec.put("latency_ms", SystemClock.millisSince(t0));
    boolean ok = status >= 200 && status < 300;
    rec.put("delivered", ok);
    if (!ok && attempt < maxAttempts) {
      long delay = retryDelayMillis(status, attempt);
      rec.put("next_retry_ms", delay);
      scheduler.schedule(() -> attempt(hooks, endpoint, event, attempt + 1), delay);
    }
    hooks.attempted(rec);
  }

  /** Exponential backoff from one minute (one hour for the statuses Customer.io treats so), scaled. */
  long retryDelayMillis(int status, int attempt) {
    long first = status == 0 || SLOW_RETRY.contains(status) ? 3_600_000L : 60_000L;
    double d = first * Math.pow(2, attempt - 1) * retryScale;
    return (long) Math.max(1, Math.min(d, 7L * 24 * 3_600_000));
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }
    return http;
  }

  @Override
  public void close() {
    scheduler.close();
  }
}
