package dev.ciofake.internal.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ciofake.RateClass;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.ErrorShape;
import dev.ciofake.internal.http.Route;
import dev.ciofake.internal.validation.BodyPolicy;
import dev.ciofake.internal.validation.Rule;
import dev.ciofake.internal.validation.Validator.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One operation of one API: where it lives, how it is authenticated, what body it takes, how that body is
 * validated, and what it does. Built with {@link #builder(Api, String)}; immutable afterwards. The pipeline runs
 * every stage from this description; an endpoint never validates or renders errors itself.
 */
public final class Endpoint {

  /** Applies an accepted request to the workspace and builds the success response. */
  @FunctionalInterface
  public interface Handler {
    ApiResponse apply(Exchange exchange);
  }

  /** Applies one accepted operation of a batch (or the single operation of an entity request). */
  @FunctionalInterface
  public interface OperationHandler {
    void apply(Exchange exchange, JsonNode operation);
  }

  /** How a batch answers its bad operations. */
  public enum BadOperations {
    /** Track v2: the good ones are applied, the bad ones answered together with 207 and their {@code batch_index}. */
    ANSWER_207,
    /** Pipelines in strict mode: one bad operation refuses the whole batch (400), none is applied. */
    REJECT_ALL,
    /**
     * Pipelines in permissive mode: the good ones are applied, the bad ones dropped with 200 (their violations kept,
     * not rejecting, and a {@code CallDropped} effect each); an operation past its size limit drops the whole request.
     */
    DROP
  }

  /**
   * A body made of operations, each validated and applied on its own: Track v2's {@code /batch} (an array field) and
   * {@code /entity} (the body is one operation), the Pipelines API's {@code /batch}.
   *
   * @param arrayField the field holding the operations, or {@code null} when the body is one operation
   * @param maxOperationBytes the documented size of one operation (0: none)
   * @param check what validates an operation, chosen from the operation itself (its discriminators)
   * @param apply what applies a valid operation
   * @param badOperations how this request answers bad operations (it may depend on a header: Pipelines' strict mode)
   */
  public record Operations(String arrayField, int maxOperationBytes, Function<JsonNode, Check> check,
      OperationHandler apply, Function<Exchange, BadOperations> badOperations) {
    public Operations {
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(apply, "apply");
      Objects.requireNonNull(badOperations, "badOperations");
    }

    /** Operations whose bad ones are answered with 207 (Track v2). */
    public Operations(String arrayField, int maxOperationBytes, Function<JsonNode, Check> check,
        OperationHandler apply) {
      this(arrayField, maxOperationBytes, check, apply, ex -> BadOperations.ANSWER_207);
    }

    /** Whether a bad operation rejects the whole request (one operation) or is answered per item (a batch). */
    public boolean batch() {
      return arrayField != null;
    }
  }

  private final Api api;
  private final String operation;
  private final String method;
  private final PathTemplate path;
  private final ErrorShape errorShape;
  private final BodyPolicy body;
  private final boolean authenticated;
  private final boolean requireJsonContentType;
  private final Check check;
  private final Operations operations;
  private final Handler handler;
  private final RateClass rateClass;
  private final int maxBodyBytes;

  private Endpoint(Builder b) {
    this.api = b.api;
    this.operation = b.operation;
    this.method = Objects.requireNonNull(b.method, "method");
    this.path = Objects.requireNonNull(b.path, "path");
    this.errorShape = b.errorShape == null ? b.api.errorShape() : b.errorShape;
    this.body = b.body;
    this.authenticated = b.authenticated;
    this.requireJsonContentType = b.requireJsonContentType;
    this.check = new Check(b.schema, b.rules);
    this.operations = b.operations;
    this.handler = Objects.requireNonNull(b.handler, "handler");
    this.rateClass = b.rateClassSet ? b.rateClass : b.api.defaultRateClass();
    this.maxBodyBytes = b.maxBodyBytes;
  }

  public static Builder builder(Api api, String operation) {
    return new Builder(api, operation);
  }

  public Api api() {
    return api;
  }

  /** Stable operation id, for example {@code identify}; used in the journal and in pitfall evidence. */
  public String operation() {
    return operation;
  }

  public String method() {
    return method;
  }

  public PathTemplate path() {
    return path;
  }

  /** The envelope of this endpoint's errors (other than authentication failures, which are the API's). */
  public ErrorShape errorShape() {
    return errorShape;
  }

  public BodyPolicy body() {
    return body;
  }

  public boolean authenticated() {
    return authenticated;
  }

  /** Whether a request without {@code Content-Type: application/json} is refused even when it has no body. */
  public boolean requireJsonContentType() {
    return requireJsonContentType;
  }

  /** What validates the whole body: its schema and rules. */
  public Check check() {
    return check;
  }

  /** The operations the body carries, or {@code null} for an ordinary body. */
  public Operations operations() {
    return operations;
  }

  public Handler handler() {
    return handler;
  }

  /** The rate-limit bucket this endpoint draws from ({@code null}: not limited). */
  public RateClass rateClass() {
    return rateClass;
  }

  /** The largest body this endpoint takes, in bytes, or 0 for the server-wide limit. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The route of a request that matched this endpoint with these path parameters. */
  public Route route(Map<String, String> params) {
    return new Route(api, operation, errorShape, rateClass, params, authenticated);
  }

  @Override
  public String toString() {
    return method + " " + path + " (" + operation + ")";
  }

  /** Builder of an {@link Endpoint}. */
  public static final class Builder {
    private final Api api;
    private final String operation;
    private String method;
    private PathTemplate path;
    private ErrorShape errorShape;
    private BodyPolicy body = BodyPolicy.NONE;
    private boolean authenticated = true;
    private boolean requireJsonContentType;
    private String schema;
    private final List<Rule> rules = new ArrayList<>();
    private Operations operations;
    private Handler handler;
    private RateClass rateClass;
    private boolean rateClassSet;
    private int maxBodyBytes;

    private Builder(Api api, String operation) {
      this.api = Objects.requireNonNull(api, "api");
      this.operation = operation;
    }

    public Builder get(String template) {
      return at("GET", template);
    }

    public Builder put(String template) {
      return at("PUT", template);
    }

    public Builder post(String template) {
      return at("POST", template);
    }

    public Builder delete(String template) {
      return at("DELETE", template);
    }

    private Builder at(String m, String template) {
      this.method = m;
      this.path = PathTemplate.parse(template);
      return this;
    }

    /** An error envelope other than the API's (Track v1 {@code merge_customers}: {@code meta.error}). */
    public Builder errors(ErrorShape shape) {
      this.errorShape = shape;
      return this;
    }

    public Builder body(BodyPolicy value) {
      this.body = value;
      return this;
    }

    /** Marks the endpoint as open: no credentials are required (metrics, push events, unsubscribe). */
    public Builder unauthenticated() {
      this.authenticated = false;
      return this;
    }

    public Builder requireJsonContentType() {
      this.requireJsonContentType = true;
      return this;
    }

    /** The JSON Schema of the whole body (a classpath location under {@code schemas/}). */
    public Builder schema(String classpathLocation) {
      this.schema = classpathLocation;
      return this;
    }

    /** A rule over the whole body, run after its schema accepted it. */
    public Builder rule(Rule rule) {
      this.rules.add(rule);
      return this;
    }

    /** The body carries operations, each validated and applied on its own. */
    public Builder operations(Operations value) {
      this.operations = value;
      return this;
    }

    /** The rate-limit bucket, when it is not the API's default ({@code null}: not limited). */
    public Builder rateClass(RateClass value) {
      this.rateClass = value;
      this.rateClassSet = true;
      return this;
    }

    /** A body limit of this endpoint (the documented one), below the server-wide limit. */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    public Endpoint handle(Handler h) {
      this.handler = h;
      return new Endpoint(this);
    }
  }
}
