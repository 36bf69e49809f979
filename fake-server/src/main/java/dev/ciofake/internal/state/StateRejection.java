package dev.ciofake.internal.state;

/**
 * Thrown by an operation that the real service refuses because of state (for example a person would pass 300
 * attributes), or by the admin API for an unknown workspace. The pipeline turns it into an error response.
 */
public final class StateRejection extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final int status;

  public StateRejection(String field, String message) {
    this(field, message, 400);
  }

  public StateRejection(String field, String message, int status) {
    super(message, null, false, false);
    this.field = field;
    this.status = status;
  }

  public String field() {
    return field;
  }

  public int status() {
    return status;
  }
}
