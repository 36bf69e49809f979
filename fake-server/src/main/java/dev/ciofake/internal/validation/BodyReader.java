package dev.ciofake.internal.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.http.Exchange;
import dev.ciofake.internal.http.Json;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.routing.Endpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the body of a request once, for every later stage: size, content type, UTF-8, JSON syntax, and that
 * it is an object. Each problem becomes a 4xx violation in the endpoint's error shape; nothing here throws.
 */
public final class BodyReader {
  private final int maxBodyBytes;

  public BodyReader(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Parses the body into {@link Exchange#body()} or adds the violation that rejects it. */
  public void read(Exchange ex) {
    Endpoint e = ex.endpoint();
    byte[] raw = ex.request().body();
    String media = ex.request().mediaType();
    if (e.requireJsonContentType() && !isJson(media)) {
      ex.addViolation(contentType(media, "this endpoint requires Content-Type: application/json"));
      return;
    }
    if (e.body() == Endpoint.Body.NONE) {
      return;
    }
    int limit = e.maxBodyBytes() > 0 ? Math.min(e.maxBodyBytes(), maxBodyBytes) : maxBodyBytes;
    if (raw.length > limit) {
      ex.addViolation(Violation.of("body-too-large", "body", raw.length + " bytes", "request body is "
          + raw.length + " bytes; the largest accepted is " + limit + " bytes").withStatus(413));
      return;
    }
    if (e.maxBodyBytes() > 0) {
      NearLimit.check(ex, "body", raw.length, limit, "bytes", "the request body");
    }
    if (raw.length > 0 && media != null && !isJson(media)) {
      ex.addViolation(contentType(media, "send the body as JSON with Content-Type: application/json"));
      return;
    }
    if (isBlank(raw)) {
      if (e.body() == Endpoint.Body.REQUIRED) {
        ex.addViolation(Violation.of("missing-body", "body", null,
            "request body is required: send a JSON object"));
      } else {
        ex.body(Json.object());
      }
      return;
    }
    String utf8Problem = utf8Problem(raw);
    if (utf8Problem != null) {
      ex.addViolation(Violation.of("invalid-utf8", "body", null, "request body is not valid UTF-8: " + utf8Problem));
      return;
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(raw);
    } catch (JsonProcessingException jpe) {
      JsonLocation loc = jpe.getLocation();
      ex.addViolation(Violation.of("malformed-json", "body", null, "request body is not valid JSON: "
          + firstLine(jpe.getOriginalMessage())
          + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")));
      return;
    } catch (IOException io) {
      ex.addViolation(Violation.of("malformed-json", "body", null, "request body could not be read: "
          + firstLine(io.getMessage())));
      return;
    }
    if (node == null || !(node.isObject() || (node.isArray() && "add_chaos".equals(e.operation())))) {
      // (POST /__cio/chaos also takes a list of rules)
      ex.addViolation(Violation.of("not-an-object", "body", null,
          "request body must be a JSON object, got " + Schemas.jsonType(node)));
      return;
    }
    ex.body(node);
  }

  private static Violation contentType(String media, String advice) {
    return Violation.of("content-type", "Content-Type", media, "unsupported Content-Type '"
        + (media == null ? "(none)" : media) + "': " + advice).withStatus(415);
  }

  static boolean isJson(String media) {
    return media != null && (media.equals("application/json") || media.endsWith("+json"));
  }

  private static boolean isBlank(byte[] raw) {
    for (byte b : raw) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static String utf8Problem(byte[] raw) {
    boolean ascii = true;
    for (byte b : raw) {
      if (b < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return null;
    }
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw));
      return null;
    } catch (CharacterCodingException e) {
      return "send the body encoded as UTF-8";
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
