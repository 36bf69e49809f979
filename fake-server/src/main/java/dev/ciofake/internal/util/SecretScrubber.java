package dev.ciofake.internal.util;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every occurrence of a known secret (the workspaces' keys, the admin token) in a document the fake is about
 * to show with its masked form: the last line of defence for what the fake never means to show, such as a key a
 * client put in an attribute or a query string. One pass over the bytes, whatever the number of secrets: a table of
 * two-byte prefixes rejects almost every position before any comparison.
 */
public final class SecretScrubber {
  /** Shorter values are not treated as secrets (they would match ordinary text). */
  static final int MIN_LENGTH = 8;
  private static final SecretScrubber NONE = new SecretScrubber(List.of());

  private final byte[][] secrets;
  private final byte[][] masks;
  private final int[][] byPrefix = new int[1 << 16][];

  private SecretScrubber(List<String> values) {
    List<String> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.comparingInt(String::length).reversed()); // the longest match wins
    this.secrets = new byte[sorted.size()][];
    this.masks = new byte[sorted.size()][];
    for (int i = 0; i < sorted.size(); i++) {
      secrets[i] = sorted.get(i).getBytes(StandardCharsets.UTF_8);
      masks[i] = Secrets.mask(sorted.get(i)).getBytes(StandardCharsets.UTF_8);
      int p = prefix(secrets[i], 0);
      int[] list = byPrefix[p];
      byPrefix[p] = list == null ? new int[] {i} : append(list, i);
    }
  }

  /** A scrubber of these secrets; null, blank and short values are left out. */
  public static SecretScrubber of(Collection<String> values) {
    Set<String> kept = new LinkedHashSet<>();
    for (String v : values) {
      if (v != null && v.length() >= MIN_LENGTH && !v.isBlank()) {
        kept.add(v);
      }
    }
    return kept.isEmpty() ? NONE : new SecretScrubber(new ArrayList<>(kept));
  }

  private static int[] append(int[] a, int v) {
    int[] b = Arrays.copyOf(a, a.length + 1);
    b[a.length] = v;
    return b;
  }

  private static int prefix(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  /** The bytes with every secret masked; the same array when there was none. */
  public byte[] scrub(byte[] text) {
    if (secrets.length == 0 || text.length < MIN_LENGTH) {
      return text;
    }
    java.io.ByteArrayOutputStream out = null;
    int copied = 0;
    for (int i = 0; i + 1 < text.length; i++) {
      int[] candidates = byPrefix[prefix(text, i)];
      if (candidates == null) {
        continue;
      }
      for (int c : candidates) {
        byte[] s = secrets[c];
        if (i + s.length <= text.length && Arrays.equals(text, i, i + s.length, s, 0, s.length)) {
          if (out == null) {
            out = new java.io.ByteArrayOutputStream(text.length);
          }
          out.write(text, copied, i - copied);
          out.write(masks[c], 0, masks[c].length);
          copied = i + s.length;
          i = copied - 1;
          break;
        }
      }
    }
    if (out == null) {
      return text;
    }
    out.write(text, copied, text.length - copied);
    return out.toByteArray();
  }

  /** The text with every secret masked. */
  public String scrub(String text) {
    if (text == null || secrets.length == 0) {
      return text;
    }
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    byte[] s = scrub(b);
    return s == b ? text : new String(s, StandardCharsets.UTF_8);
  }
}
