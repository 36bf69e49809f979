package dev.ciofake;

/**
 * The fake refused what a handle asked of it (an unknown person to simulate an event for, a bad chaos rule, an
 * unknown workspace): the message is the fake's own reason, {@link #status()} the admin API's HTTP status.
 */
public final class CioFakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /**
   * @param status the admin API's HTTP status
   * @param message the fake's reason
   */
  public CioFakeException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The admin API's HTTP status (400 bad input, 404 unknown, ...). */
  public int status() {
    return status;
  }
}
