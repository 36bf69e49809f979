package dev.ciofake.internal.config;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.FakeClock;
import dev.ciofake.RateClass;
import dev.ciofake.RateLimit;
import dev.ciofake.Region;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.WorkspaceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one mapping between {@link CioFakeOptions} and the fake's command line and {@code CIO_FAKE_*} environment
 * variables. The CLI builds its flags from it, the Testcontainers module and the extension's container mode turn
 * options into the variables with it, and the image reads them back through the CLI, so an option means the same
 * everywhere. An option that cannot travel to another process (a clock object that was advanced, a keystore on the
 * host) is refused with a message that says what to do instead.
 */
public final class Configuration {

  /**
   * One setting: its flag(s), its environment variable, how it reads from options and how it applies to a builder.
   *
   * @param flags the long flag first; more for aliases or the negated form ({@code --no-...})
   * @param env the environment variable
   * @param label the value's placeholder in {@code --help} ({@code null} for a switch)
   * @param help the description in {@code --help}
   * @param kind how the flag takes values
   * @param cliDefault what the command line starts from when neither flag nor variable is given ({@code null}: the
   *     options' default)
   * @param render the option's value as variable text (the defaults render too; a value equal to the default's is not
   *     passed on)
   * @param apply parses variable or flag text onto a builder; throws {@link IllegalArgumentException} for bad text
   * @param travels whether it is passed to a container ({@code false} for port and bind address, which the container
   *     decides)
   * @param secret whether its value is masked when shown
   */
  public record Setting(List<String> flags, String env, String label, String help, Kind kind, String cliDefault,
      Function<CioFakeOptions, String> render, BiConsumer<Draft, String> apply, boolean travels, boolean secret) {

    /** The main flag. */
    public String flag() {
      return flags.get(0);
    }
  }

  /**
   * Options being assembled from text: settings that belong together (a webhook's URL and secret, a keystore and its
   * password, the workspace defaults) are gathered here and applied once, in {@link #build()}.
   */
  public static final class Draft {
    final CioFakeOptions.Builder options = CioFakeOptions.builder();
    final WorkspaceSettings.Builder workspace = WorkspaceSettings.builder();
    String webhookUrl;
    String webhookSecret;
    String tlsKeystore;
    String tlsKeystorePassword;

    Draft() {}

    CioFakeOptions build() {
      options.workspaceDefaults(workspace.build());
      if (webhookUrl != null && !webhookUrl.isBlank()) {
        options.webhook(webhookUrl.trim(), webhookSecret);
      }
      if (tlsKeystore != null) {
        options.tlsKeystore(Path.of(tlsKeystore), tlsKeystorePassword == null ? "" : tlsKeystorePassword);
      }
      return options.build();
    }
  }

  /**
   * Options from text values: for each setting (by its variable name) the values given, flags before variables as the
   * caller decides; settings without values keep the options' defaults.
   *
   * @throws IllegalArgumentException naming the flag or variable whose value is bad
   */
  public static CioFakeOptions options(Map<String, List<String>> valuesByEnv) {
    Draft d = new Draft();
    for (Setting s : SETTINGS) {
      List<String> values = valuesByEnv.get(s.env());
      if (values == null) {
        continue;
      }
      for (String v : values) {
        try {
          s.apply().accept(d, v);
        } catch (IllegalArgumentException e) {
          String m = e.getMessage() == null ? "bad value" : e.getMessage();
          throw new IllegalArgumentException(m.startsWith(s.flag()) ? m : s.flag() + " (" + s.env() + "): " + m, e);
        }
      }
    }
    return d.build();
  }

  /** How a flag takes its values. */
  public enum Kind {
    /** One value. */
    VALUE,
    /** A switch: {@code --x} means true; the variable takes {@code true}/{@code false}. */
    SWITCH,
    /** A switch with a negated form ({@code --x}/{@code --no-x}). */
    NEGATABLE,
    /** Repeatable; the variable joins the values with commas. */
    LIST,
    /** Repeatable JSON documents; the variable is a JSON array (or one document). */
    JSON_LIST
  }

  private static final CioFakeOptions DEFAULTS = CioFakeOptions.defaults();
  private static final List<Setting> SETTINGS = settings();

  private Configuration() {}

  /** Every setting, in the order of {@code --help}. */
  public static List<Setting> all() {
    return SETTINGS;
  }

  /** The setting of a variable, or {@code null}. */
  public static Setting byEnv(String env) {
    for (Setting s : SETTINGS) {
      if (s.env().equals(env)) {
        return s;
      }
    }
    return null;
  }

  /**
   * The variables that give a fake in another process these options (only those that differ from the defaults).
   *
   * @throws IllegalArgumentException for an option that cannot travel, saying what to do instead
   */
  public static Map<String, String> toEnvironment(CioFakeOptions options) {
    if (options.clock() != null && !options.clock().isFrozen()) {
      if (!options.clock().advanced().isZero()) {
        throw new IllegalArgumentException("the options' clock was advanced in this JVM; a fake in a container keeps "
            + "its own clock: advance it with CioFake.advanceClock(..) instead");
      }
    }
    if (options.tlsKeystore() != null) {
      throw new IllegalArgumentException("tlsKeystore " + options.tlsKeystore() + " is a file of this machine; a "
          + "container cannot read it: copy it into the container and set CIO_FAKE_TLS_KEYSTORE to its path there");
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (Setting s : SETTINGS) {
      if (!s.travels()) {
        continue;
      }
      String v = s.render().apply(options);
      if (!v.equals(s.render().apply(DEFAULTS))) {
        env.put(s.env(), v);
      }
    }
    return env;
  }

  /** Every setting of these options as text, defaults included, secrets masked: what {@code GET /__cio/options} shows. */
  public static Map<String, String> describe(CioFakeOptions options) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Setting s : SETTINGS) {
      String v = s.render().apply(options);
      out.put(s.env(), s.secret() && !v.isEmpty() ? mask(v) : v);
    }
    return out;
  }

  private static String mask(String v) {
    return v.length() <= 4 ? "****" : v.substring(0, 2) + "****" + v.substring(v.length() - 2);
  }

  // ---------------------------------------------------------------- the table

  private static List<Setting> settings() {
    List<Setting> s = new ArrayList<>();
    s.add(value("--port", "CIO_FAKE_PORT", "N", "Port to listen on; 0 picks a free one.", "8091",
        o -> String.valueOf(o.port()), (d, v) -> d.options.port(integer(v, "--port")), false));
    s.add(value("--bind", "CIO_FAKE_BIND", "ADDRESS", "Address to bind; 0.0.0.0 in a container.", "127.0.0.1",
        CioFakeOptions::bindAddress,
        (d, v) -> d.options.bindAddress(v.trim()), false));
    s.add(new Setting(List.of("--workspace"), "CIO_FAKE_WORKSPACES", "SITE:TRACK_KEY:APP_KEY[:PIPELINES_KEY]",
        "A workspace, repeatable; the first is the default workspace. The Pipelines API key is optional "
            + "(default SITE-pipelines-key). Without any, the fake serves "
            + "cio-fake-site:cio-fake-track-key:cio-fake-app-key:cio-fake-pipelines-key.", Kind.LIST, null,
        o -> String.join(",", o.workspaces().stream().map(WorkspaceCredentials::toSpec).toList()),
        (d, v) -> {
          for (String w : v.split(",")) {
            if (!w.isBlank()) {
              d.options.workspace(WorkspaceCredentials.parse(w.trim()));
            }
          }
        }, true, true));
    s.add(workspace("--lenient-timestamps", "CIO_FAKE_LENIENT_TIMESTAMPS", Kind.SWITCH,
        "Accept millisecond timestamps as the real service does (still recorded as a pitfall) instead of answering "
            + "400.", w -> bool(w.lenientTimestamps()), (w, v) -> w.lenientTimestamps(bool(v))));
    s.add(workspace("--email-identifiers", "CIO_FAKE_EMAIL_IDENTIFIERS", Kind.NEGATABLE,
        "Treat an email in the path as an email identifier, the real default.",
        w -> bool(w.emailIdentifiers()), (w, v) -> w.emailIdentifiers(bool(v))));
    s.add(workspace("--allow-email-updates-by-id", "CIO_FAKE_ALLOW_EMAIL_UPDATES_BY_ID", Kind.NEGATABLE,
        "The workspace setting \"Allow updates to email using ID\" (on by default, as in the real service).",
        w -> bool(w.allowEmailUpdatesById()), (w, v) -> w.allowEmailUpdatesById(bool(v))));
    s.add(workspace("--expect-email", "CIO_FAKE_EXPECT_EMAIL", Kind.NEGATABLE,
        "Expect people to carry an email attribute (the missing-email pitfall).",
        w -> bool(w.expectEmail()), (w, v) -> w.expectEmail(bool(v))));
    s.add(workspaceValue("--region", "CIO_FAKE_REGION", "us|eu", "Region reported by /api/v1/accounts/region.",
        w -> w.region().key(), (w, v) -> w.region(Region.parse(v))));
    s.add(new Setting(List.of("--rate-limit", "--no-rate-limits"), "CIO_FAKE_RATE_LIMITS", "CLASS=LIMIT",
        "Change one rate limit, repeatable: track=100/s, app=10/s, transactional=100/s, broadcast=1/10s, "
            + "pipelines=3000/3s are the defaults. --no-rate-limits (variable value off) never answers 429.", Kind.LIST, null,
        Configuration::renderRateLimits, Configuration::applyRateLimit, true, false));
    s.add(workspaceValue("--delivery-problem-grace", "CIO_FAKE_DELIVERY_PROBLEM_GRACE", "DURATION",
        "How long after a reported bounce or complaint emailing the person is not yet a pitfall (60s, 500ms, PT1M).",
        w -> duration(w.deliveryProblemGrace()), (w, v) -> w.deliveryProblemGrace(duration(v))));
    s.add(intValue("--max-requests", "CIO_FAKE_MAX_REQUESTS", "Requests kept in the journal; older ones are dropped "
        + "and counted.", CioFakeOptions::maxJournalEntries, CioFakeOptions.Builder::maxJournalEntries));
    s.add(intValue("--max-events", "CIO_FAKE_MAX_EVENTS", "Events kept per workspace.",
        CioFakeOptions::maxEventsPerWorkspace, CioFakeOptions.Builder::maxEventsPerWorkspace));
    s.add(intValue("--max-people", "CIO_FAKE_MAX_PEOPLE", "People kept per workspace.",
        CioFakeOptions::maxPeoplePerWorkspace, CioFakeOptions.Builder::maxPeoplePerWorkspace));
    s.add(intValue("--max-pitfalls", "CIO_FAKE_MAX_PITFALLS", "Pitfall occurrences kept per workspace; counts go on "
        + "past it.", CioFakeOptions::maxPitfallsPerWorkspace, CioFakeOptions.Builder::maxPitfallsPerWorkspace));
    s.add(intValue("--max-body-bytes", "CIO_FAKE_MAX_BODY_BYTES", "Largest request body accepted; larger ones get "
        + "413.", CioFakeOptions::maxBodyBytes, CioFakeOptions.Builder::maxBodyBytes));
    s.add(intValue("--journal-body-bytes", "CIO_FAKE_JOURNAL_BODY_BYTES", "How much of each request body the journal "
        + "keeps.", CioFakeOptions::journalBodyBytes, CioFakeOptions.Builder::journalBodyBytes));
    s.add(intValue("--dynamic-event-name-threshold", "CIO_FAKE_DYNAMIC_EVENT_NAME_THRESHOLD", "Distinct event names "
        + "sharing a stem before dynamic-event-name fires.", CioFakeOptions::dynamicEventNameThreshold,
        CioFakeOptions.Builder::dynamicEventNameThreshold));
    s.add(new Setting(List.of("--chaos"), "CIO_FAKE_CHAOS", "RULE", "Chaos rules installed at start, JSON or YAML: a "
        + "rule, a list, or {seed, rules}; repeatable (the variable: one document or a JSON array).", Kind.JSON_LIST,
        null, o -> o.chaosRules().isEmpty() ? "" : chaosArray(o.chaosRules()),
        (d, v) -> d.options.chaosRules(v), true, false));
    s.add(value("--chaos-seed", "CIO_FAKE_CHAOS_SEED", "N", "Base seed of chaos rules without their own; the same "
        + "seed replays a run.", null, o -> String.valueOf(o.chaosSeed()),
        (d, v) -> d.options.chaosSeed(longValue(v, "--chaos-seed")), true));
    s.add(value("--webhook-url", "CIO_FAKE_WEBHOOK_URL", "URL", "Post the default workspace's reporting-webhook "
        + "events (sent, delivered, bounced, spammed, ...) to this URL.", null,
        o -> o.webhookUrl() == null ? "" : o.webhookUrl(),
        (d, v) -> d.webhookUrl = v, true));
    s.add(new Setting(List.of("--webhook-secret"), "CIO_FAKE_WEBHOOK_SECRET", "SECRET", "Signing secret of "
        + "--webhook-url.", Kind.VALUE, null,
        CioFakeOptions::webhookSecret,
        (d, v) -> d.webhookSecret = v, true, true));
    s.add(value("--webhook-retry-scale", "CIO_FAKE_WEBHOOK_RETRY_SCALE", "FACTOR", "Factor on the real webhook retry "
        + "delays (1 min / 1 h, doubling); 0.001 for fast CI.", null,
        o -> String.valueOf(o.webhookRetryScale()),
        (d, v) -> d.options.webhookRetryScale(doubleValue(v, "--webhook-retry-scale")), true));
    s.add(intValue("--webhook-max-attempts", "CIO_FAKE_WEBHOOK_MAX_ATTEMPTS", "Attempts per webhook event before the "
        + "fake gives up (the real service keeps trying for 7 days).", CioFakeOptions::webhookMaxAttempts,
        CioFakeOptions.Builder::webhookMaxAttempts));
    s.add(value("--https-port", "CIO_FAKE_HTTPS_PORT", "N", "Also serve HTTPS on this port (0 picks one), for clients "
        + "that only speak https; GET /__cio/tls/ca.pem hands out the certificate.", null,
        o -> o.httpsPort() == null ? "" : String.valueOf(o.httpsPort()),
        (d, v) -> d.options.httpsPort(integer(v, "--https-port")), true));
    s.add(value("--tls-keystore", "CIO_FAKE_TLS_KEYSTORE", "FILE", "PKCS12 (or .jks) keystore with the HTTPS "
        + "certificate; self-signed without it.", null, o -> o.tlsKeystore() == null ? "" : o.tlsKeystore().toString(),
        (d, v) -> d.tlsKeystore = v, false));
    s.add(new Setting(List.of("--tls-keystore-password"), "CIO_FAKE_TLS_KEYSTORE_PASSWORD", "PASSWORD",
        "Password of --tls-keystore.", Kind.VALUE, null,
        o -> o.tlsKeystorePassword() == null ? "" : o.tlsKeystorePassword(), (d, v) -> d.tlsKeystorePassword = v,
        false, true));
    // The edge and the admin API's protection (docs/edge.md).
    s.add(new Setting(List.of("--admin-token"), "CIO_FAKE_ADMIN_TOKEN", "TOKEN", "Require this token on the admin "
        + "API (/__cio, except /__cio/health) as Authorization: Bearer TOKEN, or as the password of HTTP Basic in a "
        + "browser.", Kind.VALUE, null, o -> o.adminToken() == null ? "" : o.adminToken(),
        (d, v) -> d.options.adminToken(v), true, true));
    s.add(hostList("--allowed-host", "CIO_FAKE_ALLOWED_HOSTS", "A host name the admin API answers to besides IP "
        + "addresses and localhost, repeatable; * for any (e.g. the service name in a compose file).",
        CioFakeOptions::allowedHosts, CioFakeOptions.Builder::allowedHost));
    s.add(hostList("--webhook-host", "CIO_FAKE_WEBHOOK_HOSTS", "A host that webhooks added over the admin API may "
        + "post to besides loopback and the host of --webhook-url, repeatable; * for any.",
        CioFakeOptions::webhookHosts, CioFakeOptions.Builder::webhookHost));
    s.add(value("--body-read-timeout-ms", "CIO_FAKE_BODY_READ_TIMEOUT_MS", "MS", "Longest a request body may take "
        + "to arrive; slower ones get 408.", null, o -> String.valueOf(o.bodyReadTimeout().toMillis()),
        (d, v) -> d.options.bodyReadTimeout(Duration.ofMillis(longValue(v, "--body-read-timeout-ms"))), true));
    s.add(value("--min-body-rate", "CIO_FAKE_MIN_BODY_RATE", "BYTES_PER_S", "Slowest rate a request body may arrive "
        + "at after a 2 s grace; slower ones get 408; 0 switches it off.", null,
        o -> String.valueOf(o.minBodyDataRate()),
        (d, v) -> d.options.minBodyDataRate(longValue(v, "--min-body-rate")), true));
    s.add(value("--workspace-file", "CIO_FAKE_WORKSPACE_FILE", "FILE", "A workspace file (JSON or YAML, "
        + "docs/workspace-file.md): the segments, campaigns, broadcasts, newsletters, transactional messages, sender "
        + "identities, content and ESP suppressions every workspace starts with; the variable also takes the document "
        + "itself.", null, o -> o.workspaceFile() == null ? "" : o.workspaceFile(),
        (d, v) -> {
          String t = v.trim();
          if (t.startsWith("{")) {
            d.options.workspaceFile(t);
          } else if (!t.isEmpty()) {
            d.options.workspaceFile(Path.of(t));
          }
        }, true));
    s.add(value("--export-duration", "CIO_FAKE_EXPORT_DURATION", "DURATION", "How long an App API export takes "
        + "before it is done, on the fake's clock (0s: at once).", null, o -> duration(o.exportDuration()),
        (d, v) -> d.options.exportDuration(duration(v)), true));
    s.add(value("--clock", "CIO_FAKE_CLOCK", "system|frozen[:INSTANT]", "The clock the fake lives by: real time "
        + "(advanced with POST /__cio/clock/advance), or frozen at an instant (default now) until advanced.", null,
        o -> o.clock() == null || !o.clock().isFrozen() ? "system" : "frozen:" + o.clock().instant(),
        (d, v) -> d.options.clock(clock(v)), true));
    return List.copyOf(s);
  }

  private static Setting value(String flag, String env, String label, String help, String cliDefault,
      Function<CioFakeOptions, String> render, BiConsumer<Draft, String> apply, boolean travels) {
    return new Setting(List.of(flag), env, label, help, Kind.VALUE, cliDefault, render, apply, travels, false);
  }

  private static Setting intValue(String flag, String env, String help, Function<CioFakeOptions, Integer> get,
      BiConsumer<CioFakeOptions.Builder, Integer> set) {
    return value(flag, env, "N", help, null, o -> String.valueOf(get.apply(o)),
        (d, v) -> set.accept(d.options, integer(v, flag)), true);
  }

  private static Setting hostList(String flag, String env, String help, Function<CioFakeOptions, List<String>> get,
      BiConsumer<CioFakeOptions.Builder, String> add) {
    return new Setting(List.of(flag), env, "NAME", help, Kind.LIST, null, o -> String.join(",", get.apply(o)),
        (d, v) -> {
          for (String h : v.split(",")) {
            if (!h.isBlank()) {
              add.accept(d.options, h.trim());
            }
          }
        }, true, false);
  }

  private static Setting workspace(String flag, String env, Kind kind, String help,
      Function<WorkspaceSettings, String> get, BiConsumer<WorkspaceSettings.Builder, String> set) {
    List<String> flags = kind == Kind.NEGATABLE ? List.of(flag, "--no-" + flag.substring(2)) : List.of(flag);
    return new Setting(flags, env, null, help, kind, null, workspaceRender(get), workspaceApply(set), true, false);
  }

  private static Setting workspaceValue(String flag, String env, String label, String help,
      Function<WorkspaceSettings, String> get, BiConsumer<WorkspaceSettings.Builder, String> set) {
    return new Setting(List.of(flag), env, label, help, Kind.VALUE, null, workspaceRender(get), workspaceApply(set),
        true, false);
  }

  private static Function<CioFakeOptions, String> workspaceRender(Function<WorkspaceSettings, String> get) {
    return o -> get.apply(o.workspaceDefaults());
  }

  private static BiConsumer<Draft, String> workspaceApply(BiConsumer<WorkspaceSettings.Builder, String> set) {
    return (d, v) -> set.accept(d.workspace, v);
  }

  // ---------------------------------------------------------------- value forms

  private static String renderRateLimits(CioFakeOptions o) {
    WorkspaceSettings w = o.workspaceDefaults();
    if (!w.rateLimitsEnabled()) {
      return "off";
    }
    List<String> changed = new ArrayList<>();
    for (RateClass c : RateClass.values()) {
      if (!w.rateLimit(c).equals(c.defaultLimit())) {
        changed.add(c.key() + "=" + w.rateLimit(c));
      }
    }
    return changed.isEmpty() ? "on" : String.join(",", changed);
  }

  private static void applyRateLimit(Draft d, String value) {
    for (String part : value.split(",")) {
      applyOneRateLimit(d.workspace, part);
    }
  }

  private static void applyOneRateLimit(WorkspaceSettings.Builder b, String v) {
    String t = v.trim();
    if (t.equalsIgnoreCase("off") || t.equalsIgnoreCase("false")) {
      b.rateLimits(false);
      return;
    }
    if (t.equalsIgnoreCase("on") || t.equalsIgnoreCase("true") || t.isEmpty()) {
      return;
    }
    int eq = t.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("--rate-limit takes CLASS=LIMIT, for example track=100/s; got '" + v + "'");
    }
    b.rateLimit(RateClass.parse(t.substring(0, eq)), RateLimit.parse(t.substring(eq + 1)));
  }

  /** The chaos documents as one JSON array of rules (each document may itself be a rule, a list or a seeded set). */
  private static String chaosArray(List<String> docs) {
    return docs.size() == 1 ? docs.get(0) : "[" + String.join(",", docs) + "]";
  }

  private static String bool(boolean b) {
    return String.valueOf(b);
  }

  /** {@code true}/{@code false} (also on/off, yes/no, 1/0), any case. */
  public static boolean bool(String v) {
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "":
      case "true":
      case "on":
      case "yes":
      case "1":
        return true;
      case "false":
      case "off":
      case "no":
      case "0":
        return false;
      default:
        throw new IllegalArgumentException("'" + v + "' is not true or false");
    }
  }

  private static int integer(String v, String flag) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a whole number, got '" + v + "'");
    }
  }

  private static long longValue(String v, String flag) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a whole number, got '" + v + "'");
    }
  }

  private static double doubleValue(String v, String flag) {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number, got '" + v + "'");
    }
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  /** {@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT1M}). */
  static Duration duration(String v) {
    String t = v.trim();
    Matcher m = DURATION.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        default:
          return Duration.ofHours(n);
      }
    }
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + v + "' is not a duration such as 500ms, 60s, 2m or PT1M");
    }
  }

  private static String duration(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }

  /** {@code system}, {@code frozen} (now) or {@code frozen:2026-01-01T00:00:00Z}. */
  static FakeClock clock(String v) {
    String t = v.trim();
    if (t.equalsIgnoreCase("system")) {
      return null;
    }
    if (t.equalsIgnoreCase("frozen")) {
      return FakeClock.frozenAt(FakeClock.system().instant());
    }
    if (t.toLowerCase(Locale.ROOT).startsWith("frozen:")) {
      try {
        return FakeClock.frozenAt(Instant.parse(t.substring(7).trim()));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--clock frozen:INSTANT takes an ISO-8601 instant such as "
            + "2026-01-01T00:00:00Z, got '" + t.substring(7) + "'");
      }
    }
    throw new IllegalArgumentException("--clock must be system, frozen or frozen:INSTANT, got '" + v + "'");
  }
}
