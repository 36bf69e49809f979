package dev.ciofake.internal.http;

/**
 * Something wrong with a request, found by a schema, a rule or the HTTP layer.
 *
 * @param code machine code: {@code schema}, {@code limit}, {@code millisecond-timestamp}, {@code identifier},
 *     {@code malformed-json}, {@code content-type}, {@code body-too-large}, ...
 * @param field the JSON path or parameter at fault ({@code $.name}, {@code identifier}), or {@code null}
 * @param value the offending value as text (truncated), or {@code null}
 * @param message the error message, as the real service words it where that is known
 * @param status the HTTP status it earns (400 unless a more specific one applies)
 * @param rejects whether it rejects the request; {@code false} for a problem that is accepted and only
 *     recorded (for example a millisecond timestamp in lenient mode)
 * @param index the 0-based position of the item it concerns in a batch, or {@code null} for the whole request
 */
public record Violation(String code, String field, String value, String message, int status, boolean rejects,
    Integer index) {

  /** A rejecting 400 violation. */
  public static Violation of(String code, String field, Object value, String message) {
    return new Violation(code, field, shorten(value), message, 400, true, null);
  }

  /** A copy with another status. */
  public Violation withStatus(int newStatus) {
    return new Violation(code, field, value, message, newStatus, rejects, index);
  }

  /** A copy that is only recorded, not rejected. */
  public Violation accepted() {
    return new Violation(code, field, value, message, status, false, index);
  }

  /** A copy that concerns the batch item at {@code i}. */
  public Violation atIndex(int i) {
    return new Violation(code, field, value, message, status, rejects, i);
  }

  /** Whether it rejects the whole request (not just one batch item). */
  public boolean rejectsRequest() {
    return rejects && index == null;
  }

  /** Evidence values are kept short: long values are cut to 200 characters with a marker. */
  public static String shorten(Object value) {
    if (value == null) {
      return null;
    }
    String s = String.valueOf(value);
    return s.length() <= 200 ? s : s.substring(0, 200) + "...(" + s.length() + " chars)";
  }
}
