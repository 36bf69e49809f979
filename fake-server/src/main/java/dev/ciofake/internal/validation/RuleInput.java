package dev.ciofake.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.WorkspaceSettings;
import dev.ciofake.internal.http.Violation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Rule} reads and where it writes: one JSON document (a request body, or one operation of a batch), the
 * request's path and query parameters, the workspace's settings and the time the request arrived; and the violations
 * found so far for this document. Violations of a batch operation are stamped with its index.
 */
public final class RuleInput {
  private final JsonNode body;
  private final Map<String, String> pathParams;
  private final Map<String, String> query;
  private final WorkspaceSettings settings;
  private final long receivedAtMillis;
  private final Integer index;
  private final List<Violation> violations = new ArrayList<>(2);

  private RuleInput(JsonNode body, Map<String, String> pathParams, Map<String, String> query,
      WorkspaceSettings settings, long receivedAtMillis, Integer index) {
    this.body = body;
    this.pathParams = pathParams;
    this.query = query;
    this.settings = settings;
    this.receivedAtMillis = receivedAtMillis;
    this.index = index;
  }

  /** The input of a whole request. */
  public static RuleInput of(JsonNode body, Map<String, String> pathParams, Map<String, String> query,
      WorkspaceSettings settings, long receivedAtMillis) {
    return new RuleInput(body, pathParams, query, settings, receivedAtMillis, null);
  }

  /** The input of the operation at {@code i} of a batch: same parameters and settings, its own document. */
  public RuleInput item(JsonNode operation, int i) {
    return new RuleInput(operation, pathParams, query, settings, receivedAtMillis, i);
  }

  /** The document: the parsed body or one operation; {@code null} when the endpoint takes no body. */
  public JsonNode body() {
    return body;
  }

  /** A decoded path parameter, or {@code null}. */
  public String pathParam(String name) {
    return pathParams.get(name);
  }

  /** The decoded query parameters. */
  public Map<String, String> query() {
    return query;
  }

  /** The settings of the workspace the request is for. */
  public WorkspaceSettings settings() {
    return settings;
  }

  /** When the request arrived, in epoch milliseconds of the fake's clock. */
  public long receivedAtMillis() {
    return receivedAtMillis;
  }

  /** The index of the batch operation, or {@code null} for a whole request. */
  public Integer index() {
    return index;
  }

  /** Adds a violation (stamped with this operation's index in a batch). */
  public void addViolation(Violation v) {
    violations.add(index == null ? v : v.atIndex(index));
  }

  /** Whether a violation found so far rejects this document. */
  public boolean rejected() {
    for (Violation v : violations) {
      if (v.rejects()) {
        return true;
      }
    }
    return false;
  }

  /** The violations found so far. */
  public List<Violation> violations() {
    return Collections.unmodifiableList(violations);
  }
}
