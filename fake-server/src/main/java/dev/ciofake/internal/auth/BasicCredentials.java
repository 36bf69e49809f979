package dev.ciofake.internal.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Decoding of HTTP Basic credentials in standard or URL-safe base64 (the Go client sends URL-safe). */
public final class BasicCredentials {
  private BasicCredentials() {}

  /** The decoded {@code user:password}, or {@code null} when the text is neither kind of base64. */
  public static String decode(String b64) {
    String s = pad(b64.trim());
    try {
      return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notStandard) {
      try {
        return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notUrlSafe) {
        return null;
      }
    }
  }

  private static String pad(String s) {
    int rem = s.length() % 4;
    return rem == 0 ? s : s + "====".substring(rem);
  }
}
