package dev.ciofake.audit;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline suppressions, in any language's comment: {@code cio-audit-ignore <id>[, <id>...] -- <reason>} on the
 * finding's line or on the line above it. The reason is mandatory: a suppression without one suppresses nothing and
 * is itself reported ({@code suppression-without-reason}).
 */
final class Suppressions {
  static final Pattern COMMENT = Pattern.compile(
      "cio-audit-ignore\\s+([a-z0-9-]+(?:\\s*,\\s*[a-z0-9-]+)*)(?:\\s+--(.*))?");
  private static final Pattern CLOSERS = Pattern.compile("\\s*(?:\\*/|-->|%}|#}|\\}\\}|\\*\\)|\\s)*$");

  /** A suppression comment on a line. */
  record Suppression(int line, Set<String> ids, String reason) {
    boolean hasReason() {
      return reason != null && !reason.isBlank();
    }
  }

  private Suppressions() {}

  /** The suppression on {@code lines[line - 1]}, or null. */
  static Suppression at(List<String> lines, int line) {
    if (line < 1 || line > lines.size()) {
      return null;
    }
    Matcher m = COMMENT.matcher(lines.get(line - 1));
    if (!m.find()) {
      return null;
    }
    String reason = m.group(2) == null ? null : CLOSERS.matcher(m.group(2)).replaceAll("").trim();
    return new Suppression(line, Set.of(m.group(1).split("\\s*,\\s*")), reason);
  }

  /** The suppression that applies to a finding at {@code line} (its own line first, then the one above), or null. */
  static Suppression covering(List<String> lines, int line, String id) {
    for (int l : new int[] {line, line - 1}) {
      Suppression s = at(lines, l);
      if (s != null && s.ids().contains(id)) {
        return s;
      }
    }
    return null;
  }
}
