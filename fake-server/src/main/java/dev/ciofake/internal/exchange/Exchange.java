package dev.ciofake.internal.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.internal.auth.AuthOutcome;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiRequest;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.Route;
import dev.ciofake.internal.http.Violation;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.Workspace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything known about one request as it travels the pipeline: its route, the authentication outcome, the
 * workspace, the parsed body, the violations found, the effects on state, injected faults and the response. Owned by
 * one thread; the pipeline's stages write it in order, and pitfall detectors and the journal read it once the response
 * is decided.
 */
public final class Exchange {
  private final ApiRequest request;
  private Route route;
  private AuthOutcome auth;
  private Workspace workspace;
  private JsonNode body;
  private final List<Violation> violations = new ArrayList<>(2);
  private final List<Effect> effects = new ArrayList<>(2);
  private ApiResponse response;
  private String injectedFault;
  private boolean chaosAnswered;
  private long chaosDelayMillis;
  private long chaosSlowBodyMillis;

  public Exchange(ApiRequest request) {
    this.request = request;
  }

  public ApiRequest request() {
    return request;
  }

  /** Where the request was routed; {@code null} until routing ran. */
  public Route route() {
    return route;
  }

  public void route(Route value) {
    this.route = value;
  }

  /** The API of the request ({@code null} until routing ran). */
  public Api api() {
    return route == null ? null : route.api();
  }

  /** The operation id ({@code identify}, {@code track}, ...) or {@code null} when no endpoint matched. */
  public String operation() {
    return route == null ? null : route.operation();
  }

  /** A decoded path parameter such as {@code identifier}. */
  public String pathParam(String name) {
    return route == null ? null : route.param(name);
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

  public void addViolations(List<Violation> vs) {
    violations.addAll(vs);
  }

  /** Keeps every violation but makes none reject: a permissive API answered 200 and dropped the call instead. */
  public void acceptViolations() {
    violations.replaceAll(v -> v.rejects() ? v.accepted() : v);
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

  /**
   * Whether chaos answered the request itself (an injected error or connection fault), rather than only delaying or
   * slowing the answer the request earned.
   */
  public boolean chaosAnswered() {
    return chaosAnswered;
  }

  /** Marks the answer as chaos's own. */
  public void chaosAnswered(boolean value) {
    this.chaosAnswered = value;
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
