package dev.ciofake.internal;

import com.github.tomakehurst.wiremock.http.ImmutableRequest;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.Pitfall;
import dev.ciofake.internal.admin.AdminApi;
import dev.ciofake.internal.app.AppApi;
import dev.ciofake.internal.http.RequestPipeline;
import dev.ciofake.internal.journal.RequestJournal;
import dev.ciofake.internal.pitfall.PitfallEngine;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Everything behind the HTTP layer, wired together: workspaces, journal, endpoints and the request pipeline.
 * Independent of WireMock's server, so it can be built (and warmed up) while Jetty starts.
 */
public final class FakeCore {
  private final WorkspaceRegistry registry;
  private final RequestJournal journal;
  private final RequestPipeline pipeline;
  private final Reports reports;

  public FakeCore(CioFakeOptions options, String version) {
    this.registry = new WorkspaceRegistry(options);
    this.journal = new RequestJournal(options.maxJournalEntries(), options.journalBodyBytes());
    PitfallEngine engine = PitfallEngine.standard(options.dynamicEventNameThreshold());
    this.reports = new Reports(registry, engine, version);
    Schemas schemas = Schemas.shared();
    List<Endpoint> endpoints = new ArrayList<>(TrackV1Api.endpoints());
    endpoints.addAll(TrackV2Api.endpoints());
    endpoints.addAll(AppApi.endpoints());
    endpoints.addAll(new AdminApi(registry, journal, reports, version).endpoints());
    endpoints.stream().filter(e -> e.schema() != null).forEach(e -> schemas.load(e.schema()));
    PitfallRecorder recorder = (definition, severity, exchange, message, evidence) -> {
      Pitfall p = PitfallRecorder.build(definition, severity, exchange, message, evidence);
      Workspace w = exchange.workspace();
      (w != null ? w.pitfalls() : registry.unattributedPitfalls()).add(p);
    };
    this.pipeline = new RequestPipeline(new Router().addAll(endpoints), registry,
        new BodyReader(options.maxBodyBytes()), schemas, engine, recorder, journal);
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

  /**
   * Runs typical requests through a throwaway core (its own workspaces and journal), so that the classes and
   * code of the whole request path are loaded and compiled before the first real request arrives.
   */
  public static void warmUp(String version) {
    FakeCore scratch = new FakeCore(CioFakeOptions.defaults(), version);
    String auth = "Basic " + Base64.getEncoder().encodeToString(
        (CioFakeOptions.defaults().workspaces().get(0).siteId() + ":"
            + CioFakeOptions.defaults().workspaces().get(0).trackApiKey()).getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 3; i++) {
      scratch.pipeline.handle(request(RequestMethod.PUT, "/api/v1/customers/warm" + i, auth,
          "{\"email\":\"warm" + i + "@example.com\",\"created_at\":1700000000,\"plan\":\"pro\"}"));
      scratch.pipeline.handle(request(RequestMethod.POST, "/api/v1/customers/warm" + i + "/events", auth,
          "{\"name\":\"warmed_up\",\"data\":{\"n\":" + i + "},\"timestamp\":1700000000}"));
      scratch.pipeline.handle(request(RequestMethod.POST, "/api/v1/customers/warm" + i + "/events", auth,
          "{\"name\":\"warmed_up\",\"timestamp\":1700000000000}"));
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
