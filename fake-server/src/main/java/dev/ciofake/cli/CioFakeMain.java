package dev.ciofake.cli;

import dev.ciofake.RateClass;
import dev.ciofake.Region;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.CioFakeServer;
import dev.ciofake.internal.util.SystemClock;
import dev.ciofake.RateLimit;
import dev.ciofake.Secrets;
import dev.ciofake.WorkspaceCredentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar cio-fake.jar}: runs the fake until SIGTERM (or Ctrl-C). Every option has a
 * {@code CIO_FAKE_*} environment variable, so a container is configured without changing its command.
 */
@Command(name = "cio-fake", mixinStandardHelpOptions = true, versionProvider = CioFakeMain.Version.class,
    sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "A strict, stateful fake of the Customer.io Track and App APIs.",
        "Serves Track (/api/v1, /api/v2), App (/v1) and the admin API (/__cio) on one port, until SIGTERM.",
        "Every option can also be set with the environment variable named in its description."},
    footer = {"", "Example:", "  java -jar cio-fake.jar --port 8091 --workspace shop:shop-track-key:shop-app-key",
        "  curl -u cio-fake-site:cio-fake-track-key -X PUT -H 'Content-Type: application/json' \\",
        "       -d '{\"email\":\"ada@example.com\"}' http://127.0.0.1:8091/api/v1/customers/42"})
public final class CioFakeMain implements Callable<Integer> {

  @Option(names = "--port", paramLabel = "N", defaultValue = "${env:CIO_FAKE_PORT:-8091}",
      description = "Port to listen on; 0 picks a free one (env CIO_FAKE_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "${env:CIO_FAKE_BIND:-127.0.0.1}",
      description = "Address to bind; 0.0.0.0 in a container (env CIO_FAKE_BIND, default ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--workspace", paramLabel = "SITE:TRACK_KEY:APP_KEY",
      description = {"A workspace, repeatable; the first is the default workspace. Without any, the fake serves "
          + "cio-fake-site:cio-fake-track-key:cio-fake-app-key (env CIO_FAKE_WORKSPACES, comma-separated)."})
  List<String> workspaces = new ArrayList<>();

  @Option(names = "--lenient-timestamps", defaultValue = "${env:CIO_FAKE_LENIENT_TIMESTAMPS:-false}",
      description = "Accept millisecond timestamps as the real service does (still recorded as a pitfall) "
          + "instead of answering 400 (env CIO_FAKE_LENIENT_TIMESTAMPS).")
  boolean lenientTimestamps;

  @Option(names = "--email-identifiers", negatable = true, defaultValue = "${env:CIO_FAKE_EMAIL_IDENTIFIERS:-true}",
      fallbackValue = "true",
      description = "Treat an email in the path as an email identifier, the real default "
          + "(env CIO_FAKE_EMAIL_IDENTIFIERS, default ${DEFAULT-VALUE}).")
  boolean emailIdentifiers;

  @Option(names = "--region", paramLabel = "us|eu", defaultValue = "${env:CIO_FAKE_REGION:-us}",
      description = "Region reported by /api/v1/accounts/region (env CIO_FAKE_REGION, default ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--max-requests", paramLabel = "N",
      defaultValue = "${env:CIO_FAKE_MAX_REQUESTS:-" + CioFakeOptions.DEFAULT_MAX_JOURNAL_ENTRIES + "}",
      description = "Requests kept in the journal; older ones are dropped and counted "
          + "(env CIO_FAKE_MAX_REQUESTS, default ${DEFAULT-VALUE}).")
  int maxRequests;

  @Option(names = "--max-events", paramLabel = "N",
      defaultValue = "${env:CIO_FAKE_MAX_EVENTS:-" + CioFakeOptions.DEFAULT_MAX_EVENTS_PER_WORKSPACE + "}",
      description = "Events kept per workspace (env CIO_FAKE_MAX_EVENTS, default ${DEFAULT-VALUE}).")
  int maxEvents;

  @Option(names = "--max-people", paramLabel = "N",
      defaultValue = "${env:CIO_FAKE_MAX_PEOPLE:-" + CioFakeOptions.DEFAULT_MAX_PEOPLE_PER_WORKSPACE + "}",
      description = "People kept per workspace (env CIO_FAKE_MAX_PEOPLE, default ${DEFAULT-VALUE}).")
  int maxPeople;

  @Option(names = "--max-pitfalls", paramLabel = "N",
      defaultValue = "${env:CIO_FAKE_MAX_PITFALLS:-" + CioFakeOptions.DEFAULT_MAX_PITFALLS_PER_WORKSPACE + "}",
      description = "Pitfall occurrences kept per workspace; counts go on past it "
          + "(env CIO_FAKE_MAX_PITFALLS, default ${DEFAULT-VALUE}).")
  int maxPitfalls;

  @Option(names = "--max-body-bytes", paramLabel = "N",
      defaultValue = "${env:CIO_FAKE_MAX_BODY_BYTES:-" + CioFakeOptions.DEFAULT_MAX_BODY_BYTES + "}",
      description = "Largest request body accepted; larger ones get 413 "
          + "(env CIO_FAKE_MAX_BODY_BYTES, default ${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Option(names = "--no-rate-limits",
      description = "Switch rate limiting off: never answer 429 (env CIO_FAKE_RATE_LIMITS=off).")
  boolean noRateLimits;

  @Option(names = "--rate-limit", paramLabel = "CLASS=LIMIT",
      description = {"Change one rate limit, repeatable: track=100/s, app=10/s, transactional=100/s, "
          + "broadcast=1/10s are the defaults (env CIO_FAKE_RATE_LIMITS, comma-separated, e.g. track=1000/s)."})
  List<String> rateLimits = new ArrayList<>();

  /** The command line this instance runs in, so errors go to its (possibly redirected) err stream. */
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--chaos-file", paramLabel = "FILE", defaultValue = "${env:CIO_FAKE_CHAOS_FILE}",
      description = "Chaos rules to install at start, JSON or YAML (env CIO_FAKE_CHAOS_FILE).")
  Path chaosFile;

  @Option(names = "--chaos", paramLabel = "RULE",
      description = "One chaos rule as JSON, repeatable, e.g. "
          + "'{\"match\":{\"api\":\"track\"},\"effect\":{\"type\":\"latency\",\"fixed_ms\":200}}' "
          + "(env CIO_FAKE_CHAOS, a JSON array).")
  List<String> chaosRules = new ArrayList<>();

  @Option(names = "--chaos-seed", paramLabel = "N", defaultValue = "${env:CIO_FAKE_CHAOS_SEED:-0}",
      description = "Base seed of chaos rules without their own; the same seed replays a run "
          + "(env CIO_FAKE_CHAOS_SEED, default ${DEFAULT-VALUE}).")
  long chaosSeed;

  @Option(names = "--webhook-url", paramLabel = "URL", defaultValue = "${env:CIO_FAKE_WEBHOOK_URL}",
      description = "Post the default workspace's reporting-webhook events (sent, delivered, bounced, spammed, ...) "
          + "to this URL (env CIO_FAKE_WEBHOOK_URL).")
  String webhookUrl;

  @Option(names = "--webhook-secret", paramLabel = "SECRET",
      defaultValue = "${env:CIO_FAKE_WEBHOOK_SECRET:-" + CioFakeOptions.DEFAULT_WEBHOOK_SECRET + "}",
      description = "Signing secret of --webhook-url (env CIO_FAKE_WEBHOOK_SECRET, default ${DEFAULT-VALUE}).")
  String webhookSecret;

  @Option(names = "--webhook-retry-scale", paramLabel = "FACTOR",
      defaultValue = "${env:CIO_FAKE_WEBHOOK_RETRY_SCALE:-1.0}",
      description = "Factor on the real webhook retry delays (1 min / 1 h, doubling); 0.001 for fast CI "
          + "(env CIO_FAKE_WEBHOOK_RETRY_SCALE, default ${DEFAULT-VALUE}).")
  double webhookRetryScale;

  @Option(names = "--https-port", paramLabel = "N", defaultValue = "${env:CIO_FAKE_HTTPS_PORT}",
      description = "Also serve HTTPS on this port (0 picks one), for clients that only speak https; the "
          + "certificate is self-signed unless --tls-keystore gives one, and GET /__cio/tls/ca.pem hands it out "
          + "(env CIO_FAKE_HTTPS_PORT).")
  Integer httpsPort;

  @Option(names = "--tls-keystore", paramLabel = "FILE", defaultValue = "${env:CIO_FAKE_TLS_KEYSTORE}",
      description = "PKCS12 (or .jks) keystore with the HTTPS certificate (env CIO_FAKE_TLS_KEYSTORE).")
  Path tlsKeystore;

  @Option(names = "--tls-keystore-password", paramLabel = "PASSWORD",
      defaultValue = "${env:CIO_FAKE_TLS_KEYSTORE_PASSWORD}",
      description = "Password of --tls-keystore (env CIO_FAKE_TLS_KEYSTORE_PASSWORD).")
  String tlsKeystorePassword;

  // ---- the edge and the admin API's protection (issue 15): one block of flags, wired in applyEdgeAndAdmin
  @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:CIO_FAKE_ADMIN_TOKEN}",
      description = "Require this token on the admin API (/__cio, except /__cio/health) as Authorization: Bearer "
          + "TOKEN, or as the password of HTTP Basic in a browser (env CIO_FAKE_ADMIN_TOKEN).")
  String adminToken;

  @Option(names = "--allowed-host", paramLabel = "NAME",
      description = "A host name the admin API answers to besides IP addresses and localhost, repeatable; * for any "
          + "(env CIO_FAKE_ALLOWED_HOSTS, comma-separated; e.g. the service name in a compose file).")
  List<String> allowedHosts = new ArrayList<>();

  @Option(names = "--webhook-host", paramLabel = "NAME",
      description = "A host that webhooks added over the admin API may post to besides loopback and the host of "
          + "--webhook-url, repeatable; * for any (env CIO_FAKE_WEBHOOK_HOSTS, comma-separated).")
  List<String> webhookHosts = new ArrayList<>();

  @Option(names = "--body-read-timeout-ms", paramLabel = "MS",
      defaultValue = "${env:CIO_FAKE_BODY_READ_TIMEOUT_MS:-10000}",
      description = "Longest a request body may take to arrive; slower ones get 408 "
          + "(env CIO_FAKE_BODY_READ_TIMEOUT_MS, default ${DEFAULT-VALUE}).")
  long bodyReadTimeoutMs;

  @Option(names = "--min-body-rate", paramLabel = "BYTES_PER_S",
      defaultValue = "${env:CIO_FAKE_MIN_BODY_RATE:-" + CioFakeOptions.DEFAULT_MIN_BODY_DATA_RATE + "}",
      description = "Slowest rate a request body may arrive at after a 2 s grace; slower ones get 408; 0 switches it "
          + "off (env CIO_FAKE_MIN_BODY_RATE, default ${DEFAULT-VALUE}).")
  long minBodyRate;

  /** Applies the block above to the options. */
  private void applyEdgeAndAdmin(CioFakeOptions.Builder b) {
    b.adminToken(adminToken)
        .bodyReadTimeout(java.time.Duration.ofMillis(bodyReadTimeoutMs))
        .minBodyDataRate(minBodyRate);
    listOrEnv(allowedHosts, "CIO_FAKE_ALLOWED_HOSTS").forEach(b::allowedHost);
    listOrEnv(webhookHosts, "CIO_FAKE_WEBHOOK_HOSTS").forEach(b::webhookHost);
  }

  private static List<String> listOrEnv(List<String> flags, String variable) {
    List<String> out = new ArrayList<>();
    List<String> source = new ArrayList<>(flags);
    String env = System.getenv(variable);
    if (source.isEmpty() && env != null) {
      source.add(env);
    }
    for (String s : source) {
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "${env:CIO_FAKE_REPORT_DIR}",
      description = "On shutdown, write the integration report there as JSON, JUnit XML and HTML "
          + "(env CIO_FAKE_REPORT_DIR).")
  Path reportDir;

  @Option(names = "--check", defaultValue = "${env:CIO_FAKE_CHECK:-false}",
      description = "Start, send one identify through the whole stack, stop, and exit 0 if it was accepted "
          + "(1 if not): checks a configuration, and is how the build records the class-data archive that makes "
          + "later starts faster (env CIO_FAKE_CHECK).")
  boolean check;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile CioFakeServer server;

  /** Entry point; exits with 0 after a clean shutdown, 2 on bad options, 1 when {@code --check} fails. */
  public static void main(String[] args) {
    System.exit(commandLine(new CioFakeMain()).execute(args));
  }

  /** The configured picocli command line (used by tests). */
  public static CommandLine commandLine(CioFakeMain main) {
    CommandLine cl = new CommandLine(main);
    // Subcommands of other modules on the class path (the scenarios module's `scenario`); none in a plain fake-server.
    for (CioFakeSubcommand sub : ServiceLoader.load(CioFakeSubcommand.class, CioFakeMain.class.getClassLoader())) {
      cl.addSubcommand(sub.command());
    }
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("cio-fake: " + ex.getMessage());
      return 2;
    });
    return cl;
  }

  /** Builds the server options from the parsed flags and environment. */
  CioFakeOptions options() {
    CioFakeOptions.Builder b = CioFakeOptions.builder()
        .port(port)
        .bindAddress(bind)
        .lenientTimestamps(lenientTimestamps)
        .emailIdentifiers(emailIdentifiers)
        .region(Region.parse(region))
        .maxJournalEntries(maxRequests)
        .maxEventsPerWorkspace(maxEvents)
        .maxPeoplePerWorkspace(maxPeople)
        .maxPitfallsPerWorkspace(maxPitfalls)
        .maxBodyBytes(maxBodyBytes)
        .chaosSeed(chaosSeed)
        .webhookRetryScale(webhookRetryScale);
    if (httpsPort != null) {
      b.httpsPort(httpsPort);
    }
    if (tlsKeystore != null) {
      b.tlsKeystore(tlsKeystore, tlsKeystorePassword == null ? "" : tlsKeystorePassword);
    }
    if (webhookUrl != null && !webhookUrl.isBlank()) {
      b.webhook(webhookUrl.trim(), webhookSecret);
    }
    applyEdgeAndAdmin(b);
    String rlEnv = System.getenv("CIO_FAKE_RATE_LIMITS");
    List<String> limits = new ArrayList<>(rateLimits);
    boolean off = noRateLimits;
    if (rlEnv != null && !rlEnv.isBlank()) {
      if (rlEnv.trim().equalsIgnoreCase("off") || rlEnv.trim().equalsIgnoreCase("false")) {
        off = true;
      } else if (limits.isEmpty()) {
        for (String part : rlEnv.split(",")) {
          if (!part.isBlank() && !part.trim().equalsIgnoreCase("on")) {
            limits.add(part.trim());
          }
        }
      }
    }
    b.rateLimits(!off);
    for (String spec : limits) {
      int eq = spec.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("--rate-limit takes CLASS=LIMIT, for example track=100/s; got '" + spec + "'");
      }
      b.rateLimit(RateClass.parse(spec.substring(0, eq)), RateLimit.parse(spec.substring(eq + 1)));
    }
    List<String> specs = new ArrayList<>(workspaces);
    String env = System.getenv("CIO_FAKE_WORKSPACES");
    if (specs.isEmpty() && env != null && !env.isBlank()) {
      for (String s : env.split(",")) {
        if (!s.isBlank()) {
          specs.add(s.trim());
        }
      }
    }
    for (String spec : specs) {
      b.workspace(WorkspaceCredentials.parse(spec));
    }
    return b.build();
  }

  @Override
  public Integer call() throws InterruptedException {
    long t0 = SystemClock.realNanos();
    CioFakeOptions options;
    try {
      options = options();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    List<String> chaos = new ArrayList<>();
    try {
      if (chaosFile != null) {
        chaos.add(Files.readString(chaosFile));
      }
      chaos.addAll(chaosRules);
      String env = System.getenv("CIO_FAKE_CHAOS");
      if (chaosRules.isEmpty() && env != null && !env.isBlank()) {
        chaos.add(env);
      }
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "cannot read --chaos-file " + chaosFile + ": "
          + e.getMessage());
    }
    if (!chaos.isEmpty()) {
      CioFakeOptions.Builder withChaos = options.toBuilder();
      chaos.forEach(withChaos::chaosRules);
      options = withChaos.build();
    }
    try {
      server = CioFakeServer.start(options);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "bad chaos rule: " + e.getMessage());
    }
    if (!check) {
      // A clean stop on SIGTERM exits with 0, not the JVM's 143: halt once the server is stopped and reported.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        shutdown();
        System.out.flush();
        Runtime.getRuntime().halt(0);
      }, "cio-fake-shutdown"));
    }
    PrintWriter out = new PrintWriter(System.out, true);
    out.printf("cio-fake %s started in %d ms%n", CioFakeServer.version(), SystemClock.millisSince(t0));
    out.println("cio-fake track " + server.trackUrl());
    out.println("cio-fake app   " + server.appUrl());
    out.println("cio-fake admin " + server.adminUrl());
    if (server.httpsBaseUrl() != null) {
      out.println("cio-fake https " + server.httpsBaseUrl() + " (certificate: " + server.adminUrl() + "/tls/ca.pem)");
    }
    for (WorkspaceCredentials w : server.workspaces()) {
      out.println("cio-fake workspace site_id=" + w.siteId() + " track_api_key=" + Secrets.mask(w.trackApiKey())
          + " app_api_key=" + Secrets.mask(w.appApiKey()));
    }
    if (check) {
      return check(out);
    }
    stopped.await();
    return 0;
  }

  /**
   * {@code --check}: one identify over a plain socket (so the check loads what a client's request loads, and
   * nothing else), then a stop (with the report, when {@code --report-dir} is set).
   */
  private int check(PrintWriter out) {
    WorkspaceCredentials w = server.workspaces().get(0);
    String body = "{\"email\":\"check@example.com\",\"created_at\":" + SystemClock.realMillis() / 1000 + "}";
    String auth = Base64.getEncoder().encodeToString((w.siteId() + ":" + w.trackApiKey())
        .getBytes(StandardCharsets.UTF_8));
    URI base = URI.create(server.baseUrl());
    long t0 = SystemClock.realNanos();
    String status;
    long ms;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
      s.setSoTimeout(10_000);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      s.getOutputStream().write(("PUT /api/v1/customers/cio-fake-check HTTP/1.1\r\nHost: " + base.getAuthority()
          + "\r\nAuthorization: Basic " + auth + "\r\nContent-Type: application/json\r\nContent-Length: "
          + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      status = response.lines().findFirst().orElse("(no response)");
      ms = SystemClock.millisSince(t0);
    } catch (IOException | RuntimeException e) {
      status = "(" + e + ")";
      ms = SystemClock.millisSince(t0);
    } finally {
      shutdown(); // writes --report-dir's report too
    }
    boolean ok = status.startsWith("HTTP/1.1 200");
    out.printf("cio-fake check %s: PUT /api/v1/customers/cio-fake-check in workspace %s answered %s in %d ms%n",
        ok ? "passed" : "FAILED", w.siteId(), status, ms);
    return ok ? 0 : 1;
  }

  /** Stops the server; called by the shutdown hook on SIGTERM or Ctrl-C. */
  void shutdown() {
    CioFakeServer s = server;
    if (s != null) {
      if (reportDir != null) {
        try {
          for (Path p : s.writeReports(reportDir)) {
            System.out.println("cio-fake report " + p.toAbsolutePath());
          }
        } catch (IOException | RuntimeException e) {
          System.err.println("cio-fake: could not write the report to " + reportDir + ": " + e.getMessage());
        }
      }
      s.stop();
      System.out.println("cio-fake stopped");
    }
    stopped.countDown();
  }

  /** The version for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cio-fake " + CioFakeServer.version(), "Java " + System.getProperty("java.version")};
    }
  }
}
