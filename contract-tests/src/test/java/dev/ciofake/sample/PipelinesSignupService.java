package dev.ciofake.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The signup integration of {@link SignupService} over the Data Pipelines API: one {@code POST /v1/batch} with the
 * identify and the {@code Signed Up} track, HTTP Basic with the source key and an empty password, ISO-8601
 * timestamps, a {@code messageId} per call (so a retried batch is stored once), identify before track, off the
 * request path. {@code X-Strict-Mode: 1} makes the API answer real 400/401 errors instead of a 200 that drops the
 * call; the service counts them as failures.
 */
public class PipelinesSignupService {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String pipelinesUrl;
  private final String authorization;
  private final AtomicInteger failedCalls = new AtomicInteger();

  /** {@code pipelinesUrl} as customerio-node's PipelinesClient takes it: {@code https://cdp.customer.io/v1}. */
  public PipelinesSignupService(String pipelinesUrl, String pipelinesApiKey) {
    this.pipelinesUrl = pipelinesUrl;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((pipelinesApiKey + ":").getBytes(StandardCharsets.UTF_8));
  }

  /** Signs the user up and reports it in the background; the future is for tests and shutdown. */
  public CompletableFuture<Void> signUp(String userId, String email, String plan) {
    String now = Instant.now().toString();
    String batch = "{\"batch\":["
        + "{\"type\":\"identify\",\"userId\":" + quote(userId) + ",\"messageId\":" + quote(UUID.randomUUID().toString())
        + ",\"timestamp\":" + quote(now) + ",\"traits\":{\"email\":" + quote(email) + ",\"plan\":" + quote(plan) + "}},"
        + "{\"type\":\"track\",\"userId\":" + quote(userId) + ",\"messageId\":" + quote(UUID.randomUUID().toString())
        + ",\"timestamp\":" + quote(now) + ",\"event\":\"Signed Up\",\"properties\":{\"plan\":" + quote(plan) + "}}]}";
    HttpRequest request = HttpRequest.newBuilder(URI.create(pipelinesUrl + "/batch"))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .header("X-Strict-Mode", "1")
        .POST(HttpRequest.BodyPublishers.ofString(batch))
        .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenAccept(response -> {
          if (response.statusCode() >= 300) {
            failedCalls.incrementAndGet();
          }
        })
        .exceptionally(e -> {
          failedCalls.incrementAndGet();
          return null;
        });
  }

  /** How many Pipelines requests failed or were refused. */
  public int failedCalls() {
    return failedCalls.get();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
