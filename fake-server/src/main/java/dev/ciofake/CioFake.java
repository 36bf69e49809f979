package dev.ciofake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.admin.AdminClient;
import dev.ciofake.internal.admin.SettingsJson;
import java.util.Set;
import dev.ciofake.internal.util.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One workspace of a running fake, as a test sees it: where to send requests, with which credentials, and what
 * the fake saw (people, events, deliveries, pitfalls). The JUnit extension injects one per test; a
 * {@link CioFakeServer} hands them out with {@link CioFakeServer#fake()} and {@link CioFakeServer#fake(String)}.
 *
 * <p>Reads go through the fake's admin API, so a handle works the same for an in-process fake and a container.
 * Thread-safe; every read returns a fresh snapshot.
 *
 * <p>Why one class of about 600 lines: it is the one face of a workspace, with its value records nested
 * ({@code CioFake.Person}, {@code CioFake.Message}, ...) as tests name them; each read is a few lines over
 * {@code AdminClient}, and the records are most of the rest.
 */
public final class CioFake {
  private final String baseUrl;
  private final WorkspaceCredentials credentials;
  private final AdminClient admin;

  /**
   * A handle on the workspace {@code credentials} of the fake at {@code baseUrl} ({@code http://host:port}).
   */
  public CioFake(String baseUrl, WorkspaceCredentials credentials) {
    this(baseUrl, credentials, null);
  }

  /**
   * A handle on the workspace {@code credentials} of the fake at {@code baseUrl} whose admin API requires
   * {@code adminToken} ({@code null}: the token of {@code CIO_FAKE_ADMIN_TOKEN}, if set, else none).
   */
  public CioFake(String baseUrl, WorkspaceCredentials credentials, String adminToken) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl").replaceAll("/+$", "");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.admin = new AdminClient(this.baseUrl + "/__cio", adminToken);
  }

  /** The admin token this handle sends (see {@link CioFakeOptions#adminToken()}), or {@code null}. */
  public String adminToken() {
    return admin.token();
  }

  // ---------------------------------------------------------------- where and how to call it

  /** {@code http://host:port}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The Track API base as the official clients' {@code url} option takes it: {@code http://host:port/api/v1}. */
  public String trackUrl() {
    return baseUrl + "/api/v1";
  }

  /** The App API base as the official clients' {@code url} option takes it: {@code http://host:port/v1}. */
  public String appUrl() {
    return baseUrl + "/v1";
  }

  /**
   * The Data Pipelines API base as customerio-node's {@code PipelinesClient} {@code url} option takes it:
   * {@code http://host:port/v1}. ({@code @customerio/cdp-analytics-node} takes {@link #baseUrl()} as its
   * {@code host} and posts to {@code /v1/batch} under it.)
   */
  public String pipelinesUrl() {
    return baseUrl + "/v1";
  }

  /** The admin API base: {@code http://host:port/__cio}. */
  public String adminUrl() {
    return baseUrl + "/__cio";
  }

  /** This workspace's site id and keys. */
  public WorkspaceCredentials credentials() {
    return credentials;
  }

  /** The site id (HTTP Basic user name of the Track API). */
  public String siteId() {
    return credentials.siteId();
  }

  /** The Track API key (HTTP Basic password). */
  public String trackApiKey() {
    return credentials.trackApiKey();
  }

  /** The App API key (Bearer token). */
  public String appApiKey() {
    return credentials.appApiKey();
  }

  /** The Data Pipelines source key (HTTP Basic user name, with an empty password). */
  public String pipelinesApiKey() {
    return credentials.pipelinesApiKey();
  }

  // ---------------------------------------------------------------- what the fake saw

  /** Every pitfall of this workspace: recorded ones, oldest first, then those judged over the run. */
  public List<Pitfall> pitfalls() {
    List<Pitfall> out = new ArrayList<>();
    for (JsonNode p : admin.get("/pitfalls?site_id=" + AdminClient.enc(siteId())).get("pitfalls")) {
      out.add(pitfall(p));
    }
    return out;
  }

  /**
   * The person with this id (or {@code email}, or {@code cio_<id>}), if the workspace has them. For a suppressed
   * identifier it is the suppression's record: suppress deletes the profile, so the record has no attributes and
   * {@link Person#suppressed()} is true.
   */
  public Optional<Person> person(String identifier) {
    JsonNode p = admin.get(ws() + "/people/" + AdminClient.enc(identifier));
    return p == null ? Optional.empty() : Optional.of(person(p));
  }

  /** Every person of this workspace. */
  public List<Person> people() {
    List<Person> out = new ArrayList<>();
    admin.get(ws() + "/people").get("people").forEach(p -> out.add(person(p)));
    return out;
  }

  /** Every stored event (identified and anonymous), oldest first. */
  public List<Event> events() {
    List<Event> out = new ArrayList<>();
    admin.get(ws() + "/events?limit=100000").get("events").forEach(e -> out.add(event(e)));
    return out;
  }

  /** Every transactional delivery (sends through the App API), oldest first. */
  public List<Delivery> deliveries() {
    List<Delivery> out = new ArrayList<>();
    admin.get(ws() + "/deliveries").get("deliveries").forEach(d -> out.add(delivery(d)));
    return out;
  }

  /**
   * Every message this workspace sent, oldest first: transactional sends and what broadcasts and newsletters
   * delivered, each with the metrics it has reached so far (as {@code GET /v1/messages} shows them). Read over the
   * admin API, so it spends none of the integration's App rate class and no pitfall sees it.
   */
  public List<Message> messages() {
    List<Message> out = new ArrayList<>();
    admin.get(ws() + "/deliveries").get("deliveries").forEach(d -> out.add(message(d)));
    return out;
  }

  /** One message by its id (the {@code delivery_id} a send answered), or empty when this workspace has none. */
  public Optional<Message> message(String id) {
    Objects.requireNonNull(id, "id");
    JsonNode list = admin.get(ws() + "/deliveries?id=" + AdminClient.enc(id)).get("deliveries");
    return list.isEmpty() ? Optional.empty() : Optional.of(message(list.get(0)));
  }

  /**
   * The workspace's ESP suppression lists ({@code bounces}, {@code blocks}, {@code spam_reports},
   * {@code invalid_emails}): what the workspace file seeded, what the App API added, and the addresses the fake's own
   * bounces and complaints put there.
   */
  public List<Suppression> suppressions() {
    List<Suppression> out = new ArrayList<>();
    admin.get(ws() + "/suppressions").get("suppressions").forEach(n -> out.add(new Suppression(text(n.get("type")),
        text(n.get("email")), Instant.ofEpochSecond(n.path("created").asLong()), text(n.get("reason")))));
    return out;
  }

  /** Whether {@code email} is on one of the ESP suppression lists (case-insensitively). */
  public boolean isSuppressed(String email) {
    Objects.requireNonNull(email, "email");
    return suppressions().stream().anyMatch(s -> s.email().equalsIgnoreCase(email.trim()));
  }

  /**
   * Who is in a segment now: a dynamic segment's filter evaluated over the workspace's people, or a manual segment's
   * members (added through the Track API), oldest first.
   *
   * @throws CioFakeException when the workspace neither defines the segment nor has anyone in it
   */
  public List<SegmentMember> segmentMembers(long segmentId) {
    JsonNode members = admin.get(ws() + "/segments/" + segmentId + "/members");
    if (members == null) {
      throw new CioFakeException(404, "no segment " + segmentId + " in workspace " + siteId() + ": neither defined "
          + "(workspace file, POST /v1/segments) nor filled through the Track API");
    }
    List<SegmentMember> out = new ArrayList<>();
    members.get("members").forEach(m -> out.add(
        new SegmentMember(text(m.get("id")), text(m.get("email")), text(m.get("cio_id")))));
    return out;
  }

  /** Forgets this workspace's people, events, deliveries and pitfalls. */
  public void reset() {
    admin.send("POST", "/reset?site_id=" + AdminClient.enc(siteId()), null);
  }

  /**
   * What this workspace received over the Data Pipelines API, each call of a batch counted: calls applied, calls the
   * permissive API answered 200 and dropped, and the expected count given to {@link #expectPipelinesCalls(long)}.
   */
  public PipelinesCalls pipelinesCalls() {
    return pipelinesCalls(admin.get(ws() + "/pipelines"));
  }

  /**
   * Says how many Pipelines calls the integration queues in this run (each call of a batch counts). If fewer reach the
   * fake by the time pitfalls are read, the {@code unflushed-events} pitfall says how many never left the client: the
   * one loss the fake cannot see by itself, since they were never sent. {@code -1} forgets it.
   */
  public CioFake expectPipelinesCalls(long calls) {
    admin.send("PUT", ws() + "/pipelines", "{\"expected_calls\":" + calls + "}");
    return this;
  }

  private static PipelinesCalls pipelinesCalls(JsonNode n) {
    return new PipelinesCalls(n.path("received").asLong(), n.path("applied").asLong(), n.path("dropped").asLong(),
        n.path("expected_calls").isNull() ? -1 : n.path("expected_calls").asLong(-1));
  }

  /**
   * The Data Pipelines calls of a workspace.
   *
   * @param received every call that reached the fake with this workspace's key
   * @param applied the calls applied to people, events and objects
   * @param dropped the calls answered 200 and dropped (oversized, invalid, bad credentials)
   * @param expected the count given to {@link #expectPipelinesCalls(long)}, or {@code -1}
   */
  public record PipelinesCalls(long received, long applied, long dropped, long expected) {}

  /** This workspace's current settings. */
  public WorkspaceSettings settings() {
    return SettingsJson.read(admin.get(ws()).get("settings"), WorkspaceSettings.defaults(), Set.of());
  }

  /**
   * Replaces this workspace's settings (it stays so until changed again; the JUnit extension puts the first test's
   * settings back before each test):
   *
   * <pre>{@code
   * cio.settings(cio.settings().toBuilder().lenientTimestamps(true).build());
   * }</pre>
   */
  public CioFake settings(WorkspaceSettings settings) {
    admin.send("PUT", ws() + "/settings", SettingsJson.write(Objects.requireNonNull(settings, "settings")).toString());
    return this;
  }

  /**
   * Loads a workspace file (YAML or JSON, as {@code docs/workspace-file.md} describes) into this workspace: its
   * definitions, content and ESP suppressions replace what the workspace had, and its later {@link #reset()}s put
   * them back; a reset of the whole fake (the JUnit extension's between tests) puts the fake's own file back. The
   * fake checks the document and refuses a bad one with every problem named.
   *
   * @throws IllegalArgumentException when the text is not a valid workspace file
   */
  public CioFake workspaceFile(String yamlOrJson) {
    JsonNode doc = dev.ciofake.internal.validation.WorkspaceFile.parse(Objects.requireNonNull(yamlOrJson,
        "yamlOrJson"));
    admin.send("PUT", ws() + "/workspace-file", doc.toString());
    return this;
  }

  /**
   * Moves the fake's clock forward (see {@link FakeClock}): rate-limit and chaos windows, the grace before an ignored
   * bounce counts and webhook schedules see the time at once. The clock is the whole fake's, shared by every
   * workspace. Returns the fake's time after the advance.
   */
  public Instant advanceClock(Duration by) {
    Objects.requireNonNull(by, "by");
    if (by.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward; got " + by);
    }
    ObjectNode n = Json.object();
    n.put("millis", by.toMillis());
    return Instant.parse(admin.send("POST", "/clock/advance", n.toString()).get("now").asText());
  }

  /** The fake's time now (real time plus whatever was advanced, unless the fake runs a frozen clock). */
  public Instant now() {
    return Instant.parse(admin.get("/clock").get("now").asText());
  }

  /** Controlled misbehaviour (latency, errors, outages, faults) for this workspace. */
  public Chaos chaos() {
    return new Chaos(this, admin);
  }

  /**
   * Adds a reporting-webhook endpoint to this workspace: the fake posts delivery events (sent, delivered,
   * bounced, spammed, unsubscribed, ...) to it, signed with {@code secret}.
   */
  public CioFake webhook(String url, String secret) {
    ObjectNode n = Json.object();
    n.put("url", url);
    n.put("secret", secret);
    admin.send("POST", ws() + "/webhooks", n.toString());
    return this;
  }

  /** Every webhook delivery attempt so far, oldest first. */
  public List<WebhookAttempt> webhookAttempts() {
    List<WebhookAttempt> out = new ArrayList<>();
    admin.get(ws() + "/webhooks/deliveries").get("attempts").forEach(a -> out.add(webhookAttempt(a)));
    return out;
  }

  /**
   * The requests this workspace's clients sent, as the fake's journal keeps them (secrets masked), oldest first; at
   * most the newest {@code limit}.
   */
  public List<Request> requests(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    List<Request> out = new ArrayList<>();
    admin.get("/requests?site_id=" + AdminClient.enc(siteId()) + "&limit=" + limit).get("requests")
        .forEach(r -> out.add(request(r)));
    return out;
  }

  /** The newest 1000 requests of this workspace; see {@link #requests(int)}. */
  public List<Request> requests() {
    return requests(1000);
  }

  /**
   * A reporting-webhook event to emit now, for a person or a delivery of this workspace:
   *
   * <pre>{@code
   * cio.simulate("bounced").person("42").failureMessage("550 mailbox unknown").send();
   * cio.simulate("opened").delivery(deliveryId).send();
   * }</pre>
   *
   * @param metric {@code bounced}, {@code spammed}, {@code unsubscribed}, {@code delivered}, {@code opened}, ...
   */
  public Simulation simulate(String metric) {
    return new Simulation(Objects.requireNonNull(metric, "metric"));
  }

  /** Every reporting-webhook event this workspace emitted, oldest first, as its endpoints received it. */
  public List<Map<String, Object>> webhookEvents() {
    List<Map<String, Object>> out = new ArrayList<>();
    admin.get(ws() + "/webhooks/deliveries").get("events").forEach(e -> out.add(map(e)));
    return out;
  }

  /** A reporting-webhook event being described; {@link #send()} emits it. */
  public final class Simulation {
    private final ObjectNode body = Json.object();
    private final String metric;

    private Simulation(String metric) {
      this.metric = metric;
      body.put("site_id", siteId());
    }

    /** For this person: id, email or {@code cio_<id>}. */
    public Simulation person(String identifier) {
      body.put("person", Objects.requireNonNull(identifier, "identifier"));
      return this;
    }

    /** For this delivery (a transactional send's {@code delivery_id}). */
    public Simulation delivery(String deliveryId) {
      body.put("delivery_id", Objects.requireNonNull(deliveryId, "deliveryId"));
      return this;
    }

    /** The channel of a person's simulated delivery: {@code email} (default), {@code push}, {@code sms}, ... */
    public Simulation objectType(String objectType) {
      body.put("object_type", Objects.requireNonNull(objectType, "objectType"));
      return this;
    }

    /** The {@code failure_message} of a bounce, drop or failure. */
    public Simulation failureMessage(String message) {
      body.put("failure_message", Objects.requireNonNull(message, "message"));
      return this;
    }

    /**
     * Emits the event and returns it as sent.
     *
     * @throws IllegalStateException when the fake refuses it (an unknown person, a metric the channel does not
     *     have), with its reason
     */
    public Map<String, Object> send() {
      return map(admin.send("POST", "/simulate/" + AdminClient.enc(metric), body.toString()).get("event"));
    }
  }

  /**
   * Waits for asynchronous calls (fire-and-forget integrations) to arrive, with Awaitility underneath.
   * Needs {@code org.awaitility:awaitility} on the test class path.
   */
  public CioAwait await() {
    return new CioAwait(this);
  }

  /** Waits at most {@code timeout}; see {@link #await()}. */
  public CioAwait await(Duration timeout) {
    return new CioAwait(this).atMost(timeout);
  }

  private String ws() {
    return "/workspaces/" + AdminClient.enc(siteId());
  }

  @Override
  public String toString() {
    return "CioFake[" + baseUrl + ", " + credentials + "]";
  }

  // ---------------------------------------------------------------- values

  /**
   * A person as the fake stores them.
   *
   * @param cioId the generated cio_id
   * @param id the person id, or null for email-only people
   * @param email the email attribute, or null
   * @param attributes every attribute, as JSON values (String, Number, Boolean, List, Map)
   * @param suppressed whether this is a suppressed identifier (its profile deleted by the suppression)
   * @param unsubscribed whether the {@code unsubscribed} attribute says so
   * @param identified whether an identify ever created or updated them (false for people created by an event)
   * @param devices device tokens
   * @param segments manual segment ids
   */
  public record Person(String cioId, String id, String email, Map<String, Object> attributes, boolean suppressed,
      boolean unsubscribed, boolean identified, List<String> devices, List<String> segments) {}

  /**
   * An event as the fake stores it.
   *
   * @param name the event name
   * @param type {@code event}, {@code page} or {@code screen}
   * @param personId the person's id (null for anonymous events not merged yet)
   * @param anonymousId the anonymous id, or null
   * @param eventId the dedup {@code id} the client sent, or null
   * @param data the event data
   * @param timestamp the timestamp the client sent (seconds), or null
   * @param requestId the request that carried it
   */
  public record Event(String name, String type, String personId, String anonymousId, String eventId,
      Map<String, Object> data, Long timestamp, String requestId) {}

  /**
   * A transactional message the App API accepted.
   *
   * @param deliveryId the delivery id it answered with
   * @param channel {@code email}, {@code push}, {@code sms}, {@code whatsapp}, {@code in_app}, {@code inbox_message}
   * @param messageId the {@code transactional_message_id} as sent (a number or a trigger name), as text
   * @param recipient the rendered recipient: the email address, phone or device tokens, as text
   * @param personId the person's id, or null
   * @param state {@code sent}, {@code scheduled}, {@code suppressed} or {@code skipped_unsubscribed}
   * @param messageData the {@code message_data}
   */
  public record Delivery(String deliveryId, String channel, String messageId, String recipient, String personId,
      String state, Map<String, Object> messageData) {}

  /**
   * One message as the App API shows it ({@code GET /v1/messages/{id}}).
   *
   * @param id the delivery id the send answered
   * @param channel {@code email}, {@code push}, {@code sms}, {@code whatsapp}, {@code in_app}, {@code inbox_message}
   * @param recipient the address, number or device tokens it went to
   * @param personId the person's id, or null for a person known by email or cio_id only
   * @param state the metric it reached last ({@code sent}, {@code delivered}, {@code bounced}, ...), or
   *     {@code queued} before any
   * @param metrics each metric reached, with when (the fake's clock, whole seconds)
   * @param failureMessage why it bounced, was dropped or failed, or null
   */
  public record Message(String id, String channel, String recipient, String personId, String state,
      Map<String, Instant> metrics, String failureMessage) {
    /** Whether it reached {@code metric} ({@code delivered}, {@code opened}, ...). */
    public boolean reached(String metric) {
      return metrics.containsKey(metric);
    }

    /** Whether it was delivered. */
    public boolean delivered() {
      return reached("delivered");
    }
  }

  /**
   * An address on one of the workspace's ESP suppression lists.
   *
   * @param type {@code bounces}, {@code blocks}, {@code spam_reports} or {@code invalid_emails}
   * @param created when it was suppressed
   * @param reason what the ESP recorded (the bounce's SMTP answer, "spam complaint", ...), or null
   */
  public record Suppression(String type, String email, Instant created, String reason) {}

  /** A person in a segment, by the identifiers the App API lists ({@code customer_identifiers}); id, email nullable. */
  public record SegmentMember(String id, String email, String cioId) {}

  /**
   * One request the fake served, as its journal keeps it.
   *
   * @param id the fake's request id (the {@code X-CIO-Fake-Request-Id} header of the answer)
   * @param at when it arrived (the fake's clock)
   * @param api {@code track}, {@code app}, ...; null for a path no API has
   * @param operation the operation ({@code identify}, {@code track}, {@code send_email}, ...), or null
   * @param status the status the fake answered
   * @param errors the problems found (each accepted one prefixed {@code accepted: })
   * @param injectedFault the chaos rule that answered it, or null
   * @param headers the headers, secrets masked
   * @param body the body as text (JSON when it was JSON), cut to the journal's size, or null
   * @param connection the server-side TCP connection it came on (equal for requests on one kept-alive connection),
   *     or null when not known
   */
  public record Request(String id, Instant at, String method, String path, String query, String api, String operation,
      int status, List<String> errors, String injectedFault, double durationMillis, Map<String, String> headers,
      String body, String connection) {}

  /**
   * One attempt to deliver a reporting-webhook event.
   *
   * @param status the receiver's status, or null when it did not answer (see {@code error})
   * @param error why there was no answer (timeout, refused), or null
   * @param nextRetryMillis when the next attempt comes (in the fake's time), or null
   */
  public record WebhookAttempt(String eventId, String objectType, String metric, String url, int attempt,
      Integer status, boolean delivered, long latencyMillis, Instant at, String error, Long nextRetryMillis) {}

  // ---------------------------------------------------------------- JSON mapping

  static Request request(JsonNode r) {
    Map<String, String> headers = new LinkedHashMap<>();
    r.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
    List<String> errors = new ArrayList<>();
    r.path("errors").forEach(e -> errors.add(e.asText()));
    String body = r.hasNonNull("body") ? r.get("body").toString() : text(r.get("body_text"));
    return new Request(text(r.get("id")), Instant.parse(r.get("received_at").asText()), text(r.get("method")),
        text(r.get("path")), text(r.get("query")), text(r.get("api")), text(r.get("operation")),
        r.path("status").asInt(), List.copyOf(errors), text(r.get("injected_fault")),
        r.path("duration_ms").asDouble(), Collections.unmodifiableMap(headers), body, text(r.get("connection")));
  }

  static WebhookAttempt webhookAttempt(JsonNode a) {
    return new WebhookAttempt(text(a.get("event_id")), text(a.get("object_type")), text(a.get("metric")),
        text(a.get("url")), a.path("attempt").asInt(), a.hasNonNull("status") ? a.get("status").asInt() : null,
        a.path("delivered").asBoolean(), a.path("latency_ms").asLong(), Instant.parse(a.get("at").asText()),
        text(a.get("error")), a.hasNonNull("next_retry_ms") ? a.get("next_retry_ms").asLong() : null);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(JsonNode n) {
    if (n == null || n.isNull() || !n.isObject()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(Json.MAPPER.convertValue(n, LinkedHashMap.class));
  }

  static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.isValueNode() ? n.asText() : n.toString();
  }

  static Pitfall pitfall(JsonNode p) {
    return new Pitfall(p.get("id").asText(), Severity.parse(p.get("severity").asText()), p.get("message").asText(),
        p.get("fix").asText(), text(p.get("site_id")), text(p.get("request_id")), map(p.get("evidence")),
        p.hasNonNull("at") ? Instant.parse(p.get("at").asText()) : Instant.EPOCH);
  }

  static Person person(JsonNode p) {
    List<String> devices = new ArrayList<>();
    p.path("devices").forEach(d -> devices.add(d.path("id").asText()));
    List<String> segments = new ArrayList<>();
    p.path("segments").forEach(s -> segments.add(s.asText()));
    return new Person(text(p.get("cio_id")), text(p.get("id")), text(p.get("email")), map(p.get("attributes")),
        p.path("suppressed").asBoolean(), p.path("unsubscribed").asBoolean(), p.path("identified").asBoolean(),
        List.copyOf(devices), List.copyOf(segments));
  }

  static Event event(JsonNode e) {
    return new Event(text(e.get("name")), text(e.get("type")), text(e.get("person_id")), text(e.get("anonymous_id")),
        text(e.get("id")), map(e.get("data")), e.hasNonNull("timestamp") ? e.get("timestamp").asLong() : null,
        text(e.get("request_id")));
  }

  static Message message(JsonNode d) {
    Map<String, Instant> metrics = new LinkedHashMap<>();
    String state = "queued";
    long last = Long.MIN_VALUE;
    for (var it = d.path("metrics").fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().startsWith("human_") || e.getKey().startsWith("prefetch_")) {
        continue;
      }
      metrics.put(e.getKey(), Instant.ofEpochSecond(e.getValue().asLong()));
      if (e.getValue().asLong() >= last) {
        last = e.getValue().asLong();
        state = e.getKey();
      }
    }
    return new Message(text(d.get("delivery_id")), text(d.get("channel")), text(d.get("recipient")),
        text(d.path("person").get("id")), state, Collections.unmodifiableMap(metrics), text(d.get("failure_message")));
  }

  static Delivery delivery(JsonNode d) {
    return new Delivery(text(d.get("delivery_id")), text(d.get("channel")), text(d.get("transactional_message_id")),
        text(d.get("recipient")), text(d.path("person").get("id")), text(d.get("state")), map(d.get("message_data")));
  }
}
