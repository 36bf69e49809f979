package dev.ciofake.internal.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.Json;
import java.util.List;
import java.util.Map;

/**
 * One served request as the journal keeps it: secrets already masked, the body cut to the configured size.
 *
 * @param body the parsed body when it was JSON (shared, never mutated), else {@code null}
 * @param bodyText the raw body text (cut) when it was not parsed, else {@code null}
 * @param responseBody the body of the answer as text, cut like request bodies ({@code null} when it had none)
 */
public record JournalEntry(
    String id,
    long receivedAtMillis,
    String method,
    String path,
    String query,
    String api,
    String operation,
    String siteId,
    String connectionId,
    Map<String, String> headers,
    JsonNode body,
    String bodyText,
    int bodyBytes,
    int status,
    List<String> errors,
    String injectedFault,
    double durationMillis,
    String responseBody) {

  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("id", id);
    n.put("received_at", java.time.Instant.ofEpochMilli(receivedAtMillis).toString());
    n.put("method", method);
    n.put("path", path);
    n.put("query", query);
    n.put("api", api);
    n.put("operation", operation);
    n.put("site_id", siteId);
    n.put("connection", connectionId);
    ObjectNode h = n.putObject("headers");
    headers.forEach(h::put);
    if (body != null) {
      n.set("body", body);
    } else if (bodyText != null) {
      n.put("body_text", bodyText);
    }
    n.put("body_bytes", bodyBytes);
    n.put("status", status);
    var errs = n.putArray("errors");
    errors.forEach(errs::add);
    n.put("injected_fault", injectedFault);
    n.put("duration_ms", Math.round(durationMillis * 1000) / 1000.0);
    if (responseBody != null) {
      n.put("response_body", responseBody);
    }
    return n;
  }
}
