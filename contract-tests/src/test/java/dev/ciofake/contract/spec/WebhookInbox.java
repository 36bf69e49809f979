package dev.ciofake.contract.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A reporting-webhook endpoint on loopback that answers 200 and keeps every request as it arrived. */
public final class WebhookInbox implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One request: its version-free headers (lower-case names) and raw body. */
  public record Received(String method, Map<String, String> headers, byte[] body) {
    public JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("webhook body is not JSON: " + new String(body), e);
      }
    }
  }

  private final HttpServer server;
  private final ExecutorService pool;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private WebhookInbox() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "webhook-inbox");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/", ex -> {
      try (ex; InputStream in = ex.getRequestBody()) {
        byte[] body = in.readAllBytes();
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        received.add(new Received(ex.getRequestMethod(), headers, body));
        ex.sendResponseHeaders(200, -1);
      }
    });
    server.start();
  }

  public static WebhookInbox start() {
    try {
      return new WebhookInbox();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/customerio/webhooks";
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
