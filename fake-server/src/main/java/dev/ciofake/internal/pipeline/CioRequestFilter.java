package dev.ciofake.internal.pipeline;

import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.concurrent.CompletableFuture;

/**
 * The single WireMock hook of cio-fake. Most requests are answered by the edge before WireMock sees them
 * ({@link BodyGate}'s direct path); what reaches this filter is an answer that needs WireMock's renderer (chaos
 * delays, slow bodies and connection faults), which the edge hands over ready, or a request that did not come
 * through the edge, which is served here. Either way it stops WireMock before its stub matching and journal.
 */
public final class CioRequestFilter implements RequestFilterV2 {
  private final CompletableFuture<RequestPipeline> pipeline = new CompletableFuture<>();

  /** A filter whose pipeline is attached later: the server and the pipeline are built in parallel. */
  public CioRequestFilter() {}

  /** Attaches the pipeline; requests that arrived before wait for it. */
  public void attach(RequestPipeline p) {
    pipeline.complete(p);
  }

  /** The pipeline, once attached (until then, waits for it). */
  RequestPipeline pipeline() {
    return pipeline.join();
  }

  /**
   * Hands WireMock the answer the edge made; a request that did not come through the edge is served from the serve
   * event's copy of it ({@code LoggedRequest}, whose headers WireMock has already read).
   */
  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    dev.ciofake.internal.http.ApiResponse answered = BodyGate.answered();
    if (answered != null) {
      return RequestFilterAction.stopWith(answered.toResponseDefinition()); // the edge ran the pipeline already
    }
    // a request that did not come through the edge (none does on the fake's own server) is served as WireMock read it
    Request read = serveEvent != null && serveEvent.getRequest() != null ? serveEvent.getRequest() : request;
    return RequestFilterAction.stopWith(pipeline.join().handle(read).toResponseDefinition());
  }

  @Override
  public boolean applyToAdmin() {
    return false;
  }

  @Override
  public boolean applyToStubs() {
    return true;
  }

  @Override
  public String getName() {
    return "cio-fake";
  }
}
