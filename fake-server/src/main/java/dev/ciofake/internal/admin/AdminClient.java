package dev.ciofake.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.CioFakeException;
import dev.ciofake.internal.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small client of the fake's admin API ({@code /__cio}). It works the same against an in-process fake and a
 * container, which is why the Java handle and the JUnit extension use it rather than reaching into the server.
 */
public final class AdminClient {
  /**
   * Plain HTTP/1.1 with keep-alive, like the fake's other clients (webhooks, the scenario runner): the JDK's default
   * asks every new connection to upgrade to cleartext HTTP/2 (h2c), which the fake's Jetty accepts. Twice in CI an
   * admin call on such a client got no answer until Jetty's 30 s idle timeout closed the connection; the cause was
   * not pinned down (it did not reproduce in 36,000 concurrent admin calls over h2c), and the admin API gains nothing
   * from HTTP/2.
   */
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  /** The variable a fake reads its admin token from, and the clients their default one. */
  public static final String TOKEN_VARIABLE = "CIO_FAKE_ADMIN_TOKEN";
  private final String adminUrl;
  private final String token;

  /** A client that sends the token of {@value #TOKEN_VARIABLE}, if that variable is set. */
  public AdminClient(String adminUrl) {
    this(adminUrl, null);
  }

  /**
   * A client that sends {@code token} as {@code Authorization: Bearer}; {@code null} takes {@value #TOKEN_VARIABLE}
   * from the environment (a fake in a container configured by the same CI job), if set.
   */
  public AdminClient(String adminUrl, String token) {
    this.adminUrl = adminUrl.endsWith("/") ? adminUrl.substring(0, adminUrl.length() - 1) : adminUrl;
    String t = token != null ? token : System.getenv(TOKEN_VARIABLE);
    this.token = t == null || t.isBlank() ? null : t;
  }

  /** The token this client sends, or {@code null}. */
  public String token() {
    return token;
  }

  public String adminUrl() {
    return adminUrl;
  }

  /** GET a JSON document; {@code null} on 404. */
  public JsonNode get(String path) {
    return send("GET", path, null, true);
  }

  /** POST/PUT/DELETE with an optional JSON body; returns the JSON answer. */
  public JsonNode send(String method, String path, String json) {
    return send(method, path, json, false);
  }

  private JsonNode send(String method, String path, String json, boolean nullOn404) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(adminUrl + path)).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    try {
      HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() == 404 && nullOn404) {
        return null;
      }
      if (r.statusCode() >= 300) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        String reason;
        try {
          JsonNode error = Json.MAPPER.readTree(body).get("error");
          reason = error != null && error.isTextual() ? error.asText() : null;
        } catch (IOException notJson) {
          reason = null;
        }
        throw new CioFakeException(r.statusCode(), reason != null ? reason
            : "cio-fake admin API " + method + " " + path + " answered " + r.statusCode() + ": " + body);
      }
      return Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("cio-fake admin API at " + adminUrl + " is not reachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling the cio-fake admin API", e);
    }
  }

  /** URL-encodes a path segment or query value. */
  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
