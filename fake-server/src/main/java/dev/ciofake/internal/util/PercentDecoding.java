package dev.ciofake.internal.util;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict RFC 3986 percent-decoding of path segments and query parts (a {@code +} stays a {@code +} in paths). */
public final class PercentDecoding {
  private PercentDecoding() {}

  /** Thrown for a broken escape ({@code %4}, {@code %zz}) or bytes that are not UTF-8. */
  public static final class MalformedEscapeException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedEscapeException(String message) {
      super(message);
    }
  }

  /** Decodes a path segment. */
  public static String decodePath(String raw) throws MalformedEscapeException {
    return decode(raw, false);
  }

  /** Decodes a query key or value ({@code +} means space, as HTML forms and most clients encode it). */
  public static String decodeQuery(String raw) throws MalformedEscapeException {
    return decode(raw, true);
  }

  private static String decode(String raw, boolean plusIsSpace) throws MalformedEscapeException {
    if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new MalformedEscapeException("incomplete percent-escape at the end of '" + raw + "'");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new MalformedEscapeException("invalid percent-escape '" + raw.substring(i, i + 3) + "' in '" + raw + "'");
        }
        out.write((hi << 4) + lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedEscapeException("percent-escapes in '" + raw + "' are not valid UTF-8");
    }
  }
}
