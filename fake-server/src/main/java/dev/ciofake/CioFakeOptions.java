package dev.ciofake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.FakeCore;
import dev.ciofake.internal.chaos.ChaosEngine;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of a {@link CioFakeServer}. Build with {@link #builder()}; every setting has a safe
 * default, so {@code CioFakeOptions.defaults()} serves a working fake on a random loopback port.
 *
 * <p>Where the real service's behaviour is not documented, the option names the choice the fake makes
 * by default and lets you change it (for example {@link Builder#lenientTimestamps(boolean)}).
 *
 * <p>Why one class of about 600 lines: it is the public face of every setting (a getter, a builder method and its
 * Javadoc each), which a user reads in one place; how each setting maps to a CLI flag, an environment variable and
 * the admin API is the table in {@code internal.config.Configuration}.
 */
public final class CioFakeOptions {

  /** Default cap on requests kept in the journal. */
  public static final int DEFAULT_MAX_JOURNAL_ENTRIES = 5_000;
  /** Default cap on events kept per workspace. */
  public static final int DEFAULT_MAX_EVENTS_PER_WORKSPACE = 20_000;
  /** Default cap on people kept per workspace. */
  public static final int DEFAULT_MAX_PEOPLE_PER_WORKSPACE = 100_000;
  /** Default cap on pitfall occurrences kept per workspace (counts keep going past it). */
  public static final int DEFAULT_MAX_PITFALLS_PER_WORKSPACE = 1_000;
  /**
   * Default largest request body accepted, in bytes. Larger bodies get 413. It leaves room for a transactional
   * email whose attachments are just under the documented 2 MB (base64 makes them about 2.7 MB).
   */
  public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

  private final int port;
  private final String bindAddress;
  private final List<WorkspaceCredentials> workspaces;
  private final WorkspaceSettings workspaceDefaults;
  private final FakeClock clock;
  private final int maxJournalEntries;
  private final int maxEventsPerWorkspace;
  private final int maxPeoplePerWorkspace;
  private final int maxPitfallsPerWorkspace;
  private final int maxBodyBytes;
  private final int journalBodyBytes;
  private final int dynamicEventNameThreshold;
  private final long chaosSeed;
  private final List<String> chaosRules;
  private final Integer httpsPort;
  private final java.nio.file.Path tlsKeystore;
  private final String tlsKeystorePassword;
  private final String webhookUrl;
  private final String webhookSecret;
  private final double webhookRetryScale;
  private final int webhookMaxAttempts;

  // ---- the edge and the admin API's protection (issue 15): one block, fields, builder and accessors
  /** Default longest time a request body may take to arrive; slower bodies get 408. */
  public static final java.time.Duration DEFAULT_BODY_READ_TIMEOUT = java.time.Duration.ofSeconds(10);
  /** Default slowest rate a request body may arrive at, in bytes per second (after a two-second grace). */
  public static final long DEFAULT_MIN_BODY_DATA_RATE = 1024;
  private final String adminToken;
  private final List<String> allowedHosts;
  private final List<String> webhookHosts;
  private final java.time.Duration bodyReadTimeout;
  private final long minBodyDataRate;
  private final String workspaceFile;
  private final java.time.Duration exportDuration;

  /** How long an App API export takes by default, on the fake's clock. */
  public static final java.time.Duration DEFAULT_EXPORT_DURATION = java.time.Duration.ofSeconds(2);

  /** The signing secret of webhooks configured without one. */
  public static final String DEFAULT_WEBHOOK_SECRET = "cio-fake-webhook-secret";

  /** Default number of distinct event names sharing a stem that makes {@code dynamic-event-name} fire. */
  public static final int DEFAULT_DYNAMIC_EVENT_NAME_THRESHOLD = 10;


  private CioFakeOptions(Builder b) {
    this.port = b.port;
    this.bindAddress = b.bindAddress;
    Map<String, WorkspaceCredentials> bySite = new LinkedHashMap<>();
    for (WorkspaceCredentials w : b.workspaces) {
      if (bySite.putIfAbsent(w.siteId(), w) != null) {
        throw new IllegalArgumentException("workspace " + w.siteId() + " is given twice");
      }
    }
    if (bySite.isEmpty()) {
      bySite.put(WorkspaceCredentials.DEFAULT.siteId(), WorkspaceCredentials.DEFAULT);
    }
    this.workspaces = List.copyOf(bySite.values());
    this.workspaceDefaults = b.settings.build();
    this.clock = b.clock;
    this.maxJournalEntries = positive(b.maxJournalEntries, "maxJournalEntries");
    this.maxEventsPerWorkspace = positive(b.maxEventsPerWorkspace, "maxEventsPerWorkspace");
    this.maxPeoplePerWorkspace = positive(b.maxPeoplePerWorkspace, "maxPeoplePerWorkspace");
    this.maxPitfallsPerWorkspace = positive(b.maxPitfallsPerWorkspace, "maxPitfallsPerWorkspace");
    this.maxBodyBytes = positive(b.maxBodyBytes, "maxBodyBytes");
    this.journalBodyBytes = positive(b.journalBodyBytes, "journalBodyBytes");
    if (b.dynamicEventNameThreshold < 2) {
      throw new IllegalArgumentException("dynamicEventNameThreshold must be at least 2, got "
          + b.dynamicEventNameThreshold);
    }
    this.dynamicEventNameThreshold = b.dynamicEventNameThreshold;
    this.chaosSeed = b.chaosSeed;
    this.chaosRules = List.copyOf(b.chaosRules);
    this.httpsPort = b.httpsPort;
    this.tlsKeystore = b.tlsKeystore;
    this.tlsKeystorePassword = b.tlsKeystorePassword;
    this.webhookUrl = b.webhookUrl;
    this.webhookSecret = b.webhookSecret;
    if (b.webhookRetryScale <= 0) {
      throw new IllegalArgumentException("webhookRetryScale must be positive, got " + b.webhookRetryScale);
    }
    this.webhookRetryScale = b.webhookRetryScale;
    this.webhookMaxAttempts = positive(b.webhookMaxAttempts, "webhookMaxAttempts");
    this.adminToken = b.adminToken == null || b.adminToken.isBlank() ? null : b.adminToken;
    this.allowedHosts = List.copyOf(b.allowedHosts);
    this.webhookHosts = List.copyOf(b.webhookHosts);
    if (b.bodyReadTimeout.isNegative() || b.bodyReadTimeout.isZero()) {
      throw new IllegalArgumentException("bodyReadTimeout must be positive, got " + b.bodyReadTimeout);
    }
    this.bodyReadTimeout = b.bodyReadTimeout;
    if (b.minBodyDataRate < 0) {
      throw new IllegalArgumentException("minBodyDataRate must not be negative, got " + b.minBodyDataRate);
    }
    this.minBodyDataRate = b.minBodyDataRate;
    this.workspaceFile = b.workspaceFile;
    if (b.exportDuration.isNegative()) {
      throw new IllegalArgumentException("exportDuration must not be negative, got " + b.exportDuration);
    }
    this.exportDuration = b.exportDuration;
  }

  private static int positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }

  /** The defaults: random port on 127.0.0.1, the default workspace, strict timestamps. */
  public static CioFakeOptions defaults() {
    return builder().build();
  }

  /** A builder with every default set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.port = port;
    b.bindAddress = bindAddress;
    b.workspaces = new ArrayList<>(workspaces);
    b.settings = workspaceDefaults.toBuilder();
    b.clock = clock;
    b.maxJournalEntries = maxJournalEntries;
    b.maxEventsPerWorkspace = maxEventsPerWorkspace;
    b.maxPeoplePerWorkspace = maxPeoplePerWorkspace;
    b.maxPitfallsPerWorkspace = maxPitfallsPerWorkspace;
    b.maxBodyBytes = maxBodyBytes;
    b.journalBodyBytes = journalBodyBytes;
    b.dynamicEventNameThreshold = dynamicEventNameThreshold;
    b.chaosSeed = chaosSeed;
    b.chaosRules = new ArrayList<>(chaosRules);
    b.httpsPort = httpsPort;
    b.tlsKeystore = tlsKeystore;
    b.tlsKeystorePassword = tlsKeystorePassword;
    b.webhookUrl = webhookUrl;
    b.webhookSecret = webhookSecret;
    b.webhookRetryScale = webhookRetryScale;
    b.webhookMaxAttempts = webhookMaxAttempts;
    b.adminToken = adminToken;
    b.allowedHosts = new ArrayList<>(allowedHosts);
    b.webhookHosts = new ArrayList<>(webhookHosts);
    b.bodyReadTimeout = bodyReadTimeout;
    b.minBodyDataRate = minBodyDataRate;
    b.workspaceFile = workspaceFile;
    b.exportDuration = exportDuration;
    return b;
  }

  /** The TCP port; 0 picks a free one. */
  public int port() {
    return port;
  }

  /** The address to listen on; {@code 127.0.0.1} by default, {@code 0.0.0.0} in a container. */
  public String bindAddress() {
    return bindAddress;
  }

  /**
   * The settings every workspace starts with (the configured ones, those the admin API creates and the JUnit
   * extension's per-test ones); {@link CioFake#settings(WorkspaceSettings)} changes one workspace.
   */
  public WorkspaceSettings workspaceDefaults() {
    return workspaceDefaults;
  }

  /**
   * The clock the fake lives by, or {@code null} (the default) for a fresh {@link FakeClock#system()} per server.
   */
  public FakeClock clock() {
    return clock;
  }

  /** The workspaces the fake starts with; the first is the default workspace. */
  public List<WorkspaceCredentials> workspaces() {
    return workspaces;
  }

  /** Cap on requests kept in the journal; older ones are dropped and counted. */
  public int maxJournalEntries() {
    return maxJournalEntries;
  }

  /** Cap on events kept per workspace; older ones are dropped and counted. */
  public int maxEventsPerWorkspace() {
    return maxEventsPerWorkspace;
  }

  /** Cap on people kept per workspace; identifies that would create more are accepted and counted as dropped. */
  public int maxPeoplePerWorkspace() {
    return maxPeoplePerWorkspace;
  }

  /** Cap on pitfall occurrences kept per workspace; counts per pitfall id keep going past it. */
  public int maxPitfallsPerWorkspace() {
    return maxPitfallsPerWorkspace;
  }

  /** The largest request body accepted, in bytes. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** How much of each request body the journal keeps, in bytes. */
  public int journalBodyBytes() {
    return journalBodyBytes;
  }

  /** Distinct event names sharing a stem before {@code dynamic-event-name} fires. */
  public int dynamicEventNameThreshold() {
    return dynamicEventNameThreshold;
  }

  /** The base seed of chaos rules that give no seed of their own (default 0): the same seed replays a run. */
  public long chaosSeed() {
    return chaosSeed;
  }

  /** The default workspace's reporting-webhook URL, or {@code null}. */
  public String webhookUrl() {
    return webhookUrl;
  }

  /** The signing secret of {@link #webhookUrl()}. */
  public String webhookSecret() {
    return webhookSecret;
  }

  /** Factor on the real webhook retry delays (1 minute / 1 hour, doubling); 0.001 for fast tests. */
  public double webhookRetryScale() {
    return webhookRetryScale;
  }

  /** Attempts per webhook event before the fake gives up (the real service keeps trying for 7 days). */
  public int webhookMaxAttempts() {
    return webhookMaxAttempts;
  }

  /** The HTTPS port (0 picks a free one), or {@code null} for no HTTPS. */
  public Integer httpsPort() {
    return httpsPort;
  }

  /** A keystore (PKCS12 or JKS) with the HTTPS certificate, or {@code null} for a self-signed one made at start. */
  public java.nio.file.Path tlsKeystore() {
    return tlsKeystore;
  }

  /** The password of {@link #tlsKeystore()}. */
  public String tlsKeystorePassword() {
    return tlsKeystorePassword;
  }

  /** Chaos rules installed before the first request, as JSON or YAML documents. */
  public List<String> chaosRules() {
    return chaosRules;
  }

  /**
   * The token the admin API ({@code /__cio}, except {@code /__cio/health}) requires, as
   * {@code Authorization: Bearer <token>} (or the password of HTTP Basic, for a browser), or {@code null} (the default)
   * for none. Never shown by the fake.
   */
  public String adminToken() {
    return adminToken;
  }

  /**
   * Host names the admin API answers to besides IP literals and {@code localhost} (a {@code Host} header naming any
   * other is refused: DNS rebinding); {@code "*"} allows any. Empty by default.
   */
  public List<String> allowedHosts() {
    return allowedHosts;
  }

  /**
   * Hosts that reporting webhooks added over the admin API may post to, besides loopback and the host of
   * {@link #webhookUrl()}; {@code "*"} allows any. Empty by default.
   */
  public List<String> webhookHosts() {
    return webhookHosts;
  }

  /** The longest a request body may take to arrive before the fake answers 408 (default 10 s). */
  public java.time.Duration bodyReadTimeout() {
    return bodyReadTimeout;
  }

  /** The slowest a request body may arrive, in bytes per second, after a two-second grace (default 1024; 0: off). */
  public long minBodyDataRate() {
    return minBodyDataRate;
  }

  /**
   * The workspace file every workspace starts with (and goes back to on reset): its definitions (segments,
   * campaigns, broadcasts, newsletters, transactional messages, sender identities, ...), content and ESP
   * suppressions, as compact JSON; {@code null} for none. See docs/workspace-file.md.
   */
  public String workspaceFile() {
    return workspaceFile;
  }

  /** How long an App API export takes before it is done, on the fake's clock (default 2 s). */
  public java.time.Duration exportDuration() {
    return exportDuration;
  }

  /** Fluent builder of {@link CioFakeOptions}. */
  public static final class Builder {
    private int port = 0;
    private String bindAddress = "127.0.0.1";
    private List<WorkspaceCredentials> workspaces = new ArrayList<>();
    private WorkspaceSettings.Builder settings = WorkspaceSettings.builder();
    private FakeClock clock;
    private int maxJournalEntries = DEFAULT_MAX_JOURNAL_ENTRIES;
    private int maxEventsPerWorkspace = DEFAULT_MAX_EVENTS_PER_WORKSPACE;
    private int maxPeoplePerWorkspace = DEFAULT_MAX_PEOPLE_PER_WORKSPACE;
    private int maxPitfallsPerWorkspace = DEFAULT_MAX_PITFALLS_PER_WORKSPACE;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int journalBodyBytes = 16 * 1024;
    private int dynamicEventNameThreshold = DEFAULT_DYNAMIC_EVENT_NAME_THRESHOLD;
    private long chaosSeed;
    private List<String> chaosRules = new ArrayList<>();
    private Integer httpsPort;
    private java.nio.file.Path tlsKeystore;
    private String tlsKeystorePassword;
    private String webhookUrl;
    private String webhookSecret = DEFAULT_WEBHOOK_SECRET;
    private double webhookRetryScale = 1.0;
    private int webhookMaxAttempts = 8;
    private String adminToken;
    private List<String> allowedHosts = new ArrayList<>();
    private List<String> webhookHosts = new ArrayList<>();
    private java.time.Duration bodyReadTimeout = DEFAULT_BODY_READ_TIMEOUT;
    private long minBodyDataRate = DEFAULT_MIN_BODY_DATA_RATE;
    private String workspaceFile;
    private java.time.Duration exportDuration = DEFAULT_EXPORT_DURATION;

    private Builder() {}

    /**
     * The workspace file every workspace starts with: JSON or YAML in the format of docs/workspace-file.md. Checked
     * here; a bad file throws {@link IllegalArgumentException} naming each problem.
     */
    public Builder workspaceFile(java.nio.file.Path file) {
      this.workspaceFile = Json.compactString(
          dev.ciofake.internal.validation.WorkspaceFile.read(Objects.requireNonNull(file, "file")));
      return this;
    }

    /** The workspace file every workspace starts with, given as its JSON or YAML text ({@code null}: none). */
    public Builder workspaceFile(String jsonOrYaml) {
      this.workspaceFile = jsonOrYaml == null ? null
          : Json.compactString(dev.ciofake.internal.validation.WorkspaceFile.parse(jsonOrYaml));
      return this;
    }

    /** How long an App API export takes before it is done, on the fake's clock (default 2 s; zero: at once). */
    public Builder exportDuration(java.time.Duration duration) {
      this.exportDuration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /** Requires this token on the admin API (see {@link CioFakeOptions#adminToken()}); null or blank: none. */
    public Builder adminToken(String token) {
      this.adminToken = token;
      return this;
    }

    /** A host name the admin API answers to (see {@link CioFakeOptions#allowedHosts()}); repeatable. */
    public Builder allowedHost(String host) {
      this.allowedHosts.add(Objects.requireNonNull(host, "host").trim().toLowerCase(java.util.Locale.ROOT));
      return this;
    }

    /** A host reporting webhooks may post to (see {@link CioFakeOptions#webhookHosts()}); repeatable. */
    public Builder webhookHost(String host) {
      this.webhookHosts.add(Objects.requireNonNull(host, "host").trim().toLowerCase(java.util.Locale.ROOT));
      return this;
    }

    /** The longest a request body may take to arrive (default 10 s); slower ones get 408. */
    public Builder bodyReadTimeout(java.time.Duration timeout) {
      this.bodyReadTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** The slowest rate a request body may arrive at, in bytes per second (default 1024; 0 switches it off). */
    public Builder minBodyDataRate(long bytesPerSecond) {
      this.minBodyDataRate = bytesPerSecond;
      return this;
    }

    /**
     * How many distinct event names of three or more words may share all but their last word before
     * {@code dynamic-event-name} fires (default {@value CioFakeOptions#DEFAULT_DYNAMIC_EVENT_NAME_THRESHOLD}).
     */
    public Builder dynamicEventNameThreshold(int threshold) {
      this.dynamicEventNameThreshold = threshold;
      return this;
    }

    /** The base seed of chaos rules without their own (default 0). */
    public Builder chaosSeed(long seed) {
      this.chaosSeed = seed;
      return this;
    }

    /**
     * Chaos rules to install before the first request: a JSON or YAML document with one rule, a list, or
     * {@code {seed, rules: [...]}}, in the format of {@code POST /__cio/chaos}. Checked at start.
     */
    public Builder chaosRules(String jsonOrYaml) {
      JsonNode doc = FakeCore.parseJsonOrYaml(Objects.requireNonNull(jsonOrYaml, "jsonOrYaml"));
      try {
        new ChaosEngine(0).add(doc, 0); // refused here, naming the field, rather than when a server starts
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad chaos rule: " + e.getMessage(), e);
      }
      this.chaosRules.add(Json.compactString(doc));
      return this;
    }

    /** A chaos rule installed before the first request: {@code chaos(Chaos.rules().outage().onTrack())}. */
    public Builder chaos(Chaos.Rule rule) {
      return chaosRules(Objects.requireNonNull(rule, "rule").toJson());
    }

    /**
     * Serves HTTPS too, on this port (0 picks a free one), for clients that only speak https (the Python client,
     * customerio-node 4.x). The certificate is self-signed unless {@link #tlsKeystore} gives one; its PEM is at
     * {@code GET /__cio/tls/ca.pem}.
     */
    public Builder httpsPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("httpsPort must be 0..65535, got " + port);
      }
      this.httpsPort = port;
      return this;
    }

    /** The HTTPS certificate: a PKCS12 (or .jks) keystore and its password. */
    public Builder tlsKeystore(java.nio.file.Path keystore, String password) {
      this.tlsKeystore = Objects.requireNonNull(keystore, "keystore");
      this.tlsKeystorePassword = Objects.requireNonNull(password, "password");
      return this;
    }

    /** A reporting webhook for the default workspace, signed with {@code secret} (null: the default secret). */
    public Builder webhook(String url, String secret) {
      this.webhookUrl = url;
      this.webhookSecret = secret == null ? DEFAULT_WEBHOOK_SECRET : secret;
      return this;
    }

    /** Factor on the webhook retry delays (default 1: one minute or one hour, doubling). */
    public Builder webhookRetryScale(double scale) {
      this.webhookRetryScale = scale;
      return this;
    }

    /** Attempts per webhook event (default 8). */
    public Builder webhookMaxAttempts(int attempts) {
      this.webhookMaxAttempts = attempts;
      return this;
    }

    /** Grace before emailing a bounced or complaining person counts as ignoring it (default 60 s). */
    public Builder deliveryProblemGrace(java.time.Duration grace) {
      settings.deliveryProblemGrace(grace);
      return this;
    }

    /** Whether people are expected to have an email attribute ({@code missing-email}); default true. */
    public Builder expectEmail(boolean expected) {
      settings.expectEmail(expected);
      return this;
    }

    /** Switches rate limiting on (the default) or off. */
    public Builder rateLimits(boolean enabled) {
      settings.rateLimits(enabled);
      return this;
    }

    /** Sets the limit of one class (the others keep the documented ones). */
    public Builder rateLimit(RateClass rateClass, RateLimit limit) {
      settings.rateLimit(rateClass, limit);
      return this;
    }

    /** Every workspace setting at once (the individual setters of this builder change the same record). */
    public Builder workspaceDefaults(WorkspaceSettings defaults) {
      this.settings = Objects.requireNonNull(defaults, "defaults").toBuilder();
      return this;
    }

    /** The port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The address to bind; default {@code 127.0.0.1}. */
    public Builder bindAddress(String bindAddress) {
      this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
      return this;
    }

    /**
     * Adds a workspace. The first one added becomes the default workspace; without any, the fake serves
     * {@link WorkspaceCredentials#DEFAULT}.
     */
    public Builder workspace(WorkspaceCredentials credentials) {
      this.workspaces.add(Objects.requireNonNull(credentials, "credentials"));
      return this;
    }

    /** Adds a workspace given as site id and keys. */
    public Builder workspace(String siteId, String trackApiKey, String appApiKey) {
      return workspace(new WorkspaceCredentials(siteId, trackApiKey, appApiKey));
    }

    /**
     * Accept millisecond timestamps as the real service does (it stores them as far-future dates) instead
     * of answering 400. The {@code millisecond-timestamp} pitfall is recorded either way.
     */
    public Builder lenientTimestamps(boolean lenient) {
      settings.lenientTimestamps(lenient);
      return this;
    }

    /** Whether an email in the path identifies a person (default true, the real default for new workspaces). */
    public Builder emailIdentifiers(boolean enabled) {
      settings.emailIdentifiers(enabled);
      return this;
    }

    /** Cap on requests kept in the journal (default {@value #DEFAULT_MAX_JOURNAL_ENTRIES}). */
    public Builder maxJournalEntries(int max) {
      this.maxJournalEntries = max;
      return this;
    }

    /** Cap on events kept per workspace (default {@value #DEFAULT_MAX_EVENTS_PER_WORKSPACE}). */
    public Builder maxEventsPerWorkspace(int max) {
      this.maxEventsPerWorkspace = max;
      return this;
    }

    /** Cap on people kept per workspace (default {@value #DEFAULT_MAX_PEOPLE_PER_WORKSPACE}). */
    public Builder maxPeoplePerWorkspace(int max) {
      this.maxPeoplePerWorkspace = max;
      return this;
    }

    /** Cap on pitfall occurrences kept per workspace (default {@value #DEFAULT_MAX_PITFALLS_PER_WORKSPACE}). */
    public Builder maxPitfallsPerWorkspace(int max) {
      this.maxPitfallsPerWorkspace = max;
      return this;
    }

    /** The largest request body accepted, in bytes (default 4 MiB); larger bodies get 413. */
    public Builder maxBodyBytes(int max) {
      this.maxBodyBytes = max;
      return this;
    }

    /** How much of each request body the journal keeps, in bytes (default 16 KiB). */
    public Builder journalBodyBytes(int max) {
      this.journalBodyBytes = max;
      return this;
    }

    /** The region reported by {@code /api/v1/accounts/region} (default {@link Region#US}). */
    public Builder region(Region region) {
      settings.region(region);
      return this;
    }

    /**
     * The clock the fake lives by: {@link FakeClock#frozenAt(java.time.Instant)} for exact timestamps, or a shared
     * clock a test advances ({@link FakeClock#advance}). Default: each server gets its own real-time clock.
     */
    public Builder clock(FakeClock value) {
      this.clock = value;
      return this;
    }

    /** Builds the options; throws {@link IllegalArgumentException} with a clear message on a bad value. */
    public CioFakeOptions build() {
      return new CioFakeOptions(this);
    }
  }
}
