package dev.ciofake.internal.http;

import com.github.tomakehurst.wiremock.http.Request;
import dev.ciofake.RateLimit;
import dev.ciofake.internal.admin.AdminApi;
import dev.ciofake.internal.app.AppResponses;
import dev.ciofake.internal.auth.AuthOutcome;
import dev.ciofake.internal.auth.Authenticator;
import dev.ciofake.internal.chaos.ChaosEngine;
import dev.ciofake.internal.chaos.ChaosRule;
import dev.ciofake.internal.journal.RequestJournal;
import dev.ciofake.internal.pitfall.PitfallEngine;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.ratelimit.RateLimiters;
import dev.ciofake.internal.routing.Api;
import dev.ciofake.internal.routing.RateClass;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.routing.Router;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.state.WorkspaceRegistry;
import dev.ciofake.internal.track.TrackResponses;
import dev.ciofake.internal.validation.BodyReader;
import dev.ciofake.internal.validation.Rule;
import dev.ciofake.internal.validation.Schemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one path every request takes, in one direction:
 *
 * <pre>
 * route -> authenticate -> chaos -> rate limit -> read body -> schema -> rules -> apply to state
 *       -> respond -> detect pitfalls -> journal
 * </pre>
 *
 * Each stage is a small object; a stage that rejects sets the response in the endpoint's real error shape and
 * the remaining stages up to "respond" are skipped. Nothing a client sends produces a 500: an unexpected
 * exception is the fake's own bug and is answered with a JSON 500 that says so.
 */
public final class RequestPipeline {
  private static final Logger LOG = Logger.getLogger(RequestPipeline.class.getName());
  /** Header that carries the fake's request id, for correlating a response with the journal and pitfalls. */
  public static final String REQUEST_ID_HEADER = "X-CIO-Fake-Request-Id";

  private final Router router;
  private final Authenticator authenticator;
  private final WorkspaceRegistry registry;
  private final BodyReader bodyReader;
  private final Schemas schemas;
  private final PitfallEngine pitfalls;
  private final PitfallRecorder recorder;
  private final RequestJournal journal;
  private final ChaosEngine chaos;
  private final AtomicLong requestIds = new AtomicLong();

  public RequestPipeline(Router router, WorkspaceRegistry registry, BodyReader bodyReader, Schemas schemas,
      PitfallEngine pitfalls, PitfallRecorder recorder, RequestJournal journal, ChaosEngine chaos) {
    this.chaos = chaos;
    this.router = router;
    this.registry = registry;
    this.authenticator = new Authenticator(registry);
    this.bodyReader = bodyReader;
    this.schemas = schemas;
    this.pitfalls = pitfalls;
    this.recorder = recorder;
    this.journal = journal;
  }

  /** Serves one WireMock request. */
  public ApiResponse handle(Request request) {
    ApiRequest req = new ApiRequest("req_" + requestIds.incrementAndGet(), request, ConnectionIds.current());
    Exchange ex = new Exchange(req);
    try {
      process(ex);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "cio-fake bug while serving " + req.method() + " " + req.rawPath(), e);
      ex.response(ApiResponse.json(500, Json.compact(Map.of("meta", Map.of("error",
          "internal error in cio-fake (not a Customer.io behaviour); request " + req.id()
              + " - please report it with the request from GET /__cio/requests"))), TrackResponses.HEADERS));
    }
    ApiResponse response = ex.response().withHeader(REQUEST_ID_HEADER, req.id());
    if (ex.chaosDelayMillis() > 0) {
      response = response.withDelay(ex.chaosDelayMillis());
    }
    if (ex.chaosSlowBodyMillis() > 0) {
      response = response.withSlowBody(ex.chaosSlowBodyMillis());
    }
    ex.response(response);
    if (ex.api() != Api.ADMIN) {
      if (ex.workspace() != null) {
        ex.workspace().countRequest(response.status() >= 400);
      }
      pitfalls.inspect(ex, recorder);
      journal.record(ex);
    }
    return response;
  }

  private void process(Exchange ex) {
    ApiRequest req = ex.request();
    Router.Match match = router.match(req.method(), req.rawPath());
    if (match instanceof Router.NotFound) {
      notFound(ex);
      return;
    }
    if (match instanceof Router.WrongMethod && apiOf(req.rawPath()) == Api.APP) {
      notFound(ex); // the real App API serves other methods on modelled paths (POST /v1/customers is a search)
      return;
    }
    if (match instanceof Router.WrongMethod wm) {
      ex.api(apiOf(req.rawPath()));
      reject(ex, shapeOf(ex.api()), Violation.of("route", "method", req.method(), req.method()
          + " is not allowed on " + req.rawPath() + "; allowed: " + String.join(", ", wm.allowed())).withStatus(405));
      return;
    }
    if (match instanceof Router.BadEscape be) {
      ex.route(be.endpoint(), Map.of());
      reject(ex, be.endpoint().errorShape(), Violation.of("identifier", "path", req.rawPath(), be.message()));
      return;
    }
    Router.Found found = (Router.Found) match;
    Endpoint endpoint = found.endpoint();
    ex.route(endpoint, found.params());

    if (!authenticate(ex)) {
      return;
    }
    retryTooSoon(ex);
    if (!chaos(ex)) {
      return;
    }
    if (!rateLimit(ex)) {
      return;
    }

    bodyReader.read(ex);
    if (!ex.rejected() && endpoint.schema() != null && ex.body() != null) {
      schemas.validate(endpoint.schema(), ex.body()).forEach(ex::addViolation);
    }
    if (!ex.rejected()) {
      for (Rule rule : endpoint.rules()) {
        rule.check(ex);
      }
    }
    if (ex.rejected()) {
      reject(ex, endpoint.errorShape(), null);
      return;
    }
    try {
      ex.response(endpoint.handler().apply(ex));
    } catch (StateRejection sr) {
      reject(ex, endpoint.errorShape(), Violation.of("state", sr.field(), null, sr.getMessage()).withStatus(sr.status()));
    }
  }

  private boolean authenticate(Exchange ex) {
    Endpoint endpoint = ex.endpoint();
    if (endpoint.api() == Api.ADMIN) {
      ex.auth(new AuthOutcome(AuthOutcome.Status.NOT_REQUIRED, null, null, AuthOutcome.KeyKind.NONE, null));
      return true;
    }
    if (!endpoint.authenticated()) {
      // Open endpoints take the workspace of valid credentials when a client sends them, else the default one.
      Authenticator.Result r = ex.request().header("Authorization") == null ? null
          : authenticator.authenticate(endpoint.api(), ex.request());
      ex.auth(new AuthOutcome(AuthOutcome.Status.NOT_REQUIRED, null, null, AuthOutcome.KeyKind.NONE, null));
      ex.workspace(r != null && r.workspace() != null ? r.workspace() : registry.defaultWorkspace());
      return true;
    }
    Authenticator.Result r = authenticator.authenticate(endpoint.api(), ex.request());
    ex.auth(r.outcome());
    if (!r.outcome().ok()) {
      ex.workspace(r.outcome().claimedSiteId() == null ? null : registry.get(r.outcome().claimedSiteId()));
      reject(ex, endpoint.api() == Api.APP ? ErrorShape.APP_ERRORS
          : endpoint.api() == Api.TRACK_V2 ? ErrorShape.TRACK_V2_ERRORS : ErrorShape.META_ERROR,
          Violation.of("auth", "Authorization", null, r.outcome().detail()).withStatus(401));
      return false;
    }
    ex.workspace(r.workspace());
    return true;
  }

  private static String client(ApiRequest req) {
    return req.clientIp() + "|" + req.header("User-Agent");
  }

  /** The client and the request (method, path, query, body): what a retry of the same request has in common. */
  private static String retryKey(ApiRequest req) {
    return client(req) + "\n" + req.method() + " " + req.rawPath() + "?" + req.rawQuery() + "#"
        + java.util.Arrays.hashCode(req.body()) + "/" + req.body().length;
  }

  /** Notes a client that came back before the Retry-After it was given (by a 429 or an injected error). */
  private void retryTooSoon(Exchange ex) {
    Workspace w = ex.workspace();
    if (w == null || !w.rateLimiters().anyRetryAfterGiven()) {
      return;
    }
    ApiRequest req = ex.request();
    RateLimiters.RetryTooSoon early = w.rateLimiters().retryTooSoon(retryKey(req), req.receivedAtNanos());
    if (early != null) {
      ex.addEffect(new Effect.RetriedTooSoon(early.retryAfterSeconds(), early.elapsedMillis(),
          early.rateLimitedRequestId(), req.header("X-Retry-Count")));
    }
  }

  /**
   * Applies the first chaos rule that fires: latency and slow bodies let the request go on; errors, 429 storms,
   * outages and connection faults answer at once. Every injected fault is marked on the exchange (and so in the
   * journal and the {@code X-CIO-Fake-Chaos} header).
   */
  private boolean chaos(Exchange ex) {
    if (chaos.isEmpty() || ex.api() == Api.ADMIN) { // the admin API is never disturbed
      return true;
    }
    ApiRequest req = ex.request();
    ChaosRule rule = chaos.firing(ex.api().family(), req.method(), req.rawPath(), ex.siteId(), req.receivedAtNanos());
    if (rule == null) {
      return true;
    }
    ChaosRule.Effect effect = rule.effect();
    if (effect instanceof ChaosRule.Latency) {
      long ms = rule.drawLatency();
      ex.chaosDelayMillis(ms);
      ex.injectedFault(rule.id() + ": latency " + ms + " ms");
      return true;
    }
    if (effect instanceof ChaosRule.SlowBody sb) {
      ex.chaosSlowBodyMillis(sb.durationMs());
      ex.injectedFault(rule.id() + ": " + sb.describe());
      return true;
    }
    ex.injectedFault(rule.id() + ": " + effect.describe());
    if (effect instanceof ChaosRule.ConnectionFault cf) {
      ex.response(ApiResponse.empty(500, Map.of()).withFault(cf.fault()).withHeader("X-CIO-Fake-Chaos", rule.id()));
      return false;
    }
    ChaosRule.Error err = (ChaosRule.Error) effect;
    reject(ex, ex.endpoint().errorShape(), Violation.of("chaos", null, null, chaosMessage(err.status()))
        .withStatus(err.status()));
    ApiResponse r = ex.response().withHeader("X-CIO-Fake-Chaos", rule.id());
    if (err.retryAfter() != null) {
      r = r.withHeader("Retry-After", String.valueOf(err.retryAfter()));
      if (ex.workspace() != null) {
        ex.workspace().rateLimiters().rememberRetryAfter(retryKey(req), err.retryAfter(), req.id(),
            req.receivedAtNanos(), false);
      }
    }
    ex.response(r);
    return false;
  }

  private static String chaosMessage(int status) {
    switch (status) {
      case 429:
        return "Too Many Requests";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      case 504:
        return "Gateway Timeout";
      default:
        return "Internal Server Error";
    }
  }

  /** Draws a token from the workspace's bucket of the endpoint's class; answers 429 with Retry-After when empty. */
  private boolean rateLimit(Exchange ex) {
    RateClass c = ex.endpoint().rateClass();
    Workspace w = ex.workspace();
    if (c == null || w == null) {
      return true;
    }
    ApiRequest req = ex.request();
    RateLimiters.Outcome o = w.rateLimiters().acquire(c, retryKey(req), req.id(), req.receivedAtNanos());
    if (o.admitted()) {
      return true;
    }
    ex.addEffect(new Effect.RateLimited(c.key(), o.limit().toString(), o.retryAfterSeconds(), o.newBurst()));
    String message = ex.api() == Api.APP && c == RateClass.APP
        ? "Your request is over the " + o.limit().requests() + "-per-" + windowWords(o.limit()) + " limit."
        : "rate limit exceeded: this workspace's " + c.key() + " requests are limited to " + o.limit()
            + "; retry after " + o.retryAfterSeconds() + " s";
    reject(ex, ex.endpoint().errorShape(), Violation.of("rate-limit", null, null, message).withStatus(429));
    ex.response(ex.response().withHeader("Retry-After", String.valueOf(o.retryAfterSeconds())));
    return false;
  }

  private static String windowWords(RateLimit l) {
    long ms = l.window().toMillis();
    return ms == 1000 ? "second" : ms % 1000 == 0 ? (ms / 1000) + "-seconds" : ms + "-milliseconds";
  }

  private void notFound(Exchange ex) {
    ApiRequest req = ex.request();
    Api api = apiOf(req.rawPath());
    ex.api(api);
    if (api != Api.ADMIN && req.header("Authorization") != null) {
      // attribute the mistake to the workspace whose valid credentials came with it
      ex.workspace(authenticator.authenticate(api, req).workspace());
    }
    String message;
    switch (api) {
      case APP:
        message = "not found: cio-fake does not model the App API endpoint " + req.method() + " " + req.rawPath()
            + " (this is the fake's limit, not a Customer.io 404; see GET /__cio/health for what it covers)";
        break;
      case ADMIN:
        message = "no admin endpoint " + req.method() + " " + req.rawPath();
        break;
      default:
        message = "no Track API endpoint " + req.method() + " " + req.rawPath();
    }
    reject(ex, shapeOf(api), Violation.of(api == Api.APP ? "unmodelled" : "route", "path", req.rawPath(), message)
        .withStatus(404));
  }

  private static Api apiOf(String rawPath) {
    if (rawPath.startsWith("/__cio")) {
      return Api.ADMIN;
    }
    if (rawPath.startsWith("/v1/") || rawPath.equals("/v1")) {
      return Api.APP;
    }
    if (rawPath.startsWith("/api/v2/")) {
      return Api.TRACK_V2;
    }
    return Api.TRACK_V1;
  }

  private static ErrorShape shapeOf(Api api) {
    switch (api) {
      case APP:
        return ErrorShape.APP_ERRORS;
      case ADMIN:
        return ErrorShape.ADMIN;
      case TRACK_V2:
        return ErrorShape.TRACK_V2_ERRORS;
      default:
        return ErrorShape.TRACK_META_ERRORS;
    }
  }

  /** Sets the error response: the extra violation (if any) is added, and every rejecting one is rendered. */
  private static void reject(Exchange ex, ErrorShape shape, Violation extra) {
    if (extra != null) {
      ex.addViolation(extra);
    }
    List<Violation> rejecting = new ArrayList<>();
    int status = 400;
    for (Violation v : ex.violations()) {
      if (v.rejectsRequest()) {
        if (rejecting.isEmpty()) {
          status = v.status();
        }
        rejecting.add(v);
      }
    }
    if (ex.api() == Api.APP) {
      ex.response(ApiResponse.json(status, shape.render(rejecting, status), AppResponses.HEADERS));
    } else if (ex.api() == Api.ADMIN) {
      ex.response(ApiResponse.json(status, shape.render(rejecting, status), AdminApi.HEADERS));
    } else {
      ex.response(TrackResponses.error(status, shape, rejecting));
    }
  }
}
