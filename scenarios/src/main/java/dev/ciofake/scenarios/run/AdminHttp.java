package dev.ciofake.scenarios.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client of the fake's admin API ({@code /__cio}); the runner reads the journal and webhooks with it. */
final class AdminHttp {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http;
  private final String adminUrl;

  /** An answer: status and parsed JSON body (null when it is not JSON). */
  record Answer(int status, JsonNode body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The fake's error message of a 4xx answer. */
    String error() {
      if (body == null) {
        return "status " + status;
      }
      if (body.hasNonNull("error")) {
        return body.get("error").asText();
      }
      JsonNode m = body.path("meta");
      if (m.hasNonNull("error")) {
        return m.get("error").asText();
      }
      if (m.path("errors").isArray() && !m.path("errors").isEmpty()) {
        return m.path("errors").get(0).asText();
      }
      return body.toString();
    }
  }

  AdminHttp(HttpClient http, String adminUrl) {
    this.http = http;
    this.adminUrl = adminUrl;
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(adminUrl + path)).GET());
  }

  Answer post(String path, JsonNode body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(adminUrl + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  private Answer send(HttpRequest.Builder b) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = null;
    try {
      body = r.body() == null || r.body().isBlank() ? null : MAPPER.readTree(r.body());
    } catch (IOException notJson) {
      body = null;
    }
    return new Answer(r.statusCode(), body);
  }
}
