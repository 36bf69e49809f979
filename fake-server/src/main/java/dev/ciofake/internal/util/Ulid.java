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
    byte[] r = new byte[10];
    RANDOM.nextBytes(r);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 2; i++) {
      hi = (hi << 8) | (r[i] & 0xff);
    }
    for (int i = 2; i < 10; i++) {
      lo = (lo << 8) | (r[i] & 0xff);
    }
    return of(millis, hi, lo);
  }

  /**
   * The ULID of {@code millis} whose 80 random bits are the low 16 bits of {@code hi} and the 64 bits of
   * {@code lo}: for ids made on read from a sequence number ({@link #scramble}) instead of kept as strings.
   */
  public static String of(long millis, long hi, long lo) {
    char[] out = new char[26];
    long t = millis;
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (t & 31)];
      t >>>= 5;
    }
    // 80 bits as 16 characters of 5 bits, the last character first: lo's 64 bits, then hi's 16
    long l = lo;
    long h = hi & 0xffff;
    for (int i = 25; i >= 10; i--) {
      out[i] = ALPHABET[(int) (l & 31)];
      l = (l >>> 5) | ((h & 31) << 59);
      h >>>= 5;
    }
    return new String(out);
  }

  /**
   * A bijection of 64-bit numbers that looks random (the finaliser of MurmurHash3): distinct inputs give distinct
   * outputs, so ids scrambled from distinct sequence numbers never collide.
   */
  public static long scramble(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    x ^= x >>> 33;
    return x;
  }

  /** A random 64-bit number from the generator the ULIDs use (a salt for {@link #scramble}). */
  public static long randomLong() {
    return RANDOM.nextLong();
  }
}
