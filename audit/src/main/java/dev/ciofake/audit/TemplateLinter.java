package dev.ciofake.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email templates (HTML, Liquid, MJML) used for marketing without {@code {{{ unsubscribe_url }}}} (or
 * {@code {% unsubscribe_url %}}, the forms the run-time check accepts). A file is judged when it is an email:
 * every complete MJML document, and complete HTML or Liquid documents ({@code <body>}) that live under an email-ish
 * folder ({@code emails/}, {@code mail/}, {@code newsletters/}, {@code campaigns/}, ...) or use Customer.io's Liquid
 * ({@code {{ customer.x }}}, {@code {{ event.x }}}, {@code {{ trigger.x }}}). Not judged: partials (names starting with
 * {@code _}, or under {@code partials/}, {@code includes/}, {@code layouts/}, {@code components/}), templates marked
 * transactional (a {@code cio-audit: transactional} comment, or a {@code transactional/} folder), and templates whose
 * includes cannot be found. An include ({@code {% include 'footer' %}}, {@code {% render %}},
 * {@code <mj-include path>}, {@code {{> footer}}}) that holds the link counts as the link.
 */
final class TemplateLinter {
  static final Pattern UNSUBSCRIBE =
      Pattern.compile("\\{\\{\\{?\\s*unsubscribe_url\\s*}}}?|\\{%\\s*unsubscribe_url\\s*%}");
  private static final Pattern TRANSACTIONAL = Pattern.compile("cio-audit:\\s*transactional", Pattern.CASE_INSENSITIVE);
  private static final Pattern EMAIL_DIR = Pattern.compile(
      "(?:^|/)(?:e-?mails?|mails?|mailers?|newsletters?|campaigns?|messages|notifications|broadcasts|customerio|cio)/",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern PARTIAL_DIR = Pattern.compile("(?:^|/)(?:partials?|includes?|layouts?|components?|snippets)/",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern TRANSACTIONAL_DIR = Pattern.compile("(?:^|/)transactional/", Pattern.CASE_INSENSITIVE);
  private static final Pattern CIO_LIQUID = Pattern.compile("\\{[{%]-?\\s*(?:if\\s+|unless\\s+)?(?:customer|event|trigger)\\.");
  private static final Pattern BODY = Pattern.compile("<body[\\s>]|<mj-body[\\s>]", Pattern.CASE_INSENSITIVE);
  private static final Pattern BODY_END = Pattern.compile("</body\\s*>|</mj-body\\s*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern INCLUDE = Pattern.compile(
      "\\{%-?\\s*(?:include|render)\\s+[\"']([^\"']+)[\"']|<mj-include\\s+path=[\"']([^\"']+)[\"']|\\{\\{>\\s*([\\w./-]+)");

  private TemplateLinter() {}

  /**
   * Lints one template. {@code templatesByName} maps a file name without extension (and without a leading
   * {@code _}) to the template files of the tree, to resolve includes.
   */
  static void lint(Path path, String display, String text, Map<String, List<Path>> templatesByName,
      Consumer<Finding> out) {
    String name = path.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (name.startsWith("_") || PARTIAL_DIR.matcher(display).find() || !BODY.matcher(text).find()) {
      return;
    }
    boolean mjml = lower.endsWith(".mjml");
    if (!mjml && !EMAIL_DIR.matcher(display).find() && !CIO_LIQUID.matcher(text).find()) {
      return;
    }
    if (TRANSACTIONAL.matcher(text).find() || TRANSACTIONAL_DIR.matcher(display).find()
        || UNSUBSCRIBE.matcher(text).find()) {
      return;
    }
    Matcher inc = INCLUDE.matcher(text);
    while (inc.find()) {
      String target = inc.group(1) != null ? inc.group(1) : inc.group(2) != null ? inc.group(2) : inc.group(3);
      Boolean has = includeHasLink(path, target, templatesByName);
      if (has == null || has) {
        return; // the link is in the include, or the include is not in the tree: cannot tell
      }
    }
    int line = 1;
    Matcher end = BODY_END.matcher(text);
    int at = -1;
    while (end.find()) {
      at = end.start();
    }
    if (at >= 0) {
      line = 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
    } else {
      line = Math.max(1, (int) text.chars().filter(c -> c == '\n').count());
    }
    out.accept(new Finding(AuditCatalog.MISSING_UNSUBSCRIBE_LINK, display, line, 1,
        (mjml ? "This MJML" : "This") + " email template has no {{{ unsubscribe_url }}} link: marketing email "
            + "without one breaks CAN-SPAM and GDPR rules and draws spam complaints (mark a transactional template "
            + "with a cio-audit: transactional comment).",
        "templates", "template " + display));
  }

  /** True when the included file has the link, false when it has not, null when it is not in the tree. */
  private static Boolean includeHasLink(Path from, String target, Map<String, List<Path>> byName) {
    Path direct = from.getParent().resolve(target).normalize();
    List<Path> candidates = Files.isRegularFile(direct) ? List.of(direct) : byName.getOrDefault(key(target), List.of());
    if (candidates.isEmpty()) {
      return null;
    }
    for (Path p : candidates) {
      try {
        if (UNSUBSCRIBE.matcher(Files.readString(p, StandardCharsets.UTF_8)).find()) {
          return true;
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        return null;
      }
    }
    return false;
  }

  /** {@code partials/_footer.liquid} and {@code footer} both become {@code footer}. */
  static String key(String target) {
    String n = target.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1);
    int dot = n.indexOf('.');
    if (dot > 0) {
      n = n.substring(0, dot);
    }
    if (n.startsWith("_")) {
      n = n.substring(1);
    }
    return n.toLowerCase(Locale.ROOT);
  }
}
