package dev.ciofake.internal.pipeline;

import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.concurrent.CompletableFuture;

/**
 * The single WireMock hook of cio-fake: every stub request is answered here, before WireMock's stub matching
 * and journal, which are the most expensive parts of a WireMock request. WireMock still renders the response,
 * so its delays and connection faults remain available to chaos.
 */
public final class CioRequestFilter implements RequestFilterV2 {
  private final CompletableFuture<RequestPipeline> pipeline = new CompletableFuture<>();

  /** A filter whose pipeline is attached later: the server and the pipeline are built in parallel. */
  public CioRequestFilter() {}

  /** Attaches the pipeline; requests that arrived before wait for it. */
  public void attach(RequestPipeline p) {
    pipeline.complete(p);
  }

  /**
   * Serves the request from the serve event's copy of it when there is one: WireMock has already read the request's
   * headers into it (its {@code LoggedRequest}), where the live request would read and copy them again from the
   * servlet on every {@code getHeaders()} and {@code header(name)}.
   */
  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    Request read = serveEvent != null && serveEvent.getRequest() != null ? serveEvent.getRequest() : request;
    return RequestFilterAction.stopWith(pipeline.join().handle(read, BodyGate.current()).toResponseDefinition());
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
