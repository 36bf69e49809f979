package dev.ciofake.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** The body an endpoint takes; the {@link BodyReader} enforces it. */
public enum BodyPolicy {
  /** No body is read (GET, DELETE). A body, if sent, is ignored. */
  NONE,
  /** A JSON object may be sent; an empty body counts as {@code {}}. */
  OPTIONAL_OBJECT,
  /** A JSON object is required. */
  OBJECT,
  /** A JSON object, or an array (of things the endpoint's own rules check). */
  OBJECT_OR_ARRAY;

  /** Whether a parsed body of this JSON type is acceptable. */
  public boolean accepts(JsonNode n) {
    return n != null && (n.isObject() || (this == OBJECT_OR_ARRAY && n.isArray()));
  }
}
