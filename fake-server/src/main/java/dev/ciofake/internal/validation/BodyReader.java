package dev.ciofake.internal.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.http.ApiRequest;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.http.Violation;
import java.io.IOException;
import java.math.BigDecimal;
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
    if (request.bodyProblem() != null) {
      out.add(request.bodyProblem());
      return null;
    }
    byte[] raw = request.body();
    String media = request.mediaType();
    if (requireJsonContentType && !isJson(media)) {
      // a documented requirement of the endpoint (/unsubscribe): answered with the endpoint's documented 400
      out.add(contentType(media, "this endpoint requires Content-Type: application/json").withStatus(400));
      return null;
    }
    if (policy == BodyPolicy.NONE) {
      return null;
    }
    int limit = endpointMaxBytes > 0 ? Math.min(endpointMaxBytes, maxBodyBytes) : maxBodyBytes;
    if (raw.length > limit) {
      // past an endpoint's documented limit (Track v2's 32 KB and 500 KB) the documented status is 400; past the
      // fake's own server-wide limit, which no document names, 413 (docs/edge.md)
      out.add(Violation.of("body-too-large", "body", raw.length + " bytes", "request body is "
          + raw.length + " bytes; the largest accepted is " + limit + " bytes")
          .withStatus(limit < maxBodyBytes ? 400 : 413));
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
    String encodingProblem = encodingProblem(raw);
    if (encodingProblem != null) {
      out.add(Violation.of("invalid-utf8", "body", null, "request body is not valid UTF-8: " + encodingProblem));
      return null;
    }
    JsonNode node;
    try {
      node = Json.BODY_MAPPER.readTree(raw);
    } catch (StreamConstraintsException tooComplex) {
      out.add(Violation.of("malformed-json", "body", null, "request body is not valid JSON: "
          + constraint(tooComplex)));
      return null;
    } catch (JsonProcessingException jpe) {
      JsonLocation loc = jpe.getLocation();
      out.add(Violation.of("malformed-json", "body", null, "request body is not valid JSON: "
          + plainMessage(jpe.getOriginalMessage())
          + (loc == null || loc.getLineNr() < 1 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr()
              + ")")));
      return null;
    } catch (IOException | RuntimeException unreadable) {
      // NumberFormatException (an exponent past int range) and the like: the text is JSON, a value is not usable
      out.add(Violation.of("malformed-json", "body", null, "request body is not valid JSON: "
          + NUMBER_OUT_OF_RANGE));
      return null;
    }
    String badNumber = numberOutOfRange(node);
    if (badNumber != null) {
      out.add(Violation.of("malformed-json", "body", badNumber, "request body is not valid JSON: the number "
          + Violation.shorten(badNumber.length() > 40 ? badNumber.substring(0, 40) + "..." : badNumber) + " is "
          + NUMBER_OUT_OF_RANGE.substring(NUMBER_OUT_OF_RANGE.indexOf("out of range"))));
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

  /**
   * Why the bytes are not UTF-8 JSON text, or {@code null}. A NUL byte can be neither JSON syntax nor unescaped string
   * content; it is how UTF-16 and UTF-32 text looks when read as bytes (and Jackson would otherwise guess such an
   * encoding and accept it).
   */
  private static String encodingProblem(byte[] raw) {
    boolean ascii = true;
    for (byte b : raw) {
      if (b == 0) {
        return "it contains NUL bytes (UTF-16 or UTF-32 text?); send the body encoded as UTF-8";
      }
      if (b < 0) {
        ascii = false;
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

  /** What the clients are told about a number no 64-bit float can hold (the real service parses into them). */
  static final String NUMBER_OUT_OF_RANGE = "a number is out of range (JSON numbers must fit a 64-bit float)";

  private static final BigDecimal LARGEST_DOUBLE = new BigDecimal(Double.MAX_VALUE);

  /**
   * The first number of the document that no 64-bit float holds (beyond about 1.8e308), as text, or {@code null}.
   * Checked before any schema runs: such a value parses as a short literal ({@code 1e999999}) yet costs a huge
   * expansion in every comparison or conversion made later. The check itself compares exponents first, so it is
   * cheap for any literal.
   */
  static String numberOutOfRange(JsonNode root) {
    java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      JsonNode n = todo.pop();
      if (n.isContainerNode()) {
        n.forEach(todo::push);
      } else if (n.isBigDecimal()) {
        BigDecimal d = n.decimalValue();
        if (d.signum() != 0 && d.abs().compareTo(LARGEST_DOUBLE) > 0) {
          return d.toString();
        }
      } else if (n.isBigInteger() && n.bigIntegerValue().bitLength() > 1024) {
        String text = n.bigIntegerValue().toString();
        return text;
      }
    }
    return null;
  }

  /** Jackson's limit messages in the client's terms (they name Jackson's own classes and methods). */
  static String constraint(StreamConstraintsException e) {
    String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
    if (m.contains("nesting depth")) {
      return "objects and arrays nest more than " + Json.MAX_NESTING_DEPTH + " levels deep";
    }
    if (m.contains("number value length")) {
      return "a number is longer than " + Json.MAX_NUMBER_LENGTH + " characters";
    }
    if (m.contains("token count")) {
      return "it holds more than " + Json.MAX_BODY_TOKENS + " JSON values";
    }
    if (m.contains("name length")) {
      return "a field name is too long";
    }
    if (m.contains("string value length")) {
      return "a string is too long";
    }
    return "it exceeds the parser's limits";
  }

  /**
   * A parser message without the parser's own vocabulary: Jackson names its classes and features
   * ({@code `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS`}, {@code `com.fasterxml.jackson.databind.JsonNode`}), which
   * mean nothing to a client and must not leave the fake.
   */
  static String plainMessage(String message) {
    String s = firstLine(message);
    s = s.replaceAll("\\s*\\((?:[^()]|\\([^()]*\\))*`[^`]*`(?:[^()]|\\([^()]*\\))*\\)", ""); // "(bound as `X`)"
    s = s.replaceAll(":?\\s*(?:enable|disable|not allowed as per)\\s+`[^`]*`[^;:]*", "");
    s = s.replaceAll("`[^`]*`", "a value");
    s = s.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Za-z_$][\\w$]*", "a value"); // any left-over class name
    s = s.trim();
    return s.isEmpty() ? "unknown error" : s;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
