package dev.ciofake.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.auth.AuthOutcome;
import dev.ciofake.internal.routing.Api;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.Workspace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one request as it travels the pipeline: route, workspace, parsed body, violations,
 * effects on state and the response. Owned by one thread; detectors read it after the response is decided.
 */
public final class Exchange {
  private final ApiRequest request;
  private Api api;
  private Endpoint endpoint;
  private Map<String, String> pathParams = Map.of();
  private AuthOutcome auth;
  private Workspace workspace;
  private JsonNode body;
  private final List<Violation> violations = new ArrayList<>(2);
  private final List<Effect> effects = new ArrayList<>(2);
  private ApiResponse response;
  private String injectedFault;
  private long chaosDelayMillis;
  private long chaosSlowBodyMillis;

  public Exchange(ApiRequest request) {
    this.request = request;
  }

  public ApiRequest request() {
    return request;
  }

  public Api api() {
    return api;
  }

  public void api(Api value) {
    this.api = value;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** The operation id ({@code identify}, {@code track}, ...) or {@code null} when no route matched. */
  public String operation() {
    return endpoint == null ? null : endpoint.operation();
  }

  public void route(Endpoint value, Map<String, String> params) {
    this.endpoint = value;
    this.api = value.api();
    this.pathParams = params;
  }

  /** A decoded path parameter such as {@code identifier}. */
  public String pathParam(String name) {
    return pathParams.get(name);
  }

  public AuthOutcome auth() {
    return auth;
  }

  public void auth(AuthOutcome value) {
    this.auth = value;
  }

  public Workspace workspace() {
    return workspace;
  }

  public void workspace(Workspace value) {
    this.workspace = value;
  }

  /** The parsed body, or {@code null} when there was none. */
  public JsonNode body() {
    return body;
  }

  public void body(JsonNode value) {
    this.body = value;
  }

  public void addViolation(Violation v) {
    violations.add(v);
  }

  public List<Violation> violations() {
    return Collections.unmodifiableList(violations);
  }

  /** Whether a violation rejects the whole request (batch item violations do not). */
  public boolean rejected() {
    for (Violation v : violations) {
      if (v.rejectsRequest()) {
        return true;
      }
    }
    return false;
  }

  public void addEffect(Effect e) {
    effects.add(e);
  }

  public List<Effect> effects() {
    return Collections.unmodifiableList(effects);
  }

  public ApiResponse response() {
    return response;
  }

  public void response(ApiResponse value) {
    this.response = value;
  }

  /** A description of the fault chaos injected into this request, or {@code null}. */
  public String injectedFault() {
    return injectedFault;
  }

  public void injectedFault(String value) {
    this.injectedFault = value;
  }

  /** Latency chaos adds to the response. */
  public long chaosDelayMillis() {
    return chaosDelayMillis;
  }

  public void chaosDelayMillis(long value) {
    this.chaosDelayMillis = value;
  }

  /** How long chaos makes the body trickle out. */
  public long chaosSlowBodyMillis() {
    return chaosSlowBodyMillis;
  }

  public void chaosSlowBodyMillis(long value) {
    this.chaosSlowBodyMillis = value;
  }

  /** The site id of the resolved workspace, or the one the client claimed, or {@code null}. */
  public String siteId() {
    if (workspace != null) {
      return workspace.siteId();
    }
    return auth == null ? null : auth.claimedSiteId();
  }
}
