package dev.ciofake.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local reporting-webhook receiver on {@code 127.0.0.1:0}: records every POST (headers, raw body, arrival time) and
 * answers the statuses it was told to, in order, then 200. It can also be slow: each request is held, on its own
 * handler thread, until {@link #close()} or the hold time passes.
 */
final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One POST as it arrived. */
  record Received(String method, String path, String protocol, Map<String, String> headers, byte[] rawBody,
      long atNanos) {
    /** A header, by case-insensitive name. */
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonNode json() {
      try {
        return MAPPER.readTree(rawBody);
      } catch (IOException e) {
        throw new AssertionError("webhook body is not JSON: " + new String(rawBody), e);
      }
    }

    String metric() {
      return json().path("metric").asText();
    }

    String eventId() {
      return json().path("event_id").asText();
    }
  }

  private final HttpServer server;
  private final ExecutorService handlers;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Integer> answers = new ArrayDeque<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile Duration hold = Duration.ZERO;
  /** How many of the next requests are held ({@code -1}: all). */
  private int slowRequests = -1;

  private WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    handlers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "webhook-receiver");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  static WebhookReceiver start() {
    try {
      return new WebhookReceiver();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL to register: {@code http://127.0.0.1:PORT/cio-webhooks}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/cio-webhooks";
  }

  /** Answers these statuses to the next requests, in order; 200 after them. */
  synchronized WebhookReceiver answer(int... statuses) {
    for (int s : statuses) {
      answers.add(s);
    }
    return this;
  }

  /** Holds every request this long (on the handler's own thread) before answering. */
  WebhookReceiver slow(Duration d) {
    this.hold = d;
    return this;
  }

  /** Holds only the next {@code requests} requests this long; later ones are answered at once. */
  synchronized WebhookReceiver slowFirst(int requests, Duration d) {
    this.hold = d;
    this.slowRequests = requests;
    return this;
  }

  /** Every request so far, in order of arrival. */
  List<Received> received() {
    return List.copyOf(received);
  }

  /** The events of one delivery, in order of arrival. */
  List<Received> forDelivery(String deliveryId) {
    return received.stream().filter(r -> r.json().path("data").path("delivery_id").asText().equals(deliveryId))
        .toList();
  }

  /** The metrics of one delivery's events, in order of arrival. */
  List<String> metricsOf(String deliveryId) {
    return forDelivery(deliveryId).stream().map(Received::metric).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex; InputStream in = ex.getRequestBody()) {
      byte[] body = in.readAllBytes();
      Map<String, String> headers = new TreeMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getProtocol(), headers, body,
          System.nanoTime()));
      boolean holdThis;
      synchronized (this) {
        holdThis = slowRequests != 0;
        if (slowRequests > 0) {
          slowRequests--;
        }
      }
      if (holdThis && !hold.isZero()) {
        try {
          released.await(hold.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      int status;
      synchronized (this) {
        status = answers.isEmpty() ? 200 : answers.poll();
      }
      ex.sendResponseHeaders(status, -1);
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }
}
