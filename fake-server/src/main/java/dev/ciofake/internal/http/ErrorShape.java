package dev.ciofake.internal.http;

import dev.ciofake.internal.util.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The error envelopes of the real APIs. Each endpoint declares the one it uses, so clients see exactly the
 * shape their parsers were written for (docs/customerio-facts.md sections 1.6, 2 and 3.1).
 */
public enum ErrorShape {
  /** Track v1 validation: {@code {"meta":{"errors":["..."]}}}, pretty-printed. */
  TRACK_META_ERRORS {
    @Override
    public byte[] render(List<Violation> violations, int status) {
      ObjectNode root = Json.object();
      ArrayNode errors = root.putObject("meta").putArray("errors");
      violations.forEach(v -> errors.add(v.message()));
      return Json.pretty(root);
    }
  },
  /** Track v1 merge_customers and App transactional sends: {@code {"meta":{"error":"..."}}}. */
  META_ERROR {
    @Override
    public byte[] render(List<Violation> violations, int status) {
      ObjectNode root = Json.object();
      root.putObject("meta").put("error", joined(violations));
      return Json.pretty(root);
    }
  },
  /** Track v2: {@code {"errors":[{"reason","field","message"}]}}. */
  TRACK_V2_ERRORS {
    @Override
    public byte[] render(List<Violation> violations, int status) {
      ObjectNode root = Json.object();
      ArrayNode errors = root.putArray("errors");
      for (Violation v : violations) {
        ObjectNode e = errors.addObject();
        if (v.index() != null) {
          e.put("batch_index", v.index());
        }
        e.put("reason", v2Reason(v.code()));
        e.put("field", v.field() == null ? "" : v.field());
        e.put("message", v.message());
      }
      return Json.compact(root);
    }
  },
  /** Most App API endpoints: {@code {"errors":[{"detail":"...","status":"401"}]}} with a string status. */
  APP_ERRORS {
    @Override
    public byte[] render(List<Violation> violations, int status) {
      ObjectNode root = Json.object();
      ArrayNode errors = root.putArray("errors");
      for (Violation v : violations) {
        ObjectNode e = errors.addObject();
        e.put("detail", v.message());
        e.put("status", String.valueOf(status));
      }
      return Json.compact(root);
    }
  },
  /** The fake's own admin API: {@code {"error":"...","details":[...]}}. */
  ADMIN {
    @Override
    public byte[] render(List<Violation> violations, int status) {
      ObjectNode root = Json.object();
      root.put("error", joined(violations));
      root.put("status", status);
      return Json.compact(root);
    }
  };

  /** Renders the violations (all rejecting) in this shape. */
  public abstract byte[] render(List<Violation> violations, int status);

  /** Track v2 {@code reason} words for the fake's violation codes (the real strings are not published). */
  static String v2Reason(String code) {
    switch (code) {
      case "schema":
      case "parameter":
        return "invalid";
      case "limit":
      case "body-too-large":
        return "too_large";
      case "identifier":
        return "invalid_identifier";
      case "millisecond-timestamp":
        return "invalid_timestamp";
      case "malformed-json":
      case "invalid-utf8":
      case "not-an-object":
      case "missing-body":
        return "invalid_json";
      case "auth":
        return "unauthorized";
      case "rate-limit":
        return "rate_limited";
      default:
        return code.replace('-', '_');
    }
  }

  static String joined(List<Violation> violations) {
    StringBuilder sb = new StringBuilder();
    for (Violation v : violations) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(v.message());
    }
    return sb.toString();
  }
}
