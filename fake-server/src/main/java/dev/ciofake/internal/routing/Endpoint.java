package dev.ciofake.internal.routing;

import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.ErrorShape;
import dev.ciofake.internal.http.Exchange;
import dev.ciofake.internal.validation.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One operation of one API: where it lives, how it is authenticated and validated, which error shape it
 * answers in, and what it does. Built with {@link #builder(Api, String)}; immutable afterwards.
 */
public final class Endpoint {

  /** Whether a request body is expected. */
  public enum Body {
    /** No body is read (GET, DELETE). A body, if sent, is ignored. */
    NONE,
    /** A JSON object body may be sent; an empty body counts as {@code {}}. */
    OPTIONAL,
    /** A JSON object body is required. */
    REQUIRED
  }

  /** Applies an accepted request to the workspace and builds the success response. */
  @FunctionalInterface
  public interface Handler {
    ApiResponse apply(Exchange exchange);
  }

  private final Api api;
  private final String operation;
  private final String method;
  private final PathTemplate path;
  private final ErrorShape errorShape;
  private final Body body;
  private final boolean authenticated;
  private final boolean requireJsonContentType;
  private final String schema;
  private final List<Rule> rules;
  private final Handler handler;
  private final RateClass rateClass;
  private final int maxBodyBytes;

  private Endpoint(Builder b) {
    this.rateClass = b.rateClass == null ? RateClass.defaultFor(b.api) : b.rateClass;
    this.maxBodyBytes = b.maxBodyBytes;
    this.api = b.api;
    this.operation = b.operation;
    this.method = Objects.requireNonNull(b.method, "method");
    this.path = Objects.requireNonNull(b.path, "path");
    this.errorShape = b.errorShape;
    this.body = b.body;
    this.authenticated = b.authenticated;
    this.requireJsonContentType = b.requireJsonContentType;
    this.schema = b.schema;
    this.rules = List.copyOf(b.rules);
    this.handler = Objects.requireNonNull(b.handler, "handler");
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

  public ErrorShape errorShape() {
    return errorShape;
  }

  public Body body() {
    return body;
  }

  public boolean authenticated() {
    return authenticated;
  }

  /** Whether a request without {@code Content-Type: application/json} is refused even when it has no body. */
  public boolean requireJsonContentType() {
    return requireJsonContentType;
  }

  /** Classpath location of the JSON Schema of the body, or {@code null}. */
  public String schema() {
    return schema;
  }

  public List<Rule> rules() {
    return rules;
  }

  public Handler handler() {
    return handler;
  }

  /** The rate-limit bucket this endpoint draws from ({@code null} for the admin API). */
  public RateClass rateClass() {
    return rateClass;
  }

  /** The largest body this endpoint takes, in bytes, or 0 for the server-wide limit. */
  public int maxBodyBytes() {
    return maxBodyBytes;
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
    private ErrorShape errorShape = ErrorShape.TRACK_META_ERRORS;
    private Body body = Body.NONE;
    private boolean authenticated = true;
    private boolean requireJsonContentType;
    private String schema;
    private final List<Rule> rules = new ArrayList<>();
    private Handler handler;
    private RateClass rateClass;
    private int maxBodyBytes;

    private Builder(Api api, String operation) {
      this.api = api;
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

    public Builder errors(ErrorShape shape) {
      this.errorShape = shape;
      return this;
    }

    public Builder body(Body value) {
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

    public Builder schema(String classpathLocation) {
      this.schema = classpathLocation;
      return this;
    }

    public Builder rule(Rule rule) {
      this.rules.add(rule);
      return this;
    }

    /** The rate-limit bucket, when it is not the API's default. */
    public Builder rateClass(RateClass value) {
      this.rateClass = value;
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
