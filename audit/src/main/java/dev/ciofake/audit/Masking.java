package dev.ciofake.audit;

import dev.ciofake.internal.util.Secrets;

/** The audit's one door to the fake's key masking: every secret the audit mentions goes through {@link #mask}. */
final class Masking {
  private Masking() {}

  /** The masked form of a secret, as everywhere in cio-fake ({@code ****c90f}, or {@code ****} when short). */
  static String mask(String secret) {
    return Secrets.mask(secret);
  }
}
