package dev.ciofake;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One occurrence of a known Customer.io integration mistake, with the evidence that shows it.
 *
 * <p>The {@link #id()} is stable and part of the public API (for example {@code wrong-api-key} or
 * {@code millisecond-timestamp}); {@link #message()} is one line that says what happened,
 * {@link #fix()} what to change, and {@link #evidence()} the request id, field and values involved.
 * Evidence never contains an API key.
 *
 * @param id stable pitfall id, for example {@code millisecond-timestamp}
 * @param severity how bad it is
 * @param message one-line description of this occurrence
 * @param fix what the integration should do instead
 * @param siteId the workspace it happened in, or {@code null} when no workspace could be resolved
 * @param requestId the id of the request that showed it (see the journal), or {@code null} for pitfalls
 *     judged over a whole run
 * @param evidence field names, values, request method and path: what a developer needs to find the bug
 * @param at when it was recorded
 */
public record Pitfall(
    String id,
    Severity severity,
    String message,
    String fix,
    String siteId,
    String requestId,
    Map<String, Object> evidence,
    Instant at) {

  /** Validates and defensively copies the evidence. */
  public Pitfall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fix, "fix");
    evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence == null ? Map.of() : evidence));
    Objects.requireNonNull(at, "at");
  }

  /** A compact, human-readable rendering: {@code [error] wrong-api-key: message (fix: ...) {evidence}}. */
  @Override
  public String toString() {
    return "[" + severity.jsonName() + "] " + id + ": " + message + " | fix: " + fix + " | evidence: " + evidence
        + (requestId == null ? "" : " | request " + requestId);
  }
}
