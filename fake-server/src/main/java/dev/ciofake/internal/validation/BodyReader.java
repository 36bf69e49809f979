package dev.ciofake.internal.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.http.ApiRequest;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.http.Violation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the body of a request once, for every later stage: size, content type, UTF-8, JSON syntax, and that
 * it is an object. Each problem becomes a 4xx violation in the endpoint's error shape; nothing here throws.
 */
public final class BodyReader {
  private final int maxBodyBytes;

  public BodyReader(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Reads a request's body under an endpoint's policy.
   *
   * @param endpointMaxBytes the endpoint's documented body limit, or 0 for the server-wide one
   * @param out where problems go: the violation that rejects the body, or accepted notes (near a limit)
   * @return the parsed body ({@code {}} for an empty optional one), or {@code null} when there is none or it was
   *     rejected
   */
  public JsonNode read(ApiRequest request, BodyPolicy policy, int endpointMaxBytes, boolean requireJsonContentType,
      List<Violation> out) {
    byte[] raw = request.body();
    String media = request.mediaType();
    if (requireJsonContentType && !isJson(media)) {
      out.add(contentType(media, "this endpoint requires Content-Type: application/json"));
      return null;
    }
    if (policy == BodyPolicy.NONE) {
      return null;
    }
    int limit = endpointMaxBytes > 0 ? Math.min(endpointMaxBytes, maxBodyBytes) : maxBodyBytes;
    if (raw.length > limit) {
      out.add(Violation.of("body-too-large", "body", raw.length + " bytes", "request body is "
          + raw.length + " bytes; the largest accepted is " + limit + " bytes").withStatus(413));
      return null;
    }
    if (endpointMaxBytes > 0) {
      NearLimit.note(out, "body", raw.length, limit, "bytes", "the request body");
    }
    if (raw.length > 0 && media != null && !isJson(media)) {
      out.add(contentType(media, "send the body as JSON with Content-Type: application/json"));
      return null;
    }
    if (isBlank(raw)) {
      if (policy == BodyPolicy.OPTIONAL_OBJECT) {
        return Json.object();
      }
      out.add(Violation.of("missing-body", "body", null, "request body is required: send a JSON "
          + (policy == BodyPolicy.OBJECT_OR_ARRAY ? "object or array" : "object")));
      return null;
    }
    String utf8Problem = utf8Problem(raw);
    if (utf8Problem != null) {
      out.add(Violation.of("invalid-utf8", "body", null, "request body is not valid UTF-8: " + utf8Problem));
      return null;
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(raw);
    } catch (JsonProcessingException jpe) {
      JsonLocation loc = jpe.getLocation();
      out.add(Violation.of("malformed-json", "body", null, "request body is not valid JSON: "
          + firstLine(jpe.getOriginalMessage())
          + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")));
      return null;
    } catch (IOException io) {
      out.add(Violation.of("malformed-json", "body", null, "request body could not be read: "
          + firstLine(io.getMessage())));
      return null;
    }
    if (!policy.accepts(node)) {
      out.add(Violation.of("not-an-object", "body", null, "request body must be a JSON "
          + (policy == BodyPolicy.OBJECT_OR_ARRAY ? "object or array" : "object") + ", got "
          + Schemas.jsonType(node)));
      return null;
    }
    return node;
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
