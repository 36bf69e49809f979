package dev.ciofake.junit5;

import dev.ciofake.Severity;

/** Which pitfalls fail a test. */
public enum FailOn {
  /** Pitfalls of severity error (the default). */
  ERROR,
  /** Pitfalls of severity error or warning. */
  WARNING,
  /** None: the test reads pitfalls itself. */
  NEVER;

  /** Whether a pitfall of this severity fails a test. */
  public boolean fails(Severity severity) {
    switch (this) {
      case ERROR:
        return severity == Severity.ERROR;
      case WARNING:
        return true;
      default:
        return false;
    }
  }
}
