package dev.ciofake.sample;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sample integration, as an app would write it: on signup, identify the person in Customer.io, then track
 * {@code signed_up}, over the Track API with {@code java.net.http}.
 *
 * <p>Done right: one {@link HttpClient} for the life of the service (kept-alive connections), the user's database id
 * as the person id and the email as an attribute, timestamps in seconds, one fixed event name with the details in
 * its data, identify before track, and the calls off the request path: {@link #signUp} returns at once and the
 * future it returns completes when Customer.io has both calls. Analytics never fails a signup: a Customer.io error is
 * counted, not thrown.
 *
 * <p>The protected methods are the seams {@link FlawedSignupServices} uses to commit the classic mistakes.
 */
public class SignupService {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String trackUrl;
  private final String authorization;
  private final AtomicInteger failedCalls = new AtomicInteger();

  /** {@code trackUrl} as the official clients take it: {@code https://track.customer.io/api/v1}. */
  public SignupService(String trackUrl, String siteId, String trackApiKey) {
    this.trackUrl = trackUrl;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((siteId + ":" + trackApiKey).getBytes(StandardCharsets.UTF_8));
  }

  /** Signs the user up and reports it to Customer.io in the background; the future is for tests and shutdown. */
  public CompletableFuture<Void> signUp(String userId, String email, String plan) {
    // ... the app's own signup work would be here ...
    return identify(userId, email, plan).thenCompose(done -> trackSignup(userId, email, plan));
  }

  protected CompletableFuture<Void> identify(String userId, String email, String plan) {
    return call("PUT", personPath(userId, email),
        "{\"email\":" + quote(email) + ",\"plan\":" + quote(plan) + ",\"created_at\":" + timestamp() + "}");
  }

  protected CompletableFuture<Void> trackSignup(String userId, String email, String plan) {
    return call("POST", personPath(userId, email) + "/events", "{\"name\":" + quote(eventName(userId))
        + ",\"data\":{\"plan\":" + quote(plan) + "},\"timestamp\":" + timestamp() + "}");
  }

  /** How many Customer.io calls failed or were refused. */
  public int failedCalls() {
    return failedCalls.get();
  }

  /** Unix time in seconds, as Customer.io expects. */
  protected long timestamp() {
    return Instant.now().getEpochSecond();
  }

  /** The person is addressed by the app's immutable user id. */
  protected String personPath(String userId, String email) {
    return "/customers/" + URLEncoder.encode(userId, StandardCharsets.UTF_8);
  }

  /** One name per kind of event; what varies goes in the data. */
  protected String eventName(String userId) {
    return "signed_up";
  }

  /** The one client of the service. */
  protected HttpClient client() {
    return http;
  }

  protected CompletableFuture<Void> call(String method, String path, String json) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(trackUrl + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json))
        .build();
    return client().sendAsync(request, HttpResponse.BodyHandlers.discarding())
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

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
