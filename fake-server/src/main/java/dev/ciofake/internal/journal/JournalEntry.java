package dev.ciofake.internal.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One served request as the journal keeps it: secrets already masked, the body cut to the configured size.
 *
 * <p>Compact on purpose: the journal holds thousands of these, each alive for a few seconds under load, so every
 * young collection copies the newest of them. The headers are one flat array of names and values, and a JSON body
 * is kept as the bytes the client sent, not as the parsed tree (a dozen objects per field); {@link #toJson} parses it
 * again on the rare read, with the mapper that parsed it, so the view is the same.
 */
public final class JournalEntry {
  private static final byte[] NO_BYTES = new byte[0];

  private final String id;
  private final long receivedAtMillis;
  private final String method;
  private final String path;
  private final String query;
  private final String api;
  private final String operation;
  private final String siteId;
  private final String connectionId;
  /** Masked headers: name, value, name, value, ... in the order sent. */
  private final String[] headers;
  /** The body when it was parsed as JSON (whole, blank for an empty optional body), else the body cut to size. */
  private final byte[] body;
  private final boolean json;
  private final boolean truncated;
  private final int bodyBytes;
  private final int status;
  private final List<String> errors;
  private final String injectedFault;
  private final double durationMillis;
  /** The answer's body, cut like a request body that was not JSON; empty when it had none. */
  private final byte[] responseBody;
  private final boolean responseTruncated;

  /**
   * @param headers masked names and values, alternating
   * @param body the raw body: whole when {@code json}, else cut (and {@code truncated} says whether it was)
   * @param json whether the body was read as JSON (then the view shows the parsed body; a blank one is {@code {}})
   * @param responseBody the answer's body, cut ({@code responseTruncated} says whether it was); empty: none
   */
  JournalEntry(String id, long receivedAtMillis, String method, String path, String query, String api,
      String operation, String siteId, String connectionId, String[] headers, byte[] body, boolean json,
      boolean truncated, int bodyBytes, int status, List<String> errors, String injectedFault,
      double durationMillis, byte[] responseBody, boolean responseTruncated) {
    this.id = id;
    this.receivedAtMillis = receivedAtMillis;
    this.method = method;
    this.path = path;
    this.query = query;
    this.api = api;
    this.operation = operation;
    this.siteId = siteId;
    this.connectionId = connectionId;
    this.headers = headers;
    this.body = body == null ? NO_BYTES : body;
    this.json = json;
    this.truncated = truncated;
    this.bodyBytes = bodyBytes;
    this.status = status;
    this.errors = errors;
    this.injectedFault = injectedFault;
    this.durationMillis = durationMillis;
    this.responseBody = responseBody == null ? NO_BYTES : responseBody;
    this.responseTruncated = responseTruncated;
  }

  public String id() {
    return id;
  }

  public long receivedAtMillis() {
    return receivedAtMillis;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public String api() {
    return api;
  }

  public String operation() {
    return operation;
  }

  public String siteId() {
    return siteId;
  }

  public int status() {
    return status;
  }

  public List<String> errors() {
    return errors;
  }

  public String injectedFault() {
    return injectedFault;
  }

  /** The parsed body when it was JSON (parsed again from the kept bytes on each call), else {@code null}. */
  public JsonNode body() {
    return json ? parsedBody() : null;
  }

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
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    if (json) {
      n.set("body", parsedBody());
    } else if (body.length > 0) {
      n.put("body_text", new String(body, StandardCharsets.UTF_8) + (truncated ? "...(truncated)" : ""));
    }
    n.put("body_bytes", bodyBytes);
    n.put("status", status);
    var errs = n.putArray("errors");
    errors.forEach(errs::add);
    n.put("injected_fault", injectedFault);
    n.put("duration_ms", Math.round(durationMillis * 1000) / 1000.0);
    if (responseBody.length > 0) {
      n.put("response_body", new String(responseBody, StandardCharsets.UTF_8)
          + (responseTruncated ? "...(truncated)" : ""));
    }
    return n;
  }

  /** The body as the pipeline parsed it: the same bytes through the same mapper. */
  private JsonNode parsedBody() {
    if (isBlank(body)) {
      return Json.object(); // an optional body that was empty reads as {}
    }
    try {
      return Json.BODY_MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("a journal body that parsed once no longer parses", e);
    }
  }

  private static boolean isBlank(byte[] raw) {
    for (byte b : raw) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
