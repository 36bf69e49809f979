package dev.ciofake.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.http.ImmutableRequest;
import java.io.IOException;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.Pitfall;
import dev.ciofake.internal.admin.AdminApi;
import dev.ciofake.internal.ui.WebView;
import dev.ciofake.internal.admin.AdminGuard;
import dev.ciofake.internal.app.AppApi;
import dev.ciofake.internal.chaos.ChaosEngine;
import dev.ciofake.internal.pipeline.RequestPipeline;
import dev.ciofake.internal.pipelines.PipelinesApi;
import dev.ciofake.internal.journal.RequestJournal;
import dev.ciofake.internal.pitfall.PitfallEngine;
import dev.ciofake.internal.pitfall.detectors.PitfallCatalog;
import dev.ciofake.internal.state.WebhookHooks;
import dev.ciofake.internal.validation.Validator;
import dev.ciofake.FakeClock;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.report.Reports;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.routing.Router;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.state.WorkspaceRegistry;
import dev.ciofake.internal.track.TrackV1Api;
import dev.ciofake.internal.track.TrackV2Api;
import dev.ciofake.internal.validation.BodyReader;
import dev.ciofake.internal.validation.Schemas;
import dev.ciofake.internal.webhook.DeliveryEvents;
import dev.ciofake.internal.webhook.WebhookEmitter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything behind the HTTP layer, wired together: workspaces, journal, endpoints and the request pipeline.
 * Independent of WireMock's server, so it can be built (and warmed up) while Jetty starts.
 */
public final class FakeCore {
  private final FakeClock clock;
  private final WorkspaceRegistry registry;
  private final RequestJournal journal;
  private final RequestPipeline pipeline;
  private final Reports reports;
  private final ChaosEngine chaos;
  private final WebhookEmitter webhooks;
  private final DeliveryEvents deliveryEvents;
  private final List<Endpoint> endpoints;

  public FakeCore(CioFakeOptions options, String version) {
    this(options, version, null);
  }

  /**
   * A core whose admin API serves {@code tlsPem} (the HTTPS certificate, asked for when first served: it may still be
   * in the making while the core is built) at {@code /__cio/tls/ca.pem}; {@code null} when HTTPS is off.
   */
  public FakeCore(CioFakeOptions options, String version, java.util.function.Supplier<String> tlsPem) {
    this.clock = options.clock() != null ? options.clock() : FakeClock.system();
    this.registry = new WorkspaceRegistry(options, clock);
    this.journal = new RequestJournal(options.maxJournalEntries(), options.journalBodyBytes());
    PitfallEngine engine = PitfallCatalog.standard(options.dynamicEventNameThreshold());
    this.reports = new Reports(registry, engine, version, clock);
    this.chaos = new ChaosEngine(options.chaosSeed());
    for (String rules : options.chaosRules()) {
      chaos.add(parseJsonOrYaml(rules), clock.nanoTime());
    }

    this.webhooks = new WebhookEmitter(options.webhookRetryScale(), options.webhookMaxAttempts(), clock);
    this.deliveryEvents = new DeliveryEvents(webhooks);
    if (options.webhookUrl() != null) {
      registry.defaultWorkspace().hooks().add(new WebhookHooks.Target(options.webhookUrl(), options.webhookSecret()));
    }
    Schemas schemas = Schemas.shared();
    List<Endpoint> endpoints = new ArrayList<>(TrackV1Api.endpoints());
    endpoints.addAll(TrackV2Api.endpoints());
    endpoints.addAll(PipelinesApi.endpoints());
    endpoints.addAll(AppApi.endpoints(deliveryEvents));
    AdminGuard adminGuard = new AdminGuard(options);
    endpoints.addAll(appEndpoints(options, deliveryEvents, adminGuard));
    endpoints.addAll(new AdminApi(registry, journal, reports, chaos, deliveryEvents, version, tlsPem, clock, options,
        adminGuard).endpoints());
    endpoints.addAll(new WebView().endpoints());
    endpoints.stream().filter(e -> e.check().schema() != null).forEach(e -> schemas.load(e.check().schema()));
    PipelinesApi.callSchemas().forEach(schemas::load);
    PitfallRecorder recorder = (definition, severity, exchange, message, evidence) -> {
      Pitfall p = scrubbed(PitfallRecorder.build(definition, severity, exchange, message, evidence));
      Workspace w = exchange.workspace();
      (w != null ? w.pitfalls() : registry.unattributedPitfalls()).add(p);
    };
    this.endpoints = List.copyOf(endpoints);
    this.pipeline = new RequestPipeline(new Router().addAll(endpoints), registry,
        new BodyReader(options.maxBodyBytes()), new Validator(schemas), engine, recorder, journal, chaos, clock,
        adminGuard);
  }

  /**
   * The App API beyond sends, triggers and lookups ({@link AppApi}), one package per thing that backs it: messages,
   * people (search, activities, subscriptions, objects, workspace info), segments, ESP suppressions, reporting
   * webhooks, exports, definitions (campaigns, broadcasts, newsletters, transactional, sender identities) and content.
   */
  private List<Endpoint> appEndpoints(CioFakeOptions options, DeliveryEvents events, AdminGuard guard) {
    List<Endpoint> e = new ArrayList<>();
    e.addAll(dev.ciofake.internal.app.messages.MessagesApi.endpoints());
    e.addAll(dev.ciofake.internal.app.customers.CustomersApi.endpoints());
    e.addAll(dev.ciofake.internal.app.customers.ObjectsApi.endpoints());
    e.addAll(dev.ciofake.internal.app.customers.WorkspaceInfoApi.endpoints());
    e.addAll(dev.ciofake.internal.app.segments.SegmentsApi.endpoints());
    e.addAll(dev.ciofake.internal.app.suppressions.SuppressionsApi.endpoints());
    e.addAll(new dev.ciofake.internal.app.webhooks.ReportingWebhooksApi(guard::webhookTargetProblem,
        options.webhookSecret()).endpoints());
    e.addAll(new dev.ciofake.internal.app.exports.ExportsApi(options.exportDuration(), registry::get).endpoints());
    e.addAll(dev.ciofake.internal.app.definitions.CampaignsApi.endpoints());
    e.addAll(dev.ciofake.internal.app.definitions.BroadcastsApi.endpoints());
    e.addAll(new dev.ciofake.internal.app.definitions.NewslettersApi(events).endpoints());
    e.addAll(dev.ciofake.internal.app.definitions.TransactionalApi.endpoints());
    e.addAll(dev.ciofake.internal.app.definitions.SenderIdentitiesApi.endpoints());
    e.addAll(dev.ciofake.internal.app.content.LibraryApi.endpoints());
    e.addAll(dev.ciofake.internal.app.content.DesignStudioApi.endpoints());
    e.addAll(dev.ciofake.internal.app.content.AssetsApi.endpoints());
    e.addAll(dev.ciofake.internal.app.content.ImportsApi.endpoints());
    return e;
  }

  /** A pitfall without any known key in its message or evidence (a path or a value may quote one). */
  private Pitfall scrubbed(Pitfall p) {
    var keys = registry.secrets();
    Map<String, Object> ev = new LinkedHashMap<>();
    p.evidence().forEach((k, v) -> ev.put(k, v instanceof String text ? keys.scrub(text) : v));
    return new Pitfall(p.id(), p.severity(), keys.scrub(p.message()), p.fix(), p.siteId(), p.requestId(), ev, p.at());
  }

  /** Every endpoint the router serves, in routing order: the Track, Pipelines, App and admin APIs and the web view. */
  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** The fake's clock. */
  public FakeClock clock() {
    return clock;
  }

  public WorkspaceRegistry registry() {
    return registry;
  }

  public RequestJournal journal() {
    return journal;
  }

  public RequestPipeline pipeline() {
    return pipeline;
  }

  public Reports reports() {
    return reports;
  }

  public ChaosEngine chaos() {
    return chaos;
  }

  /** Stops background work (webhook deliveries). */
  public void close() {
    webhooks.close();
  }

  /** Loaded on first use: SnakeYAML costs start-up time and only chaos rules at start need it. */
  private static final class Yaml {
    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
  }

  /**
   * Reads a JSON or YAML document (YAML is a superset of JSON).
   *
   * @throws IllegalArgumentException when it is neither, or empty
   */
  public static JsonNode parseJsonOrYaml(String text) {
    JsonNode n;
    try {
      n = Yaml.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON or YAML: " + (e instanceof JsonProcessingException j
          ? j.getOriginalMessage() : e.getMessage()), e);
    }
    if (n == null || n.isMissingNode() || n.isNull()) {
      throw new IllegalArgumentException("the document is empty");
    }
    return n;
  }

  private static final AtomicReference<CompletableFuture<Void>> WARM_UP = new AtomicReference<>();

  /**
   * Runs typical requests through a throwaway core (its own workspaces and journal) on a daemon thread, so
   * that the classes and code of the whole request path are loaded and compiled before the first real request
   * arrives. It runs once per JVM: later calls return the same future, so a second fake in the same JVM (the next
   * test class) does not pay it again. It needs no options, so it runs beside the building of the real core and
   * Jetty. (Starting it even before the CLI parses its arguments was measured and gained nothing: start-up is
   * CPU-bound on a small machine.) A warm-up that failed is forgotten, so the next start tries again; callers
   * treat it as an optimisation and start without it.
   */
  public static CompletableFuture<Void> warmUpInBackground(String version) {
    CompletableFuture<Void> f = WARM_UP.get();
    if (f != null) {
      return f;
    }
    CompletableFuture<Void> mine = new CompletableFuture<>();
    if (!WARM_UP.compareAndSet(null, mine)) {
      return WARM_UP.get();
    }
    Thread t = new Thread(() -> {
      try {
        FakeCore scratch = new FakeCore(CioFakeOptions.defaults(), version);
        try {
          warmUp(scratch);
        } finally {
          scratch.close();
        }
        mine.complete(null);
      } catch (Throwable e) {
        WARM_UP.compareAndSet(mine, null); // the next start tries again
        mine.completeExceptionally(e);
      }
    }, "cio-fake-warm-up");
    t.setDaemon(true);
    t.start();
    return mine;
  }

  private static void warmUp(FakeCore scratch) {
    String auth = "Basic " + Base64.getEncoder().encodeToString(
        (CioFakeOptions.defaults().workspaces().get(0).siteId() + ":"
            + CioFakeOptions.defaults().workspaces().get(0).trackApiKey()).getBytes(StandardCharsets.UTF_8));
    String cdp = "Basic " + Base64.getEncoder().encodeToString(
        (CioFakeOptions.defaults().workspaces().get(0).pipelinesApiKey() + ":").getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 3; i++) {
      scratch.pipeline.handle(request(RequestMethod.PUT, "/api/v1/customers/warm" + i, auth,
          "{\"email\":\"warm" + i + "@example.com\",\"created_at\":1700000000,\"plan\":\"pro\"}"));
      scratch.pipeline.handle(request(RequestMethod.POST, "/api/v1/customers/warm" + i + "/events", auth,
          "{\"name\":\"warmed_up\",\"data\":{\"n\":" + i + "},\"timestamp\":1700000000}"));
      scratch.pipeline.handle(request(RequestMethod.POST, "/api/v1/customers/warm" + i + "/events", auth,
          "{\"name\":\"warmed_up\",\"timestamp\":1700000000000}"));
      scratch.pipeline.handle(request(RequestMethod.POST, "/v1/batch", cdp,
          "{\"batch\":[{\"type\":\"identify\",\"userId\":\"warm" + i + "\",\"traits\":{\"email\":\"warm" + i
              + "@example.com\"}},{\"type\":\"track\",\"userId\":\"warm" + i + "\",\"event\":\"Warmed Up\","
              + "\"messageId\":\"warm-" + i + "\",\"timestamp\":\"2026-01-01T00:00:00Z\"}]}"));
      scratch.pipeline.handle(request(RequestMethod.GET, "/__cio/pitfalls", null, null));
    }
  }

  private static ImmutableRequest request(RequestMethod method, String path, String auth, String body) {
    ImmutableRequest.Builder b = ImmutableRequest.create()
        .withAbsoluteUrl("http://127.0.0.1" + path)
        .withMethod(method)
        .withClientIp("127.0.0.1")
        .withProtocol("HTTP/1.1");
    if (auth != null) {
      b.withHeader("Authorization", auth);
    }
    if (body != null) {
      b.withHeader("Content-Type", "application/json").withBody(body.getBytes(StandardCharsets.UTF_8));
    }
    return b.build();
  }
}
