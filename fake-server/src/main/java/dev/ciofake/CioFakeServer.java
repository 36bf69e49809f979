package dev.ciofake;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.ciofake.internal.FakeCore;
import dev.ciofake.internal.chaos.ChaosEngine;
import dev.ciofake.internal.admin.AdminApi;
import dev.ciofake.internal.pipeline.CioRequestFilter;
import dev.ciofake.internal.pipeline.DeferredProxyClients;
import dev.ciofake.internal.pipeline.EdgeServerFactory;
import dev.ciofake.internal.journal.RequestJournal;
import dev.ciofake.internal.report.HtmlReport;
import dev.ciofake.internal.report.JunitXmlReport;
import dev.ciofake.internal.report.Reports;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.tls.TlsMaterial;
import dev.ciofake.internal.state.WorkspaceRegistry;
import dev.ciofake.internal.util.SystemClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A running fake Customer.io: the Track API ({@code /api/v1}, {@code /api/v2}), the App API ({@code /v1}) and
 * the admin API ({@code /__cio}) on one port, built on WireMock.
 *
 * <pre>{@code
 * try (CioFakeServer cio = CioFakeServer.start()) {
 *   String trackUrl = cio.trackUrl();          // http://127.0.0.1:PORT/api/v1, the clients' "url" option
 *   WorkspaceCredentials creds = cio.defaultWorkspace();
 *   // ... run the integration ...
 *   assert cio.pitfalls().isEmpty();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Each workspace keeps its own people, events and pitfalls.
 */
public final class CioFakeServer implements AutoCloseable {
  private final CioFakeOptions options;
  private final WorkspaceRegistry registry;
  private final RequestJournal journal;
  private final Reports reports;
  private final ChaosEngine chaos;
  private final FakeCore core;
  private final WireMockServer wireMock;
  private final String host;
  /** The HTTPS certificate, or {@code null}; a generated keystore is deleted on stop. */
  private final TlsMaterial tls;

  private CioFakeServer(CioFakeOptions options, FakeCore core, WireMockServer wireMock, TlsMaterial tls) {
    this.tls = tls;
    this.options = options;
    this.registry = core.registry();
    this.journal = core.journal();
    this.reports = core.reports();
    this.chaos = core.chaos();
    this.core = core;
    this.wireMock = wireMock;
    this.host = options.bindAddress().equals("0.0.0.0") || options.bindAddress().equals("::")
        ? "127.0.0.1" : options.bindAddress();
  }

  /**
   * Jetty's thread pool. Small on purpose: a request never waits in the fake (chaos latency and slow bodies are
   * answered from {@link #DELAYED_RESPONSE_THREADS}), and with many clients on a small machine, more threads only
   * make more of them wait for a CPU and for the workspace's lock. The pool also holds each connector's acceptors
   * and selectors (WireMock: 3 and 2), so about 13-15 threads run requests on HTTP, about 8-10 with HTTPS as well.
   * Measured on 2 cores with 64 keep-alive clients over HTTP: p99 60-65 ms with a pool of 20, 90-100 ms with 32,
   * 180-195 ms with 64.
   */
  static final int CONTAINER_THREADS = 20;
  /**
   * WireMock's asynchronous responder: it sends delayed answers (chaos latency) when their time comes, without a
   * thread waiting meanwhile; a slow body holds one of these threads while it dribbles.
   */
  static final int DELAYED_RESPONSE_THREADS = 32;

  private static WireMockConfiguration wireMockConfig(CioFakeOptions options, CioRequestFilter filter,
      TlsMaterial tls) {
    WireMockConfiguration c = WireMockConfiguration.wireMockConfig();
    if (tls != null) {
      c.httpsPort(options.httpsPort())
          .keystorePath(tls.keystore().toString())
          .keystorePassword(tls.password())
          .keyManagerPassword(tls.password())
          .keystoreType(tls.type());
    }
    return c
        .port(options.port())
        .bindAddress(options.bindAddress())
        .disableRequestJournal()
        .gzipDisabled(true)
        .templatingEnabled(false)
        .globalTemplating(false)
        .stubCorsEnabled(false)
        .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER)
        .stubRequestLoggingDisabled(true)
        .containerThreads(CONTAINER_THREADS)
        .asynchronousResponseEnabled(true)
        .asynchronousResponseThreads(DELAYED_RESPONSE_THREADS)
        .disableOptimizeXmlFactoriesLoading(true)
        .httpClientFactory(new DeferredProxyClients())
        .httpServerFactory(new EdgeServerFactory(new EdgeServerFactory.Limits(options.maxBodyBytes(),
            options.bodyReadTimeout().toMillis(), options.minBodyDataRate())))
        .extensions(filter);
  }

  /** Starts a fake with the default options: a random loopback port and the default workspace. */
  public static CioFakeServer start() {
    return start(CioFakeOptions.defaults());
  }

  /**
   * Starts a fake with the given options; it is serving when this returns. Jetty starts on a second thread
   * while the request path is built on this one, and the once-per-JVM warm-up runs on a third, so start-up
   * costs the slowest of the three; a second fake in the same JVM skips the warm-up.
   */
  public static CioFakeServer start(CioFakeOptions options) {
    Objects.requireNonNull(options, "options");
    CioRequestFilter filter = new CioRequestFilter();
    CompletableFuture<Void> warmedUp = FakeCore.warmUpInBackground(version());
    CompletableFuture<TlsMaterial> tlsReady = new CompletableFuture<>();
    CompletableFuture<WireMockServer> jetty = new CompletableFuture<>();
    Thread starter = new Thread(() -> {
      try {
        // the certificate is made here, beside the request path being built: Jetty is the first to need it
        TlsMaterial tls = options.httpsPort() == null ? null : options.tlsKeystore() != null
            ? TlsMaterial.supplied(options.tlsKeystore(), options.tlsKeystorePassword())
            : TlsMaterial.selfSigned(java.time.Instant.ofEpochMilli(SystemClock.realMillis()));
        tlsReady.complete(tls);
        WireMockServer server = new WireMockServer(wireMockConfig(options, filter, tls));
        server.start();
        jetty.complete(server);
      } catch (Throwable t) {
        tlsReady.complete(null);
        jetty.completeExceptionally(t);
      }
    }, "cio-fake-start");
    starter.setDaemon(true);
    starter.start();
    FakeCore core;
    try {
      core = new FakeCore(options, version(), options.httpsPort() == null ? null
          : () -> tlsReady.join() == null ? null : tlsReady.join().pem());
      warmedUp.exceptionally(failed -> null).join(); // only an optimisation: never a reason not to start
    } catch (RuntimeException e) {
      jetty.thenAccept(WireMockServer::stop);
      tlsReady.thenAccept(t -> {
        if (t != null) {
          t.delete();
        }
      });
      throw e;
    }
    filter.attach(core.pipeline());
    try {
      CioFakeServer server = new CioFakeServer(options, core, jetty.join(), tlsReady.join());
      server.warmUpHttp();
      return server;
    } catch (CompletionException e) {
      TlsMaterial tls = tlsReady.join();
      if (tls != null) {
        tls.delete();
      }
      Throwable cause = e.getCause();
      throw new IllegalStateException("cio-fake could not start on " + options.bindAddress() + ":" + options.port()
          + ": " + (cause == null ? e : cause.getMessage()), cause);
    }
  }

  /**
   * One raw request through Jetty to the admin API, so Jetty's own first-request work is done before a client
   * arrives. A plain socket keeps the JDK's HTTP client classes out of start-up.
   */
  private void warmUpHttp() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port()), 2000);
      s.setSoTimeout(2000);
      s.getOutputStream().write(("GET " + AdminApi.BASE + "/health HTTP/1.1\r\nHost: " + host
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      s.getInputStream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cio-fake started but does not answer on " + baseUrl(), e);
    }
  }

  /** The version of cio-fake. */
  public static String version() {
    try (InputStream in = CioFakeServer.class.getResourceAsStream("cio-fake.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  /** The options it runs with. */
  public CioFakeOptions options() {
    return options;
  }

  /** The port it listens on. */
  public int port() {
    return wireMock.port();
  }

  /** {@code http://host:port}, the root every API shares. */
  public String baseUrl() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** The HTTPS port, or -1 when HTTPS is off. */
  public int httpsPort() {
    return options.httpsPort() == null ? -1 : wireMock.httpsPort();
  }

  /** {@code https://host:httpsPort}, or {@code null} when HTTPS is off. */
  public String httpsBaseUrl() {
    return options.httpsPort() == null ? null
        : "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + httpsPort();
  }

  /** The Track API base as the official clients' {@code url} option takes it: {@code http://host:port/api/v1}. */
  public String trackUrl() {
    return baseUrl() + "/api/v1";
  }

  /** The App API base as the official clients' {@code url} option takes it: {@code http://host:port/v1}. */
  public String appUrl() {
    return baseUrl() + "/v1";
  }

  /** The admin API base: {@code http://host:port/__cio}. */
  public String adminUrl() {
    return baseUrl() + AdminApi.BASE;
  }

  /** The credentials of the default workspace (the first configured). */
  public WorkspaceCredentials defaultWorkspace() {
    return registry.defaultWorkspace().credentials();
  }

  /** A handle on the default workspace: URLs, credentials and what the fake saw. */
  public CioFake fake() {
    return new CioFake(baseUrl(), defaultWorkspace(), options.adminToken());
  }

  /** A handle on the workspace with this site id. */
  public CioFake fake(String siteId) {
    Workspace w = registry.get(siteId);
    if (w == null) {
      throw new IllegalArgumentException("no workspace with site id " + siteId);
    }
    return new CioFake(baseUrl(), w.credentials(), options.adminToken());
  }

  /** Creates a workspace with generated credentials and returns a handle on it (one per parallel test). */
  public CioFake newFake() {
    return new CioFake(baseUrl(), createWorkspace(), options.adminToken());
  }

  /** The credentials of every workspace. */
  public List<WorkspaceCredentials> workspaces() {
    List<WorkspaceCredentials> out = new ArrayList<>();
    registry.all().forEach(w -> out.add(w.credentials()));
    return out;
  }

  /** Adds a workspace with generated site id and keys; its state is isolated from every other. */
  public WorkspaceCredentials createWorkspace() {
    return registry.createGenerated(null).credentials();
  }

  /** Adds a workspace with the given credentials. */
  public WorkspaceCredentials createWorkspace(WorkspaceCredentials credentials) {
    return registry.create(credentials).credentials();
  }

  /**
   * Every pitfall across workspaces, oldest first: those recorded on requests, and those judged over the run
   * (such as {@code anonymous-not-merged}), computed now.
   */
  public List<Pitfall> pitfalls() {
    return reports.allPitfalls();
  }

  /** The pitfalls of one workspace: recorded ones oldest first, then those judged over the run. */
  public List<Pitfall> pitfalls(String siteId) {
    Workspace w = registry.get(siteId);
    if (w == null) {
      throw new IllegalArgumentException("no workspace with site id " + siteId);
    }
    return reports.pitfalls(w);
  }

  /**
   * Writes the integration report in its three formats into {@code dir} (created when missing):
   * {@code cio-fake-report.json}, {@code cio-fake-report.xml} (JUnit) and {@code cio-fake-report.html}.
   *
   * @return the files written
   */
  public List<Path> writeReports(Path dir) throws IOException {
    Files.createDirectories(dir);
    var report = reports.report(null);
    Path json = dir.resolve("cio-fake-report.json");
    Path xml = dir.resolve("cio-fake-report.xml");
    Path html = dir.resolve("cio-fake-report.html");
    var keys = registry.secrets(); // a report shows what clients sent, never the keys in it
    Files.write(json, keys.scrub(report.toPrettyString().getBytes(StandardCharsets.UTF_8)));
    Files.write(xml, keys.scrub(JunitXmlReport.render(report).getBytes(StandardCharsets.UTF_8)));
    Files.write(html, keys.scrub(HtmlReport.render(report).getBytes(StandardCharsets.UTF_8)));
    return List.of(json, xml, html);
  }

  /**
   * Adds chaos rules from a JSON or YAML document: one rule, a list, or {@code {seed, rules: [...]}} (the format of
   * {@code POST /__cio/chaos}; see {@link Chaos} for the Java form).
   *
   * @throws IllegalArgumentException for a bad rule, naming the field at fault
   */
  public void addChaos(String jsonOrYaml) {
    chaos.add(FakeCore.parseJsonOrYaml(jsonOrYaml), core.clock().nanoTime());
  }

  /**
   * The clock the fake lives by: {@code clock().advance(Duration.ofMinutes(2))} moves every window, grace period and
   * webhook schedule forward at once.
   */
  public FakeClock clock() {
    return core.clock();
  }

  /** Forgets all people, events, pitfalls and journal entries; keeps workspaces and settings. */
  public void reset() {
    registry.resetAll();
    journal.clear();
  }

  /** Forgets the people, events and pitfalls of one workspace. */
  public void reset(String siteId) {
    Workspace w = registry.get(siteId);
    if (w == null) {
      throw new IllegalArgumentException("no workspace with site id " + siteId);
    }
    w.reset();
  }

  /** Whether it is serving. */
  public boolean isRunning() {
    return wireMock.isRunning();
  }

  /** Stops serving. Idempotent. */
  public void stop() {
    if (wireMock.isRunning()) {
      wireMock.stop();
    }
    core.close();
    if (tls != null) {
      tls.delete(); // the private key does not outlive the fake (a JVM halted after stop runs no exit hooks)
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }
}
