package dev.ciofake.internal.pitfall;

import java.util.Locale;
import java.util.regex.Pattern;

/** What the name pitfalls know about names: snake_case, id-like parts, personal data. */
public final class Names {
  private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  private static final Pattern SEPARATORS = Pattern.compile("[\\s_\\-.:/]+");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9.\\-]+\\.[A-Za-z]{2,}");
  private static final Pattern PHONE = Pattern.compile(
      "(\\+[1-9][0-9]{7,14})|((?<![0-9])\\(?[0-9]{3}\\)?[\\s.\\-][0-9]{3}[\\s.\\-][0-9]{4}(?![0-9]))");
  /** The fewest digits any of PHONE, SSN and CARD matches. */
  private static final int MIN_DIGITS = 8;
  private static final Pattern SSN = Pattern.compile("(?<![0-9])[0-9]{3}-[0-9]{2}-[0-9]{4}(?![0-9])");
  private static final Pattern CARD = Pattern.compile("(?<![0-9])(?:[0-9][ \\-]?){12,18}[0-9](?![0-9])");

  private Names() {}

  /** {@code signed_up}, {@code order_completed_v2}. */
  public static boolean isSnakeCase(String name) {
    return SNAKE.matcher(name).matches();
  }

  /** The name with case and separators dropped: {@code UserSignedUp}, {@code user-signed-up} give {@code usersignedup}. */
  public static String normalized(String name) {
    return SEPARATORS.matcher(name).replaceAll("").toLowerCase(Locale.ROOT);
  }

  /** Splits a name into its words ({@code viewedProduct_123} gives viewed, product, 123). */
  public static String[] tokens(String name) {
    String spaced = name.replaceAll("([a-z])([A-Z])", "$1 $2");
    return SEPARATORS.split(spaced.trim());
  }

  /**
   * The id-like part a name embeds, or {@code null}: an email, a UUID, a hex token of 8+ characters with digits and
   * letters, or a number of 3+ digits.
   */
  public static String embeddedId(String name) {
    var m = EMAIL.matcher(name);
    if (m.find()) {
      return m.group();
    }
    m = UUID.matcher(name);
    if (m.find()) {
      return m.group();
    }
    for (String t : SEPARATORS.split(name)) {
      if (t.length() >= 3 && t.chars().allMatch(Character::isDigit)) {
        return t;
      }
      if (t.length() >= 8 && t.matches("[0-9a-fA-F]+") && t.matches(".*[0-9].*") && t.matches(".*[a-fA-F].*")) {
        return t;
      }
    }
    return null;
  }

  /** The name without its last word: {@code viewed_product_123} gives {@code viewed_product}. */
  public static String stem(String name) {
    String[] t = tokens(name);
    if (t.length < 2) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < t.length - 1; i++) {
      if (i > 0) {
        sb.append('_');
      }
      sb.append(t[i].toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }

  /** The kind of personal data a name contains ({@code email}, {@code phone number}, ...), or {@code null}. */
  public static String personalData(String name) {
    // Cheap guards first: this runs on every attribute and event name. An email needs an '@'; the shortest
    // phone number, SSN and card number the patterns accept have 8, 9 and 13 digits.
    int digits = 0;
    boolean at = false;
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch >= '0' && ch <= '9') {
        digits++;
      } else if (ch == '@') {
        at = true;
      }
    }
    if (at && EMAIL.matcher(name).find()) {
      return "email address";
    }
    if (digits < MIN_DIGITS) {
      return null;
    }
    if (SSN.matcher(name).find()) {
      return "social security number";
    }
    if (PHONE.matcher(name).find()) {
      return "phone number";
    }
    var card = CARD.matcher(name);
    while (card.find()) {
      if (luhn(card.group().replaceAll("[ \\-]", ""))) {
        return "payment card number";
      }
    }
    return null;
  }

  private static boolean luhn(String digits) {
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return digits.length() >= 13 && sum % 10 == 0;
  }

  /** Whether a value looks like an email address. */
  public static boolean isEmail(String value) {
    return value != null && EMAIL.matcher(value).matches();
  }
}
