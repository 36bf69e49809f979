package dev.ciofake.internal.util;

import java.security.SecureRandom;

/**
 * ULIDs (26 characters, Crockford base32, time-ordered): webhook {@code event_id}s and activity ids, as the real
 * service sends.
 */
public final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ulid() {}

  /** A ULID for an event that happens at {@code millis} (epoch milliseconds of the fake's clock). */
  public static String of(long millis) {
    char[] out = new char[26];
    long t = millis;
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (t & 31)];
      t >>>= 5;
    }
    byte[] r = new byte[10];
    RANDOM.nextBytes(r);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 5; i++) {
      hi = (hi << 8) | (r[i] & 0xff);
      lo = (lo << 8) | (r[i + 5] & 0xff);
    }
    for (int i = 17; i >= 10; i--) {
      out[i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    return new String(out);
  }
}
