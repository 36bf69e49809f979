package dev.ciofake.audit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Customer.io credentials in any text file of any language ({@code name = value}, {@code name: value},
 * {@code "name": "value"}, {@code name => value}) and in committed {@code .env} files. A name counts when it says
 * "Customer.io credential": a specific one ({@code site_id}, {@code track_api_key}, {@code app_api_key},
 * {@code write_key}) in a file that mentions Customer.io, or a generic one ({@code api_key}, {@code secret},
 * {@code token}) with a Customer.io hint ({@code customerio}, {@code cio}) in the name or, in YAML, in a parent key.
 * A value counts when it looks like a key: 8 or more characters without spaces, with a digit, and not a placeholder
 * or a reference to the environment. The value is never reported, only its masked form.
 */
final class CredentialScanner {
  private static final Pattern ASSIGNMENT = Pattern.compile(
      "(?<![A-Za-z0-9_$])[\"']?([A-Za-z_][A-Za-z0-9_.\\-]*)[\"']?\\s*(?::=|=>|=|:)\\s*"
          + "([\"'`]?)([^\"'`\\s,;#)}\\]]+)\\2");
  private static final Pattern YAML_KEY = Pattern.compile("^(\\s*)(?:-\\s+)?[\"']?([A-Za-z_][A-Za-z0-9_.\\-]*)[\"']?\\s*:");
  private static final Pattern HINT = Pattern.compile("customer_?io|(?:^|_)cio(?:_|$)|^cio", Pattern.CASE_INSENSITIVE);
  private static final Pattern SPECIFIC = Pattern.compile(
      "(?:^|_)(?:site_?id|track_?api_?key|app_?api_?key|write_?key|cdp_?api_?key|track_?key|app_?key)$");
  private static final Pattern GENERIC = Pattern.compile("(?:^|_)(?:api_?key|key|secret|token|password|auth)$");
  private static final Pattern MENTION = Pattern.compile("customer[._-]?io", Pattern.CASE_INSENSITIVE);
  private static final Pattern PLACEHOLDER = Pattern.compile(
      "^(?:x+|\\*+|\\.+|-+|<[^>]*>|\\$\\{[^}]*}|\\{\\{[^}]*}}|%[A-Za-z_]+%|\\$[A-Za-z_]+)$|placeholder|change_?me"
          + "|example|dummy|fake|redacted|sample|test|todo|xxx|replace|^your[-_]|^my[-_]|^env[.:(]|process\\.env"
          + "|getenv|environ|^\\$", Pattern.CASE_INSENSITIVE);
  private static final Pattern KEYLIKE = Pattern.compile("[A-Za-z0-9+/=_.:\\-]{8,}");

  private CredentialScanner() {}

  /** Scans one file's lines; {@code env} for {@code .env} files (every credential name counts, hint or not). */
  static void scan(String display, List<String> lines, boolean env, Consumer<Finding> out) {
    boolean mentions = env;
    for (String l : lines) {
      if (MENTION.matcher(l).find()) {
        mentions = true;
        break;
      }
    }
    boolean yaml = display.endsWith(".yaml") || display.endsWith(".yml");
    Deque<String[]> parents = new ArrayDeque<>(); // YAML: [indent, key]
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.length() > 2000) {
        continue; // minified or data: not configuration
      }
      boolean parentHint = false;
      if (yaml) {
        Matcher k = YAML_KEY.matcher(line);
        if (k.find()) {
          int indent = k.group(1).length();
          while (!parents.isEmpty() && Integer.parseInt(parents.peek()[0]) >= indent) {
            parents.pop();
          }
          for (String[] p : parents) {
            parentHint |= HINT.matcher(p[1]).find();
          }
          parents.push(new String[] {String.valueOf(indent), k.group(2)});
        }
      }
      Matcher m = ASSIGNMENT.matcher(line);
      while (m.find()) {
        String name = m.group(1);
        String value = m.group(3);
        String snake = snake(name);
        boolean hint = HINT.matcher(snake).find() || parentHint;
        boolean specific = SPECIFIC.matcher(snake).find() && (mentions || hint);
        boolean generic = GENERIC.matcher(snake).find() && hint;
        if (!(specific || generic) || !looksLikeKey(value)) {
          continue;
        }
        String what = describe(snake);
        String where = env ? "a committed .env file" : "the repository";
        out.accept(new Finding(AuditCatalog.HARDCODED_CREDENTIALS, display, i + 1, m.start(1) + 1,
            what + " " + name + " = " + Masking.mask(value) + " is written into " + where
                + ": anyone with the repository can use the workspace's key.",
            "credentials", "credential " + name));
      }
    }
  }

  static boolean looksLikeKey(String value) {
    return value != null && KEYLIKE.matcher(value).matches() && value.chars().anyMatch(Character::isDigit)
        && !PLACEHOLDER.matcher(value).find() && !value.contains("://");
  }

  /** {@code cioTrackApiKey} and {@code CIO-TRACK.API_KEY} both become {@code cio_track_api_key}. */
  static String snake(String name) {
    String s = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[.\\-]", "_");
    return s.toLowerCase(Locale.ROOT);
  }

  private static String describe(String snake) {
    if (snake.matches(".*site_?id$")) {
      return "The site id";
    }
    if (snake.matches(".*(write_?key|cdp.*)$")) {
      return "The Pipelines write key";
    }
    if (snake.matches(".*app_?(api_?)?key$")) {
      return "The App API key";
    }
    if (snake.matches(".*track_?(api_?)?key$")) {
      return "The Track API key";
    }
    return "The Customer.io credential";
  }
}
