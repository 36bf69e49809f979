package dev.ciofake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ciofake.CioFake;
import dev.ciofake.CioFakeServer;
import dev.ciofake.WorkspaceCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small HTTP client for tests that drive the fake over real HTTP. Requests carry the Track credentials of a
 * workspace unless told otherwise; every response is returned whole (status, headers, body) for assertions.
 */
public final class FakeHttp {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final WorkspaceCredentials credentials;

  public FakeHttp(CioFakeServer server) {
    this(server.baseUrl(), server.fake().credentials());
  }

  /** A client of one workspace (a test's {@code CioFake}). */
  public FakeHttp(CioFake cio) {
    this(cio.baseUrl(), cio.credentials());
  }

  public FakeHttp(String baseUrl, WorkspaceCredentials credentials) {
    this.baseUrl = baseUrl;
    this.credentials = credentials;
  }

  /** The same client with another workspace's credentials. */
  public FakeHttp as(WorkspaceCredentials other) {
    return new FakeHttp(baseUrl, other);
  }

  public WorkspaceCredentials credentials() {
    return credentials;
  }

  public static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Track Basic auth header of this client's workspace. */
  public String trackAuth() {
    return basic(credentials.siteId(), credentials.trackApiKey());
  }

  /** App Bearer header of this client's workspace. */
  public String appAuth() {
    return "Bearer " + credentials.appApiKey();
  }

  /** Pipelines Basic auth header of this client's workspace: the source key as the user name, an empty password. */
  public String pipelinesAuth() {
    return basic(credentials.pipelinesApiKey(), "");
  }

  /** A Data Pipelines request ({@code POST /v1/<call>}) with a JSON body, permissive (no strict-mode header). */
  public Response pipelines(String call, String json) {
    return send("POST", "/v1/" + call, json, Map.of("Authorization", pipelinesAuth()));
  }

  /** The same with {@code X-Strict-Mode: 1}: real 400/401 answers. */
  public Response pipelinesStrict(String call, String json) {
    return send("POST", "/v1/" + call, json, Map.of("Authorization", pipelinesAuth(), "X-Strict-Mode", "1"));
  }

  /** A Track request with JSON body (or none when {@code json} is null). */
  public Response track(String method, String path, String json) {
    return send(method, path, json, Map.of("Authorization", trackAuth()));
  }

  /** An App API request with JSON body (or none). */
  public Response app(String method, String path, String json) {
    return send(method, path, json, Map.of("Authorization", appAuth()));
  }

  /** An admin API request. */
  public Response admin(String method, String path, String json) {
    return send(method, path, json, Map.of());
  }

  /** A request with a JSON body and exactly the given extra headers. */
  public Response send(String method, String path, String json, Map<String, String> headers) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    if (json != null) {
      h.putIfAbsent("Content-Type", "application/json");
    }
    return raw(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8), h);
  }

  /** A request with raw body bytes and exactly the given headers (no Content-Type added). */
  public Response raw(String method, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
    headers.forEach(b::header);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response, with its body parsed on demand. */
  public static final class Response {
    private final HttpResponse<String> r;

    Response(HttpResponse<String> r) {
      this.r = r;
    }

    public int status() {
      return r.statusCode();
    }

    public String body() {
      return r.body();
    }

    public String header(String name) {
      return r.headers().firstValue(name).orElse(null);
    }

    public JsonNode json() {
      try {
        return MAPPER.readTree(r.body());
      } catch (IOException e) {
        throw new AssertionError("response body is not JSON: " + r.body(), e);
      }
    }

    @Override
    public String toString() {
      return r.statusCode() + " " + r.body();
    }
  }
}
