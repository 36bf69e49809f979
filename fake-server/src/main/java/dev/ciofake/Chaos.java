package dev.ciofake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.FakeCore;
import dev.ciofake.internal.admin.AdminClient;
import dev.ciofake.internal.chaos.ChaosRule;
import dev.ciofake.internal.util.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Controlled misbehaviour of the fake, for one workspace by default: latency, error statuses, 429 storms, outages,
 * connection faults and slow bodies, each optionally limited to an API, a method, a path, a probability and a time
 * window. Rules are seeded, so a run can be replayed.
 *
 * <pre>{@code
 * cio.chaos().error(503).retryAfter(1).onTrack().forRequests(2).apply();
 * cio.chaos().latency(Duration.ofMillis(200)).onApp().probability(0.5).seed(7).apply();
 * cio.chaos().outage().afterSeconds(2).forSeconds(5).apply();
 * cio.chaos().clear();
 * }</pre>
 *
 * Rules for the whole fake, installed when it starts, are built the same way, unbound, and given to the options:
 *
 * <pre>{@code
 * CioFakeOptions.builder().chaos(Chaos.rules().outage().onTrack().forSeconds(3)).build();
 * }</pre>
 *
 * The admin API takes the same rules as JSON at {@code POST /__cio/chaos}. A workspace's reset (what the JUnit
 * extension does before each test) removes the rules of that workspace and no other.
 */
public final class Chaos {
  private final CioFake fake;
  private final AdminClient admin;

  Chaos(CioFake fake, AdminClient admin) {
    this.fake = fake;
    this.admin = admin;
  }

  /**
   * Rules not bound to a running fake, for {@link CioFakeOptions.Builder#chaos(Rule)}: they match every workspace
   * unless {@link Rule#workspace(String)} says otherwise.
   */
  public static Chaos rules() {
    return new Chaos(null, null);
  }

  /**
   * A rule as chaos files and the admin API write it ({@code {"match": {...}, "effect": {...}, "seed": 7}}, JSON or
   * YAML); from {@code cio.chaos()} it is limited to that workspace unless its match names a site.
   *
   * @throws IllegalArgumentException for a document that is not a valid rule, naming the field at fault
   */
  public Rule rule(String jsonOrYaml) {
    JsonNode doc = FakeCore.parseJsonOrYaml(Objects.requireNonNull(jsonOrYaml, "jsonOrYaml"));
    ChaosRule.parse("check", doc, 0, 0); // refused here, naming the field
    Rule r = new Rule((ObjectNode) doc.get("effect").deepCopy());
    doc.path("match").fields().forEachRemaining(e -> r.match.set(e.getKey(), e.getValue()));
    if (doc.hasNonNull("seed")) {
      r.seed = doc.get("seed").asLong();
    }
    return r;
  }

  /** A fixed latency added to each matching response. */
  public Rule latency(Duration delay) {
    return new Rule(effect("latency").put("fixed_ms", delay.toMillis()));
  }

  /** A latency drawn uniformly between {@code min} and {@code max}. */
  public Rule latency(Duration min, Duration max) {
    return new Rule(effect("latency").put("min_ms", min.toMillis()).put("max_ms", max.toMillis()));
  }

  /** A log-normal latency around {@code median} (sigma 0.5 is a typical long tail). */
  public Rule logNormalLatency(Duration median, double sigma) {
    return new Rule(effect("latency").put("median_ms", median.toMillis()).put("sigma", sigma));
  }

  /** An error status (500, 502, 503 or 504) with the API's error body. */
  public Rule error(int status) {
    return new Rule(effect("error").put("status", status));
  }

  /** 429 for matching requests, with {@code Retry-After: 1} unless changed. */
  public Rule rateLimitStorm() {
    return new Rule(effect("rate_limit"));
  }

  /** Every matching request fails with 503. */
  public Rule outage() {
    return new Rule(effect("outage"));
  }

  /** The connection breaks instead of answering. */
  public Rule fault(Fault fault) {
    return new Rule(effect("fault").put("fault", fault.jsonName()));
  }

  /** The body trickles out over {@code total}. */
  public Rule slowBody(Duration total) {
    return new Rule(effect("slow_body").put("duration_ms", total.toMillis()));
  }

  /** Removes this workspace's chaos rules (rules of other workspaces, and server-wide ones, stay). */
  public void clear() {
    requireBound("clear");
    admin.send("DELETE", "/chaos?site_id=" + AdminClient.enc(fake.siteId()), null);
  }

  private void requireBound(String what) {
    if (fake == null) {
      throw new IllegalStateException("these chaos rules are not bound to a running fake, so " + what + "() has "
          + "nothing to act on: give them to CioFakeOptions.Builder.chaos(...), or use cio.chaos() of a running fake");
    }
  }

  /**
   * The rules in force for this workspace (its own and the server-wide ones), as the admin API shows them (with
   * their matched and fired counts).
   */
  public List<String> installed() {
    requireBound("installed");
    List<String> out = new ArrayList<>();
    admin.get("/chaos?site_id=" + AdminClient.enc(fake.siteId())).get("rules").forEach(r -> out.add(r.toString()));
    return out;
  }

  private static ObjectNode effect(String type) {
    ObjectNode e = Json.object();
    e.put("type", type);
    return e;
  }

  /** Connection faults, as WireMock produces them. */
  public enum Fault {
    /** TCP reset (RST) instead of a response. */
    CONNECTION_RESET("connection_reset"),
    /** The connection closes without a byte. */
    EMPTY_RESPONSE("empty_response"),
    /** A 200 whose chunked body is cut off mid-chunk. */
    MALFORMED_CHUNK("malformed_chunk"),
    /** Garbage bytes, then close. */
    RANDOM_DATA("random_data");

    private final String json;

    Fault(String json) {
      this.json = json;
    }

    String jsonName() {
      return json;
    }
  }

  /**
   * A rule being built; {@link #apply()} installs it. From {@code cio.chaos()} it matches only that workspace unless
   * told otherwise; from {@link Chaos#rules()}, every workspace.
   */
  public final class Rule {
    private final ObjectNode effect;
    private final ObjectNode match = Json.object();
    private Long seed;

    private Rule(ObjectNode effect) {
      this.effect = effect;
      if (fake != null) {
        match.put("site_id", fake.siteId());
      }
    }

    /** Only requests of the workspace with this site id. */
    public Rule workspace(String siteId) {
      match.put("site_id", Objects.requireNonNull(siteId, "siteId"));
      return this;
    }

    /** Only Track API requests (v1 and v2). */
    public Rule onTrack() {
      match.put("api", "track");
      return this;
    }

    /** Only App API requests. */
    public Rule onApp() {
      match.put("api", "app");
      return this;
    }

    /** Only requests to the Data Pipelines API ({@code POST /v1/identify}, ..., {@code /v1/batch}). */
    public Rule onPipelines() {
      match.put("api", "pipelines");
      return this;
    }

    /** Only this HTTP method. */
    public Rule method(String method) {
      match.put("method", Objects.requireNonNull(method, "method"));
      return this;
    }

    /** Only paths matching this glob ({@code *} one segment, {@code **} any): {@code /api/v1/customers/ * /events}. */
    public Rule path(String glob) {
      match.put("path", Objects.requireNonNull(glob, "glob"));
      return this;
    }

    /** Requests of every workspace, not only this one. */
    public Rule anyWorkspace() {
      match.remove("site_id");
      return this;
    }

    /** Fires for this share of matching requests (seeded draw). */
    public Rule probability(double p) {
      match.put("probability", p);
      return this;
    }

    /** Starts this long after the rule is installed. */
    public Rule afterSeconds(double seconds) {
      match.put("after_seconds", seconds);
      return this;
    }

    /** Starts after this many matching requests got through. */
    public Rule afterRequests(long n) {
      match.put("after_requests", n);
      return this;
    }

    /** Stops this long after it started. */
    public Rule forSeconds(double seconds) {
      match.put("for_seconds", seconds);
      return this;
    }

    /** Stops after firing this many times. */
    public Rule forRequests(long n) {
      match.put("for_requests", n);
      return this;
    }

    /** The seed of its draws (probability, random latency). */
    public Rule seed(long value) {
      this.seed = value;
      return this;
    }

    /** Adds {@code Retry-After} (seconds) to an error, 429 storm or outage. */
    public Rule retryAfter(int seconds) {
      effect.put("retry_after", seconds);
      return this;
    }

    /** Installs the rule in the running fake and returns its id. */
    public String apply() {
      requireBound("apply");
      JsonNode r = admin.send("POST", "/chaos", toJson());
      return r.get("added").get(0).get("id").asText();
    }

    /** The rule as JSON, in the format of {@code POST /__cio/chaos} and chaos files. */
    public String toJson() {
      ObjectNode spec = Json.object();
      spec.set("match", match);
      spec.set("effect", effect);
      if (seed != null) {
        spec.put("seed", seed);
      }
      return spec.toString();
    }

    @Override
    public String toString() {
      return toJson();
    }
  }
}
