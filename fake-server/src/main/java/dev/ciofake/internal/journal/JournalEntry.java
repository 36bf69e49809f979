package dev.ciofake.internal.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.http.ApiRequest;
import dev.ciofake.internal.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One served request as the journal keeps it: secrets already masked, the body cut to the configured size.
 *
 * <p>Compact on purpose: the journal holds thousands of these, each alive for a few seconds under load, so every
 * young collection copies the newest of them, and what a copy costs is mostly the number of objects. So an entry is
 * three objects: itself, the headers as one flat array of names and values (the strings shared with the entries
 * before it, see {@link RequestJournal}), and one byte array that holds the path, the body and the answer's body
 * one after the other. A JSON body is kept as the bytes the client sent, not as the parsed tree (a dozen objects per
 * field); {@link #toJson} parses it again on the rare read, with the mapper that parsed it, so the view is the same.
 * The id {@code req_<n>} is kept as its number.
 */
public final class JournalEntry {
  private static final byte[] NO_BYTES = new byte[0];

  /** {@code n} of an id {@code req_<n>} (what the pipeline gives every request), or -1. */
  private final long idNumber;
  /** Any other id, or {@code null}. */
  private final String idText;
  private final long receivedAtMillis;
  private final String method;
  /** The path when it is not plain ASCII; otherwise it is the first {@link #pathLength} bytes of {@link #bytes}. */
  private final String pathText;
  private final String query;
  private final String api;
  private final String operation;
  private final String siteId;
  private final String connectionId;
  /** Masked headers: name, value, name, value, ... in the order sent. */
  private final String[] headers;
  /**
   * The ASCII path ({@link #pathLength} bytes), then the body ({@link #bodyLength} bytes: whole when it was parsed as
   * JSON, blank for an empty optional body, else cut to size), then the answer's body (the rest: cut like a body that
   * was not JSON, none when empty).
   */
  private final byte[] bytes;
  private final int pathLength;
  private final int bodyLength;
  private final boolean json;
  private final boolean truncated;
  private final int bodyBytes;
  private final int status;
  private final List<String> errors;
  private final String injectedFault;
  private final double durationMillis;
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
    this.idNumber = number(id);
    this.idText = idNumber < 0 ? id : null;
    this.receivedAtMillis = receivedAtMillis;
    this.method = method;
    boolean ascii = true;
    for (int i = 0; i < path.length() && ascii; i++) {
      ascii = path.charAt(i) < 0x80;
    }
    this.pathText = ascii ? null : path;
    this.pathLength = ascii ? path.length() : 0;
    byte[] b = body == null ? NO_BYTES : body;
    byte[] r = responseBody == null ? NO_BYTES : responseBody;
    this.bodyLength = b.length;
    this.bytes = new byte[pathLength + b.length + r.length];
    if (ascii) {
      for (int i = 0; i < pathLength; i++) {
        bytes[i] = (byte) path.charAt(i); // ASCII: each char is its byte
      }
    }
    System.arraycopy(b, 0, bytes, pathLength, b.length);
    System.arraycopy(r, 0, bytes, pathLength + b.length, r.length);
    this.query = query;
    this.api = api;
    this.operation = operation;
    this.siteId = siteId;
    this.connectionId = connectionId;
    this.headers = headers;
    this.json = json;
    this.truncated = truncated;
    this.bodyBytes = bodyBytes;
    this.status = status;
    this.errors = errors;
    this.injectedFault = injectedFault;
    this.durationMillis = durationMillis;
    this.responseTruncated = responseTruncated;
  }

  /** The request's id ({@code req_<n>}, made again from the number on each call). */
  public String id() {
    return idText != null ? idText : ApiRequest.idOf(idNumber);
  }

  /** {@code n} of {@code req_<n>}, or -1 for any other id (kept as it is). */
  static long number(String id) {
    return ApiRequest.numberOf(id);
  }

  public long receivedAtMillis() {
    return receivedAtMillis;
  }

  public String method() {
    return method;
  }

  public String path() {
    return pathText != null ? pathText : new String(bytes, 0, pathLength, StandardCharsets.US_ASCII);
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
    n.put("id", id());
    n.put("received_at", java.time.Instant.ofEpochMilli(receivedAtMillis).toString());
    n.put("method", method);
    n.put("path", path());
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
    } else if (bodyLength > 0) {
      n.put("body_text", new String(bytes, pathLength, bodyLength, StandardCharsets.UTF_8)
          + (truncated ? "...(truncated)" : ""));
    }
    n.put("body_bytes", bodyBytes);
    n.put("status", status);
    var errs = n.putArray("errors");
    errors.forEach(errs::add);
    n.put("injected_fault", injectedFault);
    n.put("duration_ms", Math.round(durationMillis * 1000) / 1000.0);
    int answerStart = pathLength + bodyLength;
    if (bytes.length > answerStart) {
      n.put("response_body", new String(bytes, answerStart, bytes.length - answerStart, StandardCharsets.UTF_8)
          + (responseTruncated ? "...(truncated)" : ""));
    }
    return n;
  }

  /** The body as the pipeline parsed it: the same bytes through the same mapper. */
  private JsonNode parsedBody() {
    if (isBlank(bytes, pathLength, bodyLength)) {
      return Json.object(); // an optional body that was empty reads as {}
    }
    try {
      return Json.BODY_MAPPER.readTree(bytes, pathLength, bodyLength);
    } catch (IOException e) {
      throw new UncheckedIOException("a journal body that parsed once no longer parses", e);
    }
  }

  private static boolean isBlank(byte[] raw, int from, int length) {
    for (int i = from; i < from + length; i++) {
      byte b = raw[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
