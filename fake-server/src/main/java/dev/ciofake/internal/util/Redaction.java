package dev.ciofake.internal.util;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place that decides what of a request may be shown: headers, query strings and Authorization values are
 * masked here for the journal, the admin API and the reports, and a value that is refused is described by its shape,
 * never echoed. Keys themselves are masked with {@link Secrets#mask}.
 */
public final class Redaction {
  /** Authorization schemes the fake names in a message; anything else in the scheme's place may be a key. */
  private static final Set<String> SCHEMES = Set.of("basic", "bearer", "digest", "negotiate", "ntlm", "token",
      "apikey", "api-key", "key", "hoba", "mutual", "oauth", "aws4-hmac-sha256");
  /** Words that make a header or query parameter a credential, in its lower-cased name. */
  private static final String[] CREDENTIAL_WORDS = {"auth", "key", "token", "secret", "password", "passwd", "pwd",
      "signature", "sig", "session", "cookie", "credential", "jwt", "bearer"};

  private Redaction() {}

  /** How a refused value is described instead of echoed: {@code a 16-character value}. */
  public static String describe(String value) {
    if (value == null || value.isEmpty()) {
      return "an empty value";
    }
    return "a " + value.length() + "-character value";
  }

  /** The Authorization scheme as sent, when it is a scheme's name; {@code null} when it could be anything else. */
  public static String schemeName(String scheme) {
    return scheme != null && SCHEMES.contains(scheme.toLowerCase(Locale.ROOT)) ? scheme : null;
  }

  /** Whether a header or query parameter name says its value is a credential. */
  public static boolean isCredentialName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (String w : CREDENTIAL_WORDS) {
      if (n.contains(w)) {
        return true;
      }
    }
    return false;
  }

  /** A copy of the headers with every credential masked. */
  public static Map<String, String> maskHeaders(Map<String, String> headers) {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((k, v) -> out.put(k, maskHeader(k, v)));
    return out;
  }

  /** One header's value as it may be shown. */
  public static String maskHeader(String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("authorization") || lower.equals("proxy-authorization")) {
      return maskAuthorization(value);
    }
    if (lower.equals("cookie") || lower.equals("set-cookie")) {
      return maskCookies(value);
    }
    return isCredentialName(lower) ? Secrets.mask(value) : value;
  }

  /**
   * {@code Basic ****site:****-key} (both halves masked: the user name is the key of the Pipelines API),
   * {@code Bearer ****abcd}, or {@code ****} when the value has no scheme the fake knows.
   */
  public static String maskAuthorization(String value) {
    if (value == null) {
      return null;
    }
    Masked last = lastAuthorization;
    if (last != null && last.raw().equals(value)) {
      return last.masked(); // a client sends the same credentials on every request: decode and mask them once
    }
    String masked = maskAuthorizationOnce(value);
    lastAuthorization = new Masked(value, masked);
    return masked;
  }

  /** The last Authorization value masked, with its mask (immutable, so racing requests at most redo the work). */
  private record Masked(String raw, String masked) {}

  private static volatile Masked lastAuthorization;

  private static String maskAuthorizationOnce(String value) {
    String v = value.trim();
    int sp = v.indexOf(' ');
    String scheme = schemeName(sp < 0 ? v : v.substring(0, sp));
    if (sp < 0 || scheme == null) {
      return "****";
    }
    String cred = v.substring(sp + 1).trim();
    if (scheme.equalsIgnoreCase("Basic")) {
      String decoded = decodeBasic(cred);
      if (decoded != null && decoded.indexOf(':') >= 0) {
        int c = decoded.indexOf(':');
        return scheme + " " + Secrets.mask(decoded.substring(0, c)) + ":" + Secrets.mask(decoded.substring(c + 1));
      }
      return scheme + " ****";
    }
    return scheme + " " + Secrets.mask(cred);
  }

  private static String decodeBasic(String b64) {
    String s = b64.trim();
    int rem = s.length() % 4;
    s = rem == 0 ? s : s + "====".substring(rem);
    for (Base64.Decoder d : new Base64.Decoder[] {Base64.getDecoder(), Base64.getUrlDecoder()}) {
      try {
        return new String(d.decode(s), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notThisKind) {
        // try the other alphabet
      }
    }
    return null;
  }

  /** {@code a=****; b=****}: cookie names stay, values (sessions, tokens) do not. */
  static String maskCookies(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (String part : value.split(";")) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      int eq = part.indexOf('=');
      sb.append(eq < 0 ? part.trim() : part.substring(0, eq).trim() + "=****");
    }
    return sb.toString();
  }

  /** The raw query string with the value of every credential-named parameter masked; its shape kept. */
  public static String maskQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return rawQuery;
    }
    StringBuilder sb = new StringBuilder(rawQuery.length());
    for (String pair : rawQuery.split("&", -1)) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (eq >= 0 && isCredentialName(name)) {
        sb.append(name).append('=').append(Secrets.mask(pair.substring(eq + 1)));
      } else {
        sb.append(pair);
      }
    }
    return sb.toString();
  }
}
