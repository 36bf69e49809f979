package dev.ciofake.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Request;
import dev.ciofake.internal.http.RawRequest;
import dev.ciofake.FakeClock;
import dev.ciofake.RateClass;
import dev.ciofake.RateLimit;
import dev.ciofake.WorkspaceSettings;
import dev.ciofake.internal.admin.AdminGuard;
import dev.ciofake.internal.auth.AuthOutcome;
import dev.ciofake.internal.auth.Authenticator;
import dev.ciofake.internal.chaos.ChaosEngine;
import dev.ciofake.internal.chaos.ChaosRule;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiRequest;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.ConnectionIds;
import dev.ciofake.internal.http.EdgeRead;
import dev.ciofake.internal.http.ErrorShape;
import dev.ciofake.internal.http.Route;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.journal.RequestJournal;
import dev.ciofake.internal.pitfall.PitfallEngine;
import dev.ciofake.internal.pitfall.PitfallRecorder;
import dev.ciofake.internal.ratelimit.RateLimiters;
import dev.ciofake.internal.ratelimit.RetryAfterLedger;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.routing.Router;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.state.WorkspaceRegistry;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.validation.BodyReader;
import dev.ciofake.internal.validation.NearLimit;
import dev.ciofake.internal.validation.RuleInput;
import dev.ciofake.internal.validation.Validator;
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
 * route -> authenticate -> chaos -> rate limit -> read body -> validate (schema, rules; per operation of a batch)
 *       -> apply to state -> respond -> Retry-After ledger -> detect pitfalls -> journal
 * </pre>
 *
 * Each stage reads what earlier stages put on the {@link Exchange} and adds its own; a stage that rejects sets the
 * response and the request goes straight to "respond". The error envelope comes from the route (the endpoint's, or
 * its API's for authentication failures and unknown paths): no stage picks one. Nothing a client sends produces a
 * 500: an unexpected exception is the fake's own bug and is answered with a JSON 500 that says so.
 *
 * <p>Why one class of about 600 lines: it is the stages' order and their hand-offs, kept in one file so the path
 * reads top to bottom as the diagram above; each stage's own logic is in its package (auth, chaos, ratelimit,
 * validation, pitfall, journal), and what remains here is the wiring and the per-stage rejections.
 */
public final class RequestPipeline {
  private static final Logger LOG = Logger.getLogger(RequestPipeline.class.getName());
  /** Header that carries the fake's request id, for correlating a response with the journal and pitfalls. */
  public static final String REQUEST_ID_HEADER = "X-CIO-Fake-Request-Id";
  /** Header that names the chaos rule that answered a request. */
  public static final String CHAOS_HEADER = "X-CIO-Fake-Chaos";

  /** The one admin operation whose answer shows keys: creating a workspace hands its new keys to the caller. */
  private static final String REVEALS_KEYS = "create_workspace";

  private final Router router;
  private final Authenticator authenticator;
  private final WorkspaceRegistry registry;
  private final BodyReader bodyReader;
  private final Validator validator;
  private final PitfallEngine pitfalls;
  private final PitfallRecorder recorder;
  private final RequestJournal journal;
  private final ChaosEngine chaos;
  private final FakeClock clock;
  private final AdminGuard adminGuard;
  private final AtomicLong requestIds = new AtomicLong();

  public RequestPipeline(Router router, WorkspaceRegistry registry, BodyReader bodyReader, Validator validator,
      PitfallEngine pitfalls, PitfallRecorder recorder, RequestJournal journal, ChaosEngine chaos, FakeClock clock,
      AdminGuard adminGuard) {
    this.adminGuard = adminGuard;
    this.router = router;
    this.registry = registry;
    this.authenticator = new Authenticator(registry);
    this.bodyReader = bodyReader;
    this.validator = validator;
    this.pitfalls = pitfalls;
    this.recorder = recorder;
    this.journal = journal;
    this.chaos = chaos;
    this.clock = clock;
  }

  /** Serves one WireMock request that did not come through the HTTP edge (a warm-up, a test). */
  public ApiResponse handle(Request request) {
    return handle(RawRequest.of(request), null);
  }

  /** Serves one request read by {@code request} (the edge's direct path reads the servlet's) with what the edge read. */
  public ApiResponse handle(RawRequest request, EdgeRead edge) {
    ApiRequest req = new ApiRequest(ApiRequest.idOf(requestIds.incrementAndGet()), request, edge,
        edge != null && edge.connection() != null ? edge.connection() : ConnectionIds.current(), clock);
    Exchange ex = new Exchange(req);
    try {
      permissive(ex, process(ex));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "cio-fake bug while serving " + req.method() + " " + req.rawPath(), e);
      Api api = ex.api() == null ? Api.ofPath(req.rawPath()) : ex.api();
      ex.response(ApiResponse.json(500, Json.compact(Map.of("meta", Map.of("error",
          "internal error in cio-fake (not a Customer.io behaviour); request " + req.id()
              + " - please report it with the request from GET /__cio/requests"))), api.headers()));
    }
    ApiResponse response = ex.response().withHeader(REQUEST_ID_HEADER, req.id());
    if ((ex.api() == Api.ADMIN && !REVEALS_KEYS.equals(ex.operation())) || response.status() >= 400) {
      // the admin API shows requests, people and reports as clients sent them, and an error may quote what the
      // client sent: never the keys in them
      byte[] body = response.body();
      byte[] scrubbed = registry.secrets().scrub(body);
      if (scrubbed != body) {
        response = response.withBody(scrubbed);
      }
    }
    if (ex.chaosDelayMillis() > 0) {
      response = response.withDelay(ex.chaosDelayMillis());
    }
    if (ex.chaosSlowBodyMillis() > 0) {
      response = response.withSlowBody(ex.chaosSlowBodyMillis());
    }
    ex.response(response);
    if (ex.api() != Api.ADMIN) {
      Workspace w = ex.workspace();
      if (w != null && ex.api() == Api.PIPELINES) {
        w.pipelinesCalls().arrived(req.receivedAtMillis());
      }
      if (w != null) {
        w.countRequest(response.status() >= 400);
        rememberRetryAfter(ex, w);
      }
      pitfalls.inspect(ex, recorder);
      journal.record(ex);
    }
    return response;
  }

  /** Runs the stages; returns the endpoint the request matched, or {@code null}. */
  private Endpoint process(Exchange ex) {
    Endpoint endpoint = route(ex);
    if (endpoint == null || !authenticate(ex, endpoint)) {
      return endpoint;
    }
    if (ex.workspace() != null && ex.api() != Api.ADMIN) {
      retryTooSoon(ex);
    }
    if (!chaos(ex) || !rateLimit(ex)) {
      return endpoint;
    }
    List<Violation> bodyProblems = new ArrayList<>(1);
    JsonNode body = bodyReader.read(ex.request(), endpoint.body(), endpoint.maxBodyBytes(),
        endpoint.requireJsonContentType(), bodyProblems);
    ex.addViolations(bodyProblems);
    ex.body(body);
    if (ex.rejected()) {
      reject(ex, null);
      return endpoint;
    }
    RuleInput input = RuleInput.of(body, ex.route().params(), ex.request().query(), settings(ex),
        ex.request().receivedAtMillis());
    validator.validate(endpoint.check(), input);
    ex.addViolations(input.violations());
    if (ex.rejected()) {
      reject(ex, null);
      return endpoint;
    }
    try {
      if (endpoint.operations() != null && !operations(ex, endpoint.operations(), input)) {
        return endpoint;
      }
      ex.response(endpoint.handler().apply(ex));
    } catch (StateRejection sr) {
      reject(ex, Violation.of("state", sr.field(), null, sr.getMessage()).withStatus(sr.status()));
    }
    return endpoint;
  }

  // ---------------------------------------------------------------- 1. route

  /** Finds the endpoint, or answers 404/405 in the API's shape and returns {@code null}. */
  private Endpoint route(Exchange ex) {
    ApiRequest req = ex.request();
    Router.Match match = router.match(req.method(), req.rawPath());
    if (match instanceof Router.Found found) {
      ex.route(found.endpoint().route(found.params()));
      return found.endpoint();
    }
    if (match instanceof Router.BadEscape be) {
      ex.route(be.endpoint().route(Map.of()));
      reject(ex, Violation.of("identifier", "path", req.rawPath(), be.message()));
      return null;
    }
    Api api = match instanceof Router.WrongMethod wm ? wm.api() : ((Router.NotFound) match).api();
    if (api == Api.APP && basic(req.header("Authorization"))) {
      api = Api.PIPELINES; // /v1 is shared: HTTP Basic credentials point to the Pipelines API, Bearer to the App API
    }
    ex.route(Route.unmatched(api));
    if (match instanceof Router.WrongMethod wm && api.unknownMethodStatus() == 405) {
      reject(ex, Violation.of("route", "method", req.method(), req.method() + " is not allowed on "
          + req.rawPath() + "; allowed: " + String.join(", ", wm.allowed())).withStatus(405));
      return null;
    }
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
      case PIPELINES:
        message = "no Data Pipelines API endpoint " + req.method() + " " + req.rawPath() + ": it serves POST "
            + "/v1/identify, /v1/track, /v1/page, /v1/screen, /v1/group, /v1/alias and /v1/batch";
        break;
      default:
        message = "no Track API endpoint " + req.method() + " " + req.rawPath();
    }
    reject(ex, Violation.of(api == Api.APP ? "unmodelled" : "route", "path", req.rawPath(), message)
        .withStatus(404));
    return null;
  }

  private static boolean basic(String authorization) {
    return authorization != null && authorization.trim().regionMatches(true, 0, "Basic ", 0, 6);
  }

  // ---------------------------------------------------------------- 2. authenticate

  private static final AuthOutcome NOT_REQUIRED =
      new AuthOutcome(AuthOutcome.Status.NOT_REQUIRED, null, null, AuthOutcome.KeyKind.NONE, null);

  private boolean authenticate(Exchange ex, Endpoint endpoint) {
    if (endpoint.api() == Api.ADMIN) {
      ex.auth(NOT_REQUIRED);
      AdminGuard.Refusal refused = adminGuard.check(ex.request(), endpoint.operation());
      if (refused == null) {
        return true;
      }
      reject(ex, refused.violation());
      if (refused.challenge()) {
        ex.response(ex.response().withHeader("WWW-Authenticate", "Basic realm=\"cio-fake admin\", charset=\"UTF-8\""));
      }
      return false;
    }
    if (!endpoint.authenticated()) {
      // Open endpoints take the workspace of valid credentials when a client sends them, else the default one.
      Authenticator.Result r = ex.request().header("Authorization") == null ? null
          : authenticator.authenticate(endpoint.api(), ex.request());
      ex.auth(NOT_REQUIRED);
      ex.workspace(r != null && r.workspace() != null ? r.workspace() : registry.defaultWorkspace());
      return true;
    }
    Authenticator.Result r = authenticator.authenticate(endpoint.api(), ex.request());
    ex.auth(r.outcome());
    if (!r.outcome().ok()) {
      ex.workspace(r.outcome().claimedSiteId() == null ? null : registry.get(r.outcome().claimedSiteId()));
      ex.addViolation(Violation.of("auth", "Authorization", null, r.outcome().detail()).withStatus(401));
      render(ex, ex.api().authErrorShape());
      return false;
    }
    ex.workspace(r.workspace());
    return true;
  }

  /** Notes a client that came back before the Retry-After it was given (by a 429 or an injected error). */
  private static void retryTooSoon(Exchange ex) {
    RetryAfterLedger ledger = ex.workspace().retryLedger();
    if (!ledger.any()) {
      return;
    }
    ApiRequest req = ex.request();
    RetryAfterLedger.RetryTooSoon early = ledger.tooSoon(req.retryKey(), req.receivedAtNanos());
    if (early != null) {
      ex.addEffect(new Effect.RetriedTooSoon(early.retryAfterSeconds(), early.elapsedMillis(),
          early.rateLimitedRequestId(), req.header("X-Retry-Count")));
    }
  }

  // ---------------------------------------------------------------- 3. chaos

  /**
   * Applies the first chaos rule that fires: latency and slow bodies let the request go on; errors, 429 storms,
   * outages and connection faults answer at once. Every injected fault is marked on the exchange (and so in the
   * journal and the {@value #CHAOS_HEADER} header). The admin API is never disturbed.
   */
  private boolean chaos(Exchange ex) {
    if (chaos.isEmpty() || ex.api() == Api.ADMIN) {
      return true;
    }
    ApiRequest req = ex.request();
    ChaosEngine.Firing firing = chaos.firing(ex.api().family(), req.method(), req.rawPath(), ex.siteId(),
        req.receivedAtNanos(), req.stableKey() * 31 + java.util.Objects.hashCode(ex.siteId()));
    if (firing == null) {
      return true;
    }
    ChaosRule rule = firing.rule();
    ChaosRule.Effect effect = rule.effect();
    if (effect instanceof ChaosRule.Latency) {
      long ms = rule.drawLatency(firing.draws());
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
    ex.chaosAnswered(true);
    if (effect instanceof ChaosRule.ConnectionFault cf) {
      ex.response(ApiResponse.empty(500, Map.of()).withFault(cf.fault()).withHeader(CHAOS_HEADER, rule.id()));
      return false;
    }
    ChaosRule.Error err = (ChaosRule.Error) effect;
    reject(ex, Violation.of("chaos", null, null, chaosMessage(err.status())).withStatus(err.status()));
    ApiResponse r = ex.response().withHeader(CHAOS_HEADER, rule.id());
    if (err.retryAfter() != null) {
      r = r.withHeader("Retry-After", String.valueOf(err.retryAfter()));
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

  // ---------------------------------------------------------------- 4. rate limit

  /** Draws from the workspace's limiter of the route's class; answers 429 with Retry-After when it is spent. */
  private boolean rateLimit(Exchange ex) {
    RateClass c = ex.route().rateClass();
    Workspace w = ex.workspace();
    if (c == null || w == null) {
      return true;
    }
    ApiRequest req = ex.request();
    RateLimiters.Outcome o = w.rateLimiters().acquire(c, req.receivedAtNanos());
    if (o.admitted()) {
      return true;
    }
    ex.addEffect(new Effect.RateLimited(c.key(), o.limit().toString(), o.retryAfterSeconds(), o.newBurst()));
    String message = ex.api() == Api.APP && c == RateClass.APP
        ? "Your request is over the " + o.limit().requests() + "-per-" + windowWords(o.limit()) + " limit."
        : "rate limit exceeded: this workspace's " + c.key() + " requests are limited to " + o.limit()
            + "; retry after " + o.retryAfterSeconds() + " s";
    reject(ex, Violation.of("rate-limit", null, null, message).withStatus(429));
    if (ex.api() != Api.PIPELINES) {
      // the Pipelines API documents a 429 without Retry-After (and its official Node client ignores one)
      ex.response(ex.response().withHeader("Retry-After", String.valueOf(o.retryAfterSeconds())));
    }
    return false;
  }

  private static String windowWords(RateLimit l) {
    long ms = l.window().toMillis();
    return ms == 1000 ? "second" : ms % 1000 == 0 ? (ms / 1000) + "-seconds" : ms + "-milliseconds";
  }

  // ---------------------------------------------------------------- 6-8. operations of a batch

  /**
   * Validates and applies each operation on its own (the body itself for a single-operation endpoint). A bad single
   * operation rejects the request (400). Bad operations of a batch are answered as the endpoint says
   * ({@link Endpoint.BadOperations}): together with 207 while the good ones are applied (Track v2), by refusing the
   * whole batch (Pipelines, strict), or by dropping them while the good ones are applied (Pipelines, permissive).
   * Every operation is validated before any is applied (rules never read state, so the order cannot change a verdict).
   * Returns whether the handler should build the success response.
   */
  private boolean operations(Exchange ex, Endpoint.Operations ops, RuleInput whole) {
    JsonNode body = ex.body();
    List<JsonNode> items = new ArrayList<>();
    if (ops.batch()) {
      body.path(ops.arrayField()).forEach(items::add); // no array (an empty batch): nothing to apply
    } else {
      items.add(body);
    }
    Endpoint.BadOperations policy = ops.batch() ? ops.badOperations().apply(ex) : Endpoint.BadOperations.ANSWER_207;
    List<List<Violation>> rejectingByItem = new ArrayList<>(items.size());
    boolean oversizedItem = false;
    for (int i = 0; i < items.size(); i++) {
      JsonNode op = items.get(i);
      RuleInput in = ops.batch() ? whole.item(op, i) : whole;
      List<Violation> found = new ArrayList<>(1);
      if (ops.batch() && ops.maxOperationBytes() > 0) {
        int size = Json.byteSize(op);
        if (size > ops.maxOperationBytes()) {
          oversizedItem = true;
          found.add(Violation.of("limit", ops.arrayField() + "[" + i + "]", size + " bytes", "operation is " + size
              + " bytes; each batch operation is limited to " + ops.maxOperationBytes() + " bytes").atIndex(i));
        } else {
          Violation near = NearLimit.of(ops.arrayField() + "[" + i + "]", size, ops.maxOperationBytes(), "bytes",
              "batch operation " + i);
          if (near != null) {
            found.add(near.atIndex(i));
          }
        }
      }
      if (found.stream().noneMatch(Violation::rejects)) {
        validator.validate(ops.check().apply(op), in);
        found.addAll(in.violations());
      }
      List<Violation> rejecting = found.stream().filter(Violation::rejects).toList();
      rejectingByItem.add(rejecting);
      if (policy == Endpoint.BadOperations.DROP && !rejecting.isEmpty()) {
        found = found.stream().map(v -> v.rejects() ? v.accepted() : v).toList();
      }
      ex.addViolations(found);
    }
    boolean anyBad = rejectingByItem.stream().anyMatch(r -> !r.isEmpty());
    if (anyBad && policy == Endpoint.BadOperations.REJECT_ALL) {
      List<Violation> all = new ArrayList<>();
      for (List<Violation> r : rejectingByItem) {
        for (Violation v : r) {
          all.add(new Violation(v.code(), v.field(), v.value(), ops.arrayField() + "[" + v.index() + "]: "
              + v.message(), 400, true, v.index()));
        }
      }
      ex.response(ex.api().error(400, ex.route().errorShape(), all));
      return false;
    }
    if (oversizedItem && policy == Endpoint.BadOperations.DROP) {
      // a call past its size limit drops the whole request (the documented "the request will not go through")
      String size = rejectingByItem.stream().flatMap(List::stream).filter(v -> v.code().equals("limit"))
          .map(Violation::value).findFirst().orElse(null);
      reject(ex, Violation.of("limit", ops.arrayField(), size, "a call of the batch is " + size + ", over the "
          + ops.maxOperationBytes() + "-byte limit of one call, so the whole batch is dropped"));
      return false;
    }
    List<Violation> itemErrors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode op = items.get(i);
      List<Violation> rejecting = rejectingByItem.get(i);
      if (!rejecting.isEmpty()) {
        if (policy == Endpoint.BadOperations.DROP) {
          ex.addEffect(new Effect.CallDropped(callType(op), i, rejecting.get(0).code(), messages(rejecting), false,
              null, null));
          ex.workspace().pipelinesCalls().dropped(1);
        } else {
          itemErrors.addAll(rejecting);
        }
        continue;
      }
      try {
        ops.apply().apply(ex, op);
      } catch (StateRejection sr) {
        Violation v = Violation.of("state", sr.field(), null, sr.getMessage()).withStatus(sr.status());
        if (!ops.batch()) {
          throw sr;
        }
        if (policy == Endpoint.BadOperations.DROP) {
          ex.addViolation(v.atIndex(i).accepted());
          ex.addEffect(new Effect.CallDropped(callType(op), i, "state", List.of(sr.getMessage()), false, null,
              null));
          ex.workspace().pipelinesCalls().dropped(1);
          continue;
        }
        ex.addViolation(v.atIndex(i));
        itemErrors.add(v.atIndex(i));
      }
    }
    if (itemErrors.isEmpty()) {
      return true;
    }
    if (!ops.batch()) {
      render(ex, ex.route().errorShape()); // the violations are the request's own: a 400 (or their status)
      return false;
    }
    ex.response(ex.api().error(207, ex.route().errorShape(), itemErrors));
    return false;
  }

  private static String callType(JsonNode op) {
    JsonNode t = op == null ? null : op.get("type");
    return t != null && t.isTextual() ? t.textValue() : null;
  }

  private static List<String> messages(List<Violation> vs) {
    List<String> out = new ArrayList<>(vs.size());
    vs.forEach(v -> out.add(v.message()));
    return out;
  }

  // ---------------------------------------------------------------- 9b. permissive APIs

  /**
   * An API that answers client errors with 200 unless the request asks for strictness (the Pipelines API without
   * {@code X-Strict-Mode: 1}): a request the fake refused for its credentials or its body is answered 200 {@code {}}
   * and dropped, as the real service does; what was wrong stays on the exchange (violations kept, no longer
   * rejecting) with a {@link Effect.CallDropped} effect, so the journal and the pitfalls show it. In strict mode a body
   * past its size limit is a 400, the status the real service documents for it.
   */
  private static void permissive(Exchange ex, Endpoint endpoint) {
    ApiResponse r = ex.response();
    // a chaos error is the fake's, not the client's: never turned into a dropped call (a delay changes nothing)
    if (ex.api() == null || r == null || ex.chaosAnswered() || !ex.api().hasStrictMode()) {
      return;
    }
    int status = r.status();
    if (!ex.api().permissive(ex.request())) {
      if (status == 413) {
        List<Violation> as400 = new ArrayList<>();
        ex.violations().stream().filter(Violation::rejects).forEach(v -> as400.add(v.withStatus(400)));
        ex.response(ex.api().error(400, ex.route().errorShape(), as400));
      }
      return;
    }
    if (status != 400 && status != 401 && status != 413 && status != 415) {
      return;
    }
    List<Violation> rejecting = ex.violations().stream().filter(Violation::rejects).toList();
    String code = rejecting.isEmpty() ? (status == 401 ? "auth" : "invalid") : rejecting.get(0).code();
    List<String> reasons = new ArrayList<>(messages(rejecting));
    if (reasons.isEmpty() && ex.auth() != null && ex.auth().detail() != null) {
      reasons.add(ex.auth().detail());
    }
    Integer limit = null;
    String size = null;
    if (endpoint != null && (code.equals("limit") || code.equals("body-too-large"))) {
      limit = code.equals("body-too-large") ? endpoint.maxBodyBytes()
          : endpoint.operations() != null ? endpoint.operations().maxOperationBytes() : null;
      size = rejecting.get(0).value();
    }
    ex.acceptViolations();
    ex.addEffect(new Effect.CallDropped(ex.operation(), null, code, reasons, true, limit, size));
    ex.response(ex.api().ok());
    if (ex.workspace() != null) {
      JsonNode calls = ex.body() == null ? null : ex.body().get("batch");
      ex.workspace().pipelinesCalls().dropped(calls != null && calls.isArray() ? Math.max(1, calls.size()) : 1);
    }
  }

  // ---------------------------------------------------------------- 9. respond (errors)

  /** Adds {@code extra} (if any) and answers with every rejecting violation, in the route's error shape. */
  private static void reject(Exchange ex, Violation extra) {
    if (extra != null) {
      ex.addViolation(extra);
    }
    render(ex, ex.route().errorShape());
  }

  /** Renders the rejecting violations; the status is the first one's. Batch-item violations count for one entity. */
  private static void render(Exchange ex, ErrorShape shape) {
    List<Violation> rejecting = new ArrayList<>();
    for (Violation v : ex.violations()) {
      if (v.rejects()) {
        rejecting.add(v);
      }
    }
    int status = rejecting.isEmpty() ? 400 : rejecting.get(0).status();
    ex.response(ex.api().error(status, shape, rejecting));
  }

  // ---------------------------------------------------------------- 10. Retry-After ledger

  /**
   * Remembers every Retry-After the client was given, whoever gave it (the limiter, an injected error), so the next
   * request can tell a retry that came too soon.
   */
  private static void rememberRetryAfter(Exchange ex, Workspace w) {
    String retryAfter = ex.response().headers().get("Retry-After");
    if (retryAfter == null) {
      return;
    }
    int seconds;
    try {
      seconds = Integer.parseInt(retryAfter.trim());
    } catch (NumberFormatException e) {
      return;
    }
    boolean newBurst = false;
    for (Effect e : ex.effects()) {
      if (e instanceof Effect.RateLimited rl) {
        newBurst = rl.newBurst();
      }
    }
    ApiRequest req = ex.request();
    w.retryLedger().remember(req.retryKey(), seconds, req.id(), req.receivedAtNanos(), newBurst);
  }

  private WorkspaceSettings settings(Exchange ex) {
    Workspace w = ex.workspace();
    return w != null ? w.settings() : registry.defaultWorkspace().settings();
  }
}
