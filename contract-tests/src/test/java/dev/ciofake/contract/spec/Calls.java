package dev.ciofake.contract.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ciofake.CioFake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Plain HTTP calls to one workspace of the fake: Track with Basic auth, App with Bearer, admin without a token. */
public final class Calls {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** An answer: status, headers (lower-case names) and body. */
  public record Reply(int status, Map<String, List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return body.isEmpty() ? MissingNode.getInstance() : MAPPER.readTree(body);
      } catch (IOException e) {
        return MissingNode.getInstance();
      }
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  private final CioFake cio;

  public Calls(CioFake cio) {
    this.cio = cio;
  }

  public String trackAuth() {
    return "Basic " + Base64.getEncoder().encodeToString((cio.siteId() + ":" + cio.trackApiKey())
        .getBytes(StandardCharsets.UTF_8));
  }

  /** A call to {@code baseUrl + path} with the given Authorization (null: none) and a JSON body (null: none). */
  public Reply call(String method, String path, String authorization, String body, String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cio.baseUrl() + path)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (body != null && contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Reply track(String method, String path, String body) {
    return call(method, path, trackAuth(), body, "application/json");
  }

  public Reply app(String method, String path, String body) {
    return call(method, path, "Bearer " + cio.appApiKey(), body, "application/json");
  }

  public Reply admin(String method, String path, String body) {
    return call(method, "/__cio" + path, null, body, "application/json");
  }

  public static String json(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
