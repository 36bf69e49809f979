package dev.ciofake.internal.util;

/**
 * Masks secrets before they reach a log, a report, the journal or the admin API.
 *
 * <p>A key is never shown in full: keys of 12 characters or more keep their last four characters
 * ({@code ****-key}), shorter ones are replaced entirely.
 */
public final class Secrets {
  private Secrets() {}

  /** Returns a masked form of {@code secret} that is safe to print; {@code null} stays {@code null}. */
  public static String mask(String secret) {
    if (secret == null) {
      return null;
    }
    if (secret.length() >= 12) {
      return "****" + secret.substring(secret.length() - 4);
    }
    return "****";
  }
}
