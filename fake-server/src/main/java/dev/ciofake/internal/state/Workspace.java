package dev.ciofake.internal.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.WorkspaceSettings;
import dev.ciofake.internal.ratelimit.RateLimiters;
import dev.ciofake.internal.ratelimit.RetryAfterLedger;
import dev.ciofake.internal.util.BoundedLog;
import dev.ciofake.internal.util.Json;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One fake Customer.io workspace, isolated from every other: its credentials, its {@link WorkspaceSettings}, its data
 * ({@link People}, {@link Events}, {@link CustomObjects}, {@link Messages}) and what the fake keeps about how it was
 * used (pitfalls, detector memory, webhooks, rate limiters, the Retry-After ledger, request counts).
 *
 * <p>The data parts share one lock, this workspace: an operation that spans them (an identify that attaches
 * anonymous events, a merge that moves them) is atomic. Settings are one immutable record, replaced whole. Everything
 * that grows is capped and counts what it dropped.
 */
public final class Workspace {
  private final WorkspaceCredentials credentials;
  private final int environmentId;
  private volatile WorkspaceSettings settings;

  private final People people;
  private final Events events;
  private final CustomObjects objects;
  private final Messages messages;
  private final Activities activities;
  private final Definitions definitions;
  private final EspSuppressions suppressions;
  private final Exports exports;
  private final BoundedLog<ObjectNode> formSubmissions;

  private final PitfallLog pitfalls;
  private final Map<Object, Object> detectorState = new ConcurrentHashMap<>();
  private final WebhookHooks hooks = new WebhookHooks();
  private final RateLimiters rateLimiters;
  private final RetryAfterLedger retryLedger = new RetryAfterLedger();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong rejectedRequests = new AtomicLong();
  private final PipelinesCounts pipelinesCalls = new PipelinesCounts();

  public Workspace(WorkspaceCredentials credentials, WorkspaceSettings settings, CioFakeOptions caps,
      int environmentId) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.environmentId = environmentId;
    this.people = new People(this, caps.maxPeoplePerWorkspace(), this::settings);
    this.events = new Events(this, people, caps.maxEventsPerWorkspace());
    people.events(events);
    this.objects = new CustomObjects(this, people, caps.maxPeoplePerWorkspace());
    this.messages = new Messages(this, people, caps.maxEventsPerWorkspace());
    this.activities = new Activities(caps.maxEventsPerWorkspace());
    this.definitions = new Definitions(this);
    this.suppressions = new EspSuppressions(this);
    this.exports = new Exports(this);
    people.activities(activities);
    events.activities(activities);
    messages.parts(activities, suppressions);
    this.formSubmissions = new BoundedLog<>(Math.max(100, caps.maxEventsPerWorkspace() / 4));
    this.pitfalls = new PitfallLog(caps.maxPitfallsPerWorkspace());
    this.rateLimiters = new RateLimiters(settings);
  }

  // ---------------------------------------------------------------- identity and settings

  public WorkspaceCredentials credentials() {
    return credentials;
  }

  public String siteId() {
    return credentials.siteId();
  }

  public int environmentId() {
    return environmentId;
  }

  /** The current settings (one immutable record). */
  public WorkspaceSettings settings() {
    return settings;
  }

  /** Replaces the settings; rate limits whose value changed start a fresh window. */
  public void settings(WorkspaceSettings value) {
    this.settings = Objects.requireNonNull(value, "settings");
    rateLimiters.apply(value);
  }

  // ---------------------------------------------------------------- data

  public People people() {
    return people;
  }

  public Events events() {
    return events;
  }

  public CustomObjects objects() {
    return objects;
  }

  public Messages messages() {
    return messages;
  }

  /** The activity log (events, attribute changes, profiles, deliveries). */
  public Activities activities() {
    return activities;
  }

  /** What the workspace is configured with and what the App API created: definitions and content. */
  public Definitions definitions() {
    return definitions;
  }

  /** The ESP's suppression lists. */
  public EspSuppressions suppressions() {
    return suppressions;
  }

  /** The exports made through the App API. */
  public Exports exports() {
    return exports;
  }

  /**
   * Seeds this workspace from a workspace file's document (validated): its definitions and content, and its ESP
   * suppression lists; what the API created is forgotten. {@link #reset()} puts the same seed back.
   */
  public void seed(com.fasterxml.jackson.databind.JsonNode document, long nowSeconds) {
    synchronized (this) {
      definitions.seed(document);
      seededAt = nowSeconds;
      suppressions.reset();
      seedSuppressions();
    }
  }

  private long seededAt;
  /** Whether the seed came through the admin API (a test's own file) rather than the fake's options. */
  private boolean seedLoaded;

  /**
   * A workspace file loaded for this workspace alone (the admin API, {@code CioFake.workspaceFile}): it seeds the
   * workspace as {@link #seed} does, and its own resets keep it, until the whole fake is reset
   * ({@link WorkspaceRegistry#resetAll()}), which puts the fake's own file back.
   */
  public void load(com.fasterxml.jackson.databind.JsonNode document, long nowSeconds) {
    synchronized (this) {
      seed(document, nowSeconds);
      seedLoaded = true;
    }
  }

  /** Puts {@code original} (the fake's own file, or none) back if a file was loaded for this workspace alone. */
  void restoreSeed(com.fasterxml.jackson.databind.JsonNode original, long nowSeconds) {
    synchronized (this) {
      if (seedLoaded) {
        seed(original == null ? dev.ciofake.internal.util.Json.object() : original, nowSeconds);
        seedLoaded = false;
      }
    }
  }

  private void seedSuppressions() {
    com.fasterxml.jackson.databind.JsonNode lists = definitions.seedSection("esp_suppressions");
    for (String type : EspSuppressions.TYPES) {
      for (com.fasterxml.jackson.databind.JsonNode e : lists.path(type)) {
        String email = e.isTextual() ? e.asText() : e.path("email").asText(null);
        if (email != null && !email.isBlank()) {
          suppressions.add(type, email, e.path("created").asLong(seededAt), e.path("reason").asText(
              "Uploaded manually via api.customer.io"), e.path("status").asText("550"));
        }
      }
    }
  }

  /** Records a form submission and identifies the person it names (by {@code email} or {@code id}). */
  public void submitForm(String formId, ObjectNode data, long now, Consumer<Effect> effects) {
    synchronized (this) {
      ObjectNode rec = Json.object();
      rec.put("form_id", formId);
      rec.set("data", data.deepCopy());
      rec.put("received_at", now);
      formSubmissions.add(rec);
      ObjectNode attrs = Json.object();
      data.fields().forEachRemaining(e -> {
        if (!e.getKey().startsWith("form_")) {
          attrs.set(e.getKey(), e.getValue());
        }
      });
      PersonRef ref = data.hasNonNull("id") ? new PersonRef(PersonRef.ID, data.get("id").asText())
          : new PersonRef(PersonRef.EMAIL, data.path("email").asText());
      attrs.remove("id");
      people.identify(ref, attrs, now, effects);
    }
  }

  /** The form submissions, oldest first. */
  public BoundedLog<ObjectNode> formSubmissions() {
    return formSubmissions;
  }

  // ---------------------------------------------------------------- what the fake keeps about its use

  public PitfallLog pitfalls() {
    return pitfalls;
  }

  /**
   * Per-workspace memory of a pitfall detector (bounded by the detector), created on first use and forgotten on
   * reset.
   */
  @SuppressWarnings("unchecked")
  public <T> T detectorState(Object key, Supplier<T> create) {
    return (T) detectorState.computeIfAbsent(key, k -> create.get());
  }

  /** This workspace's reporting-webhook endpoints and delivery log. */
  public WebhookHooks hooks() {
    return hooks;
  }

  /** This workspace's rate limiters (one per class). */
  public RateLimiters rateLimiters() {
    return rateLimiters;
  }

  /** What each client of this workspace was told to wait. */
  public RetryAfterLedger retryLedger() {
    return retryLedger;
  }

  /** How many Pipelines calls this workspace applied and dropped, and how many a test said to expect. */
  public PipelinesCounts pipelinesCalls() {
    return pipelinesCalls;
  }

  public void countRequest(boolean rejected) {
    requests.incrementAndGet();
    if (rejected) {
      rejectedRequests.incrementAndGet();
    }
  }

  /** Requests answered for this workspace. */
  public long requests() {
    return requests.get();
  }

  /** Of {@link #requests()}, those answered with an error. */
  public long rejectedRequests() {
    return rejectedRequests.get();
  }

  /**
   * Forgets every person, event, message, activity, export, suppression, pitfall and counter, and puts the seeded
   * definitions back; keeps credentials, settings and webhook endpoints.
   */
  public void reset() {
    synchronized (this) {
      people.reset();
      events.reset();
      objects.reset();
      messages.reset();
      activities.reset();
      definitions.reset();
      suppressions.reset();
      seedSuppressions();
      exports.reset();
      formSubmissions.clear();
    }
    hooks.reset();
    pitfalls.clear();
    rateLimiters.reset();
    retryLedger.reset();
    detectorState.clear();
    requests.set(0);
    rejectedRequests.set(0);
    pipelinesCalls.reset();
  }
}
