package dev.ciofake.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A tiny system under test in plain Java, for the runner's own tests (no Node needed): {@code POST /signup {id,
 * email}} identifies the person and tracks {@code signed_up}; {@code POST /hooks} takes reporting webhooks. Its
 * behaviour is chosen by flags, so one class plays the good and the bad integration.
 */
final class JavaSut implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the integration does right or wrong. */
  record Behaviour(boolean queue, boolean retries, boolean handlesWebhooks) {
    static final Behaviour GOOD = new Behaviour(true, true, true);
    static final Behaviour BLOCKING_NO_RETRIES_NO_WEBHOOKS = new Behaviour(false, false, false);
  }

  private final HttpServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "java-sut-sender");
    t.setDaemon(true);
    return t;
  });
  private final Deque<HttpRequest> outbox = new ArrayDeque<>();
  private final Behaviour behaviour;
  private final String trackUrl;
  private final String auth;
  private final String webhookSecret;
  private boolean draining;

  JavaSut(Behaviour behaviour, String trackUrl, String siteId, String trackKey, String webhookSecret)
      throws IOException {
    this.behaviour = behaviour;
    this.trackUrl = trackUrl;
    this.webhookSecret = webhookSecret;
    this.auth = "Basic " + Base64.getEncoder().encodeToString((siteId + ":" + trackKey)
        .getBytes(StandardCharsets.UTF_8));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "java-sut-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/health", ex -> answer(ex, 200, "{\"ok\":true}"));
    server.createContext("/signup", this::signup);
    server.createContext("/hooks", this::webhook);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void signup(HttpExchange ex) throws IOException {
    JsonNode in = JSON.readTree(ex.getRequestBody().readAllBytes());
    String id = in.path("id").asText();
    ObjectNode identify = JSON.createObjectNode();
    identify.put("email", in.path("email").asText());
    identify.put("created_at", 1_700_000_000L);
    ObjectNode event = JSON.createObjectNode();
    event.put("name", "signed_up");
    event.put("id", "01J" + id.toUpperCase(java.util.Locale.ROOT) + "EVENT");
    HttpRequest first = request("PUT", "/customers/" + enc(id), identify);
    HttpRequest second = request("POST", "/customers/" + enc(id) + "/events", event);
    if (behaviour.queue()) {
      enqueue(first, false);
      enqueue(second, false);
      answer(ex, 202, "{}");
      return;
    }
    try {
      int a = http.send(first, HttpResponse.BodyHandlers.discarding()).statusCode();
      int b = http.send(second, HttpResponse.BodyHandlers.discarding()).statusCode();
      answer(ex, a / 100 == 2 && b / 100 == 2 ? 201 : 502, "{}");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer(ex, 500, "{}");
    }
  }

  private void webhook(HttpExchange ex) throws IOException {
    byte[] raw = ex.getRequestBody().readAllBytes();
    if (!behaviour.handlesWebhooks()) {
      answer(ex, 200, "{}");
      return;
    }
    String ts = ex.getRequestHeaders().getFirst("X-CIO-Timestamp");
    String sig = ex.getRequestHeaders().getFirst("X-CIO-Signature");
    if (ts == null || sig == null || !MessageDigest.isEqual(sign(ts, raw).getBytes(StandardCharsets.UTF_8),
        sig.getBytes(StandardCharsets.UTF_8))) {
      answer(ex, 401, "{}");
      return;
    }
    JsonNode event = JSON.readTree(raw);
    String metric = event.path("metric").asText();
    if (metric.equals("bounced") || metric.equals("spammed")) {
      String who = event.path("data").path("identifiers").path("id").asText();
      enqueue(request("POST", "/customers/" + enc(who) + "/suppress", JSON.createObjectNode()), true);
    }
    answer(ex, 200, "{}");
  }

  private String sign(String ts, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v0:" + ts + ":").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest request(String method, String path, JsonNode body) {
    return HttpRequest.newBuilder(URI.create(trackUrl + path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", auth).header("Content-Type", "application/json")
        .header("User-Agent", "java-sut/1")
        .method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build();
  }

  private synchronized void enqueue(HttpRequest r, boolean urgent) {
    if (urgent) {
      outbox.addFirst(r);
    } else {
      outbox.addLast(r);
    }
    if (!draining) {
      draining = true;
      sender.execute(this::drain);
    }
  }

  /** Sends the head of the queue; on a transient failure, tries again after Retry-After (or 200 ms). */
  private void drain() {
    while (true) {
      HttpRequest head;
      synchronized (this) {
        head = outbox.peekFirst();
        if (head == null) {
          draining = false;
          return;
        }
      }
      long retryInMillis = -1;
      try {
        HttpResponse<Void> r = http.send(head, HttpResponse.BodyHandlers.discarding());
        int s = r.statusCode();
        if (s == 429 || s >= 500) {
          retryInMillis = r.headers().firstValue("Retry-After").map(v -> Long.parseLong(v.trim()) * 1000)
              .orElse(200L);
        }
      } catch (IOException e) {
        retryInMillis = 200;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      synchronized (this) {
        if (retryInMillis < 0 || !behaviour.retries()) {
          outbox.remove(head);
          continue;
        }
      }
      sender.schedule(this::drain, retryInMillis, TimeUnit.MILLISECONDS);
      return;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
    sender.shutdownNow();
  }
}
