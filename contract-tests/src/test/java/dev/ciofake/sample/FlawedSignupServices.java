package dev.ciofake.sample;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * {@link SignupService} with one classic Customer.io mistake each. Every one of them works against the real
 * service; the fake catches them.
 */
final class FlawedSignupServices {
  private FlawedSignupServices() {}

  /** {@code millisecond-timestamp}: {@code currentTimeMillis()} where Customer.io wants seconds. */
  static final class MillisecondTimestamps extends SignupService {
    MillisecondTimestamps(String trackUrl, String siteId, String trackApiKey) {
      super(trackUrl, siteId, trackApiKey);
    }

    @Override
    protected long timestamp() {
      return System.currentTimeMillis();
    }
  }

  /** {@code track-before-identify}: the event goes out before the person exists. */
  static final class TrackBeforeIdentify extends SignupService {
    TrackBeforeIdentify(String trackUrl, String siteId, String trackApiKey) {
      super(trackUrl, siteId, trackApiKey);
    }

    @Override
    public CompletableFuture<Void> signUp(String userId, String email, String plan) {
      return trackSignup(userId, email, plan).thenCompose(done -> identify(userId, email, plan));
    }
  }

  /** {@code mutable-person-id}: the email, which changes, as the person id. */
  static final class EmailAsId extends SignupService {
    EmailAsId(String trackUrl, String siteId, String trackApiKey) {
      super(trackUrl, siteId, trackApiKey);
    }

    @Override
    protected String personPath(String userId, String email) {
      return "/customers/" + URLEncoder.encode(email, StandardCharsets.UTF_8);
    }
  }

  /** {@code dynamic-event-name}: the user id in the event name, one event name per user. */
  static final class DynamicEventName extends SignupService {
    DynamicEventName(String trackUrl, String siteId, String trackApiKey) {
      super(trackUrl, siteId, trackApiKey);
    }

    @Override
    protected String eventName(String userId) {
      return "signed_up_" + userId;
    }
  }

  /** {@code no-connection-reuse}: a new HttpClient, so a new connection, for every call. */
  static final class NewClientPerRequest extends SignupService {
    NewClientPerRequest(String trackUrl, String siteId, String trackApiKey) {
      super(trackUrl, siteId, trackApiKey);
    }

    @Override
    protected HttpClient client() {
      return HttpClient.newHttpClient();
    }
  }

  /**
   * Blocking the request path on analytics: the signup waits for Customer.io, so a slow or down Customer.io makes
   * signups slow. No pitfall id: the fake sees nothing wrong in the requests; a test sees it in the signup's time.
   */
  static final class BlockingOnAnalytics extends SignupService {
    BlockingOnAnalytics(String trackUrl, String siteId, String trackApiKey) {
      super(trackUrl, siteId, trackApiKey);
    }

    @Override
    public CompletableFuture<Void> signUp(String userId, String email, String plan) {
      CompletableFuture<Void> calls = super.signUp(userId, email, plan);
      calls.join();
      return calls;
    }
  }
}
