package dev.ciofake.internal.track;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.validation.NearLimit;
import dev.ciofake.internal.validation.Rule;
import dev.ciofake.internal.validation.RuleInput;

/**
 * Event rules of docs/customerio-facts.md 1.5 and 1.7 that a schema cannot say: the name, trimmed, is 1 to 100
 * bytes (real message {@code event name cannot be longer than 100 bytes}); data is at most 100,000 bytes;
 * an anonymous screen event needs an {@code anonymous_id}. An anonymous event without one (an "invite" event in the
 * Node client's words, which sends {@code data.recipient}) needs nothing more: the document requires only
 * {@code name}.
 */
final class EventRule implements Rule {
  static final int MAX_NAME_BYTES = 100;
  static final int MAX_DATA_BYTES = 100_000;

  private final boolean anonymous;
  private final String dataField;

  /** Track v1's rule: the event data is {@code data}. */
  EventRule(boolean anonymous) {
    this(anonymous, "data");
  }

  /** @param dataField where the event data is: {@code data} in v1, {@code attributes} in v2 */
  EventRule(boolean anonymous, String dataField) {
    this.anonymous = anonymous;
    this.dataField = dataField;
  }

  @Override
  public void check(RuleInput in) {
    JsonNode body = in.body();
    if (body == null) {
      return;
    }
    JsonNode name = body.get("name");
    if (name != null && name.isTextual()) {
      String trimmed = name.textValue().trim();
      if (trimmed.isEmpty()) {
        in.addViolation(Violation.of("event-name", "name", name.textValue(), "event name cannot be blank"));
      } else if (Json.utf8Length(trimmed) > MAX_NAME_BYTES) {
        in.addViolation(Violation.of("limit", "name", trimmed,
            "event name cannot be longer than " + MAX_NAME_BYTES + " bytes"));
      } else {
        NearLimit.check(in, "name", Json.utf8Length(trimmed), MAX_NAME_BYTES, "bytes", "event name '" + trimmed + "'");
      }
    }
    JsonNode data = body.get(dataField);
    if (data != null && data.isObject()) {
      int size = Json.byteSize(data);
      NearLimit.check(in, dataField, size, MAX_DATA_BYTES, "bytes", "event data");
      if (size > MAX_DATA_BYTES) {
        in.addViolation(Violation.of("limit", dataField, size + " bytes",
            "event data cannot be larger than " + MAX_DATA_BYTES + " bytes (got " + size + ")"));
      }
    }
    if (anonymous) {
      JsonNode anon = body.get("anonymous_id");
      boolean hasAnon = anon != null && anon.isTextual() && !anon.textValue().isEmpty();
      // the document's "Standard anonymous event" and "Page view" need only name (and type); its "Mobile screen
      // view" requires anonymous_id
      if (!hasAnon && "screen".equals(body.path("type").asText())) {
        in.addViolation(Violation.of("anonymous", "anonymous_id", null,
            "anonymous screen events need an anonymous_id"));
      }
    }
  }
}
