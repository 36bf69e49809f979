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
import dev.ciofake.internal.util.RawHttp;
import java.util.Map;
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
 * A running fake Customer.io in this JVM: the Track API ({@code /api/v1}, {@code /api/v2}), the App API ({@code /v1})
 * and the admin API ({@code /__cio}) on one port, built on WireMock. The server is about the whole fake: its life,
 * its clock, the reports and reset across workspaces; everything about one workspace (URLs, credentials, people,
 * events, pitfalls, chaos, webhooks) is on that workspace's {@link CioFake}, which works the same against a container.
 *
 * <pre>{@code
 * try (CioFakeServer server = CioFakeServer.start()) {
 *   CioFake cio = server.fake();               // the default workspace
 *   String trackUrl = cio.trackUrl();          // http://127.0.0.1:PORT/api/v1, the clients' "url" option
 *   // ... run the integration with cio.siteId() and cio.trackApiKey() ...
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
            options.bodyReadTimeout().toMillis(), options.minBodyDataRate()), filter))
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
    try {
      RawHttp.exchange(baseUrl(), "GET", AdminApi.BASE + "/health", Map.of(), null, 2000);
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

  /** A handle on the default workspace: URLs, credentials and what the fake saw. */
  public CioFake fake() {
    return new CioFake(baseUrl(), registry.defaultWorkspace().credentials(), options.adminToken());
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
    return new CioFake(baseUrl(), registry.createGenerated(null).credentials(), options.adminToken());
  }

  /**
   * Creates a workspace with these credentials and returns a handle on it.
   *
   * @throws IllegalArgumentException when the site id or a key is already used by another workspace
   */
  public CioFake newFake(WorkspaceCredentials credentials) {
    return new CioFake(baseUrl(), registry.create(credentials).credentials(), options.adminToken());
  }

  /** Handles on every workspace, the default one first. */
  public List<CioFake> fakes() {
    List<CioFake> out = new ArrayList<>();
    registry.all().forEach(w -> out.add(new CioFake(baseUrl(), w.credentials(), options.adminToken())));
    return out;
  }

  /**
   * Every pitfall across workspaces, oldest first: those recorded on requests, and those judged over the run
   * (such as {@code anonymous-not-merged}), computed now.
   */
  public List<Pitfall> pitfalls() {
    return reports.allPitfalls();
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
   * The clock the fake lives by: {@code clock().advance(Duration.ofMinutes(2))} moves every window, grace period and
   * webhook schedule forward at once.
   */
  public FakeClock clock() {
    return core.clock();
  }

  /**
   * Forgets every workspace's people, events, pitfalls and deliveries, and the request journal; keeps workspaces,
   * settings and chaos rules. One workspace is reset through its handle ({@code fake(siteId).reset()}).
   */
  public void reset() {
    registry.resetAll();
    journal.clear();
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
