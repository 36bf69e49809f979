package dev.ciofake.internal.http;

import dev.ciofake.internal.util.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The error envelopes of the real APIs, as their documents give them (docs/customerio-facts.md sections 1.6, 2 and
 * 3.1; docs/edge.md, "Error bodies"). An API (and an endpoint that differs, like {@code merge_customers}) names the one
 * it uses; {@link Api#error} decides the rest.
 */
public enum ErrorShape {
  /** Track v1 validation: {@code {"meta":{"errors":["..."]}}}, pretty-printed. */
  TRACK_META_ERRORS(true) {
    @Override
    public ObjectNode body(List<Violation> violations, int status) {
      ObjectNode root = Json.object();
      ArrayNode errors = root.putObject("meta").putArray("errors");
      violations.forEach(v -> errors.add(v.message()));
      return root;
    }
  },
  /** Track v1 merge_customers and App transactional sends: {@code {"meta":{"error":"..."}}}. */
  META_ERROR(true) {
    @Override
    public ObjectNode body(List<Violation> violations, int status) {
      ObjectNode root = Json.object();
      root.putObject("meta").put("error", joined(violations));
      return root;
    }
  },
  /** Track v2: {@code {"errors":[{"reason","field","message"}]}}. */
  TRACK_V2_ERRORS(false) {
    @Override
    public ObjectNode body(List<Violation> violations, int status) {
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
      return root;
    }
  },
  /** Most App API endpoints: {@code {"errors":[{"detail":"...","status":"401"}]}} with a string status. */
  APP_ERRORS(false) {
    @Override
    public ObjectNode body(List<Violation> violations, int status) {
      ObjectNode root = Json.object();
      ArrayNode errors = root.putArray("errors");
      for (Violation v : violations) {
        ObjectNode e = errors.addObject();
        e.put("detail", v.message());
        e.put("status", String.valueOf(status));
      }
      return root;
    }
  },
  /** The fake's own admin API: {@code {"error":"...","details":[...]}}. */
  ADMIN(false) {
    @Override
    public ObjectNode body(List<Violation> violations, int status) {
      ObjectNode root = Json.object();
      root.put("error", joined(violations));
      root.put("status", status);
      return root;
    }
  };

  /** The violations (all rejecting) in this shape, as its document gives it. */
  public abstract ObjectNode body(List<Violation> violations, int status);

  private final boolean meta;

  /** @param meta whether the shape is a {@code meta} body, which the live service pretty-prints */
  ErrorShape(boolean meta) {
    this.meta = meta;
  }

  /**
   * Whether the shape carries {@code meta.error} or {@code meta.errors}, the keys the official clients read the
   * message from (customerio-node's {@code CustomerIORequestError}, go-customerio's transactional errors).
   */
  public boolean hasMeta() {
    return meta;
  }

  /** The body's bytes, as the live service writes them: its {@code meta} bodies pretty-printed, the rest compact. */
  public byte[] render(ObjectNode body) {
    return meta ? Json.pretty(body) : Json.compact(body);
  }

  /** Renders the violations (all rejecting) in this shape, as its document gives it. */
  public byte[] render(List<Violation> violations, int status) {
    return render(body(violations, status));
  }

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
