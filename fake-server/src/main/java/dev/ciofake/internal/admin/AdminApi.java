package dev.ciofake.internal.admin;

import dev.ciofake.FakeClock;
import dev.ciofake.internal.state.WebhookHooks;
import dev.ciofake.internal.state.WorkspaceStats;
import dev.ciofake.internal.util.SystemClock;
import dev.ciofake.internal.webhook.Ulid;
import java.util.Set;
import dev.ciofake.internal.validation.BodyPolicy;
import dev.ciofake.internal.report.PitfallJson;
import static dev.ciofake.internal.validation.BodyPolicy.NONE;
import static dev.ciofake.internal.validation.BodyPolicy.OPTIONAL_OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.Pitfall;
import dev.ciofake.internal.util.Secrets;
import dev.ciofake.Severity;
import dev.ciofake.WorkspaceCredentials;
import dev.ciofake.internal.chaos.ChaosEngine;
import dev.ciofake.internal.webhook.DeliveryEvents;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.ErrorShape;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.util.Json;
import dev.ciofake.internal.config.Configuration;
import dev.ciofake.CioFakeOptions;
import dev.ciofake.internal.journal.JournalEntry;
import dev.ciofake.internal.journal.RequestJournal;
import dev.ciofake.internal.report.HtmlReport;
import dev.ciofake.internal.report.JunitXmlReport;
import dev.ciofake.internal.report.ReportFormat;
import dev.ciofake.internal.report.Reports;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.PersonRef;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.StoredEvent;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.state.WorkspaceRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The fake's own HTTP admin API under {@code /__cio/}: health, pitfalls, the request journal, workspace
 * state, workspaces and reset. All JSON. API keys appear only in the response that creates a workspace;
 * everywhere else they are masked.
 */
public final class AdminApi {
  /** The base path of the admin API. */
  public static final String BASE = "/__cio";
  /** Headers of every admin API response. */
  public static final Map<String, String> HEADERS = Api.Headers.ADMIN;
  private static final int DEFAULT_LIMIT = 100;

  private final WorkspaceRegistry registry;
  private final RequestJournal journal;
  private final Reports reports;
  private final ChaosEngine chaos;
  private final DeliveryEvents deliveryEvents;
  private final java.util.function.Supplier<String> tlsPem;
  private final long startedRealNanos = SystemClock.realNanos();
  private final FakeClock clock;
  private final CioFakeOptions options;
  private final String version;
  private final AdminGuard guard;

  public AdminApi(WorkspaceRegistry registry, RequestJournal journal, Reports reports, ChaosEngine chaos,
      DeliveryEvents deliveryEvents, String version, java.util.function.Supplier<String> tlsPem, FakeClock clock,
      CioFakeOptions options, AdminGuard guard) {
    this.guard = guard;
    this.clock = clock;
    this.options = options;
    this.tlsPem = tlsPem;
    this.chaos = chaos;
    this.deliveryEvents = deliveryEvents;
    this.registry = registry;
    this.journal = journal;
    this.reports = reports;
    this.version = version;
  }

  public List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(admin("health").get(BASE + "/health").handle(this::health));
    e.add(admin("pitfalls").get(BASE + "/pitfalls").handle(this::pitfalls));
    e.add(admin("requests").get(BASE + "/requests").handle(this::requests));
    e.add(admin("report").get(BASE + "/report").handle(this::report));
    e.add(admin("list_webhooks").get(BASE + "/workspaces/{site_id}/webhooks").handle(this::webhooks));
    e.add(admin("add_webhook").post(BASE + "/workspaces/{site_id}/webhooks").body(BodyPolicy.OBJECT)
        .handle(this::addWebhook));
    e.add(admin("clear_webhooks").delete(BASE + "/workspaces/{site_id}/webhooks").handle(ex -> {
      workspace(ex.pathParam("site_id")).hooks().clear();
      return webhooks(ex);
    }));
    e.add(admin("webhook_deliveries").get(BASE + "/workspaces/{site_id}/webhooks/deliveries")
        .handle(this::webhookDeliveries));
    e.add(admin("simulate").post(BASE + "/simulate/{metric}").body(OPTIONAL_OBJECT).handle(this::simulate));
    e.add(admin("script_delivery").post(BASE + "/workspaces/{site_id}/deliveries/{delivery_id}/events")
        .body(BodyPolicy.OBJECT).handle(this::scriptDelivery));
    e.add(admin("list_chaos").get(BASE + "/chaos").handle(ex -> chaosList(ex.request().query().get("site_id"))));
    e.add(admin("tls_certificate").get(BASE + "/tls/ca.pem").handle(ex -> {
      String pem = tlsPem == null ? null : tlsPem.get();
      if (pem == null) {
        throw new StateRejection("https", "HTTPS is not enabled: start the fake with --https-port", 404);
      }
      return ApiResponse.text(200, pem, "application/x-pem-file", HEADERS);
    }));
    e.add(admin("add_chaos").post(BASE + "/chaos").body(BodyPolicy.OBJECT_OR_ARRAY).handle(this::addChaos));
    e.add(admin("clear_chaos").delete(BASE + "/chaos").handle(ex -> {
      String site = ex.request().query().get("site_id");
      if (site == null) {
        chaos.clear();
      } else {
        chaos.clearWorkspace(workspace(site).siteId());
      }
      return chaosList(site);
    }));
    e.add(admin("delete_chaos").delete(BASE + "/chaos/{rule_id}").handle(ex -> {
      if (!chaos.remove(ex.pathParam("rule_id"))) {
        throw new StateRejection("rule_id", "no chaos rule " + ex.pathParam("rule_id"), 404);
      }
      return chaosList(null);
    }));
    e.add(admin("reset").post(BASE + "/reset").body(OPTIONAL_OBJECT).handle(this::reset));
    e.add(admin("list_workspaces").get(BASE + "/workspaces").handle(this::listWorkspaces));
    e.add(admin("create_workspace").post(BASE + "/workspaces").body(OPTIONAL_OBJECT).handle(this::createWorkspace));
    e.add(admin("get_workspace").get(BASE + "/workspaces/{site_id}").handle(this::getWorkspace));
    e.add(admin("delete_workspace").delete(BASE + "/workspaces/{site_id}").handle(this::deleteWorkspace));
    e.add(admin("update_settings").put(BASE + "/workspaces/{site_id}/settings").body(OPTIONAL_OBJECT)
        .handle(this::updateSettings));
    e.add(admin("people").get(BASE + "/workspaces/{site_id}/people").handle(this::people));
    e.add(admin("person").get(BASE + "/workspaces/{site_id}/people/{identifier}").handle(this::person));
    e.add(admin("events").get(BASE + "/workspaces/{site_id}/events").handle(this::events));
    e.add(admin("delivery_metrics").get(BASE + "/workspaces/{site_id}/metrics").handle(this::metrics));
    e.add(admin("deliveries").get(BASE + "/workspaces/{site_id}/deliveries").handle(this::deliveries));
    e.add(admin("broadcast_triggers").get(BASE + "/workspaces/{site_id}/broadcasts").handle(this::broadcasts));
    e.add(admin("objects").get(BASE + "/workspaces/{site_id}/objects").handle(this::objects));
    e.add(admin("rate_limits").get(BASE + "/workspaces/{site_id}/rate-limits").handle(this::rateLimits));
    e.add(admin("pipelines_calls").get(BASE + "/workspaces/{site_id}/pipelines").handle(this::pipelinesCalls));
    e.add(admin("expect_pipelines_calls").put(BASE + "/workspaces/{site_id}/pipelines").body(BodyPolicy.OBJECT)
        .handle(this::expectPipelinesCalls));
    e.add(admin("clock").get(BASE + "/clock").handle(ex -> ok(clockJson())));
    e.add(admin("options").get(BASE + "/options").handle(ex -> optionsJson()));
    e.add(admin("advance_clock").post(BASE + "/clock/advance").body(BodyPolicy.OBJECT).handle(this::advanceClock));
    return e;
  }

  private static Endpoint.Builder admin(String operation) {
    return Endpoint.builder(Api.ADMIN, operation).errors(ErrorShape.ADMIN).unauthenticated().body(NONE);
  }

  // ---------------------------------------------------------------- handlers

  private ApiResponse health(Exchange ex) {
    ObjectNode n = Json.object();
    n.put("status", "ok");
    n.put("service", "cio-fake");
    n.put("version", version);
    n.put("uptime_ms", SystemClock.millisSince(startedRealNanos));
    n.put("workspaces", registry.all().size());
    n.put("journal_entries", journal.size());
    n.put("journal_dropped", journal.dropped());
    ObjectNode caps = n.putObject("limits");
    ObjectNode j = caps.putObject("journal");
    j.put("stored", journal.size());
    j.put("cap", journal.capacity());
    j.put("dropped", journal.dropped());
    ObjectNode ws = caps.putObject("workspaces");
    ws.put("stored", registry.all().size());
    ws.put("cap", WorkspaceRegistry.MAX_WORKSPACES);
    ObjectNode dropped = caps.putObject("dropped"); // summed over the workspaces
    ArrayNode capped = n.putArray("state_cap_reached"); // site ids of workspaces whose caps kept state out
    for (Workspace w : registry.all()) {
      WorkspaceStats s = WorkspaceStats.of(w);
      s.limits().forEach((name, v) -> dropped.put(name, dropped.path(name).asLong(0) + v[2]));
      if (s.stateCapReached()) {
        capped.add(w.siteId());
      }
    }
    ArrayNode covers = n.putArray("covers");
    covers.add("track-v1");
    covers.add("track-v2");
    covers.add("app: send/*, campaigns/{id}/triggers, customers lookups, exports list");
    return ok(n);
  }

  private ApiResponse pitfalls(Exchange ex) {
    Map<String, String> q = ex.request().query();
    String site = q.get("site_id");
    String id = q.get("id");
    String group = q.get("group");
    Severity severity = q.containsKey("severity") ? parseSeverity(q.get("severity")) : null;
    if (group != null && !group.equals("id")) {
      throw new StateRejection("group", "group must be id, got '" + group + "'");
    }
    List<Pitfall> all = new ArrayList<>();
    long dropped = 0;
    Map<String, Long> counts = new java.util.HashMap<>();
    if (site != null) {
      Workspace w = registry.get(site);
      if (w != null) {
        all.addAll(reports.pitfalls(w));
        dropped += w.pitfalls().dropped();
        counts.putAll(w.pitfalls().counts());
      }
      for (Pitfall p : registry.unattributedPitfalls().all()) {
        if (site.equals(p.siteId())) {
          all.add(p);
        }
      }
    } else {
      all.addAll(reports.allPitfalls());
      for (Workspace w : registry.all()) {
        dropped += w.pitfalls().dropped();
        w.pitfalls().counts().forEach((k, v) -> counts.merge(k, v, Long::sum));
      }
      dropped += registry.unattributedPitfalls().dropped();
      registry.unattributedPitfalls().counts().forEach((k, v) -> counts.merge(k, v, Long::sum));
    }
    all.sort((a, b) -> a.at().compareTo(b.at()));
    List<Pitfall> selected = new ArrayList<>();
    for (Pitfall p : all) {
      if ((id == null || id.equals(p.id())) && (severity == null || severity == p.severity())) {
        selected.add(p);
      }
    }
    ObjectNode n = Json.object();
    if (group != null) {
      ArrayNode groups = reports.grouped(selected, dropped > 0 ? counts : null);
      n.set("pitfalls", groups);
      n.put("count", groups.size());
    } else {
      ArrayNode arr = n.putArray("pitfalls");
      selected.forEach(p -> arr.add(PitfallJson.of(p)));
      n.put("count", arr.size());
    }
    n.put("dropped", dropped);
    return ok(n);
  }

  private ApiResponse webhooks(Exchange ex) {
    Workspace w = workspace(ex.pathParam("site_id"));
    ObjectNode n = Json.object();
    ArrayNode arr = n.putArray("webhooks");
    w.hooks().targets().forEach(h -> arr.add(webhookJson(h)));
    return ok(n);
  }

  /** {@code POST .../webhooks {"url": ..., "secret": ...}}; the secret defaults to the fake's default secret. */
  private ApiResponse addWebhook(Exchange ex) {
    Workspace w = workspace(ex.pathParam("site_id"));
    String url = text(ex.body(), "url");
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new StateRejection("url", "url is required: the http(s) URL to post events to");
    }
    String refused = guard.webhookTargetProblem(url);
    if (refused != null) {
      throw new StateRejection("url", refused, 403);
    }
    String secret = text(ex.body(), "secret");
    w.hooks().add(new WebhookHooks.Target(url, secret == null || secret.isEmpty()
        ? dev.ciofake.CioFakeOptions.DEFAULT_WEBHOOK_SECRET : secret));
    ObjectNode n = Json.object();
    ArrayNode arr = n.putArray("webhooks");
    w.hooks().targets().forEach(h -> arr.add(webhookJson(h)));
    return json(201, n);
  }

  private static ObjectNode webhookJson(WebhookHooks.Target t) {
    ObjectNode n = Json.object();
    n.put("url", t.url());
    n.put("secret", Secrets.mask(t.secret()));
    return n;
  }

  private ApiResponse webhookDeliveries(Exchange ex) {
    Workspace w = workspace(ex.pathParam("site_id"));
    ObjectNode n = Json.object();
    ArrayNode attempts = n.putArray("attempts");
    w.hooks().attempts().forEach(attempts::add);
    ArrayNode events = n.putArray("events");
    w.hooks().emitted().forEach(events::add);
    ArrayNode backlogs = n.putArray("backlogs");
    deliveryEvents.backlogs(w).forEach(backlogs::add);
    return ok(n);
  }

  /**
   * {@code POST /__cio/simulate/{metric}}: emits one event now, for a delivery ({@code delivery_id}) or a person
   * ({@code person}: id, email or cio_ id), in a workspace ({@code site_id}, default the default workspace). A
   * person's event is for a simulated message on {@code object_type} (default {@code email}) from campaign 1 unless
   * the body names its origin ({@code campaign_id} and {@code action_id}, {@code broadcast_id} and
   * {@code trigger_id}, {@code newsletter_id}, or {@code transactional_message_id}); {@code subscribed},
   * {@code cio_subscription_preferences_changed} and a person's {@code unsubscribed} are the person's own events
   * ({@code object_type} {@code customer} unless the body names the channel that caused it).
   */
  private ApiResponse simulate(Exchange ex) {
    JsonNode b = ex.body();
    String metric = ex.pathParam("metric");
    Workspace w = text(b, "site_id") == null ? registry.defaultWorkspace() : workspace(text(b, "site_id"));
    String objectType = text(b, "object_type");
    ObjectNode delivery;
    boolean forPerson;
    if (text(b, "delivery_id") != null) {
      delivery = w.messages().delivery(text(b, "delivery_id"));
      if (delivery == null) {
        throw new StateRejection("delivery_id", "no delivery " + text(b, "delivery_id") + " in workspace "
            + w.siteId(), 404);
      }
      forPerson = false;
      String channel = DeliveryEvents.objectType(delivery.path("channel").asText("email"));
      if (objectType != null && !objectType.equals(channel) && !objectType.equals(DeliveryEvents.CUSTOMER)) {
        throw new StateRejection("object_type", "delivery " + text(b, "delivery_id") + " is a " + channel
            + " message, not " + objectType);
      }
    } else if (text(b, "person") != null) {
      ObjectNode p = w.people().read(PersonRef.fromPath(text(b, "person"), true), AdminViews::person);
      if (p == null) {
        throw new StateRejection("person", "no person " + text(b, "person") + " in workspace " + w.siteId(), 404);
      }
      forPerson = true;
      delivery = Json.object();
      delivery.put("delivery_id", "simulated-" + Ulid.of(clock.millis()));
      delivery.put("simulated", true);
      String channel = objectType == null || objectType.equals(DeliveryEvents.CUSTOMER) ? "email" : objectType;
      delivery.put("channel", channel);
      ObjectNode person = delivery.putObject("person");
      person.set("cio_id", p.get("cio_id"));
      person.set("id", p.get("id"));
      person.set("email", p.get("email"));
      JsonNode phone = p.path("attributes").get("phone");
      delivery.set("recipient", b.hasNonNull("recipient") ? b.get("recipient")
          : (channel.equals("sms") || channel.equals("whatsapp")) && phone != null ? phone : p.get("email"));
      ArrayNode devices = delivery.putArray("devices");
      p.path("devices").forEach(d -> {
        ObjectNode device = devices.addObject();
        device.put("device_id", d.path("id").asText());
        if (d.path("platform").asText().equals("ios") || d.path("platform").asText().equals("android")) {
          device.put("device_platform", d.path("platform").asText());
        }
      });
      DeliveryEvents.originOf(b).forEach(delivery::set);
    } else {
      throw new StateRejection("body", "give delivery_id or person");
    }
    String channel = DeliveryEvents.objectType(delivery.path("channel").asText("email"));
    boolean personEvent = DeliveryEvents.personMetric(metric)
        || (metric.equals("unsubscribed") && (DeliveryEvents.CUSTOMER.equals(objectType)
            || (forPerson && objectType == null)));
    String type = personEvent ? DeliveryEvents.CUSTOMER : channel;
    if (!DeliveryEvents.METRICS.getOrDefault(type, java.util.Set.of()).contains(metric)) {
      throw new StateRejection("metric", "metric " + metric + " does not exist for object_type " + type
          + "; use one of " + new java.util.TreeSet<>(DeliveryEvents.METRICS.getOrDefault(type,
              java.util.Set.of())));
    }
    if (metric.equals(DeliveryEvents.PREFERENCES_CHANGED) && !forPerson) {
      throw new StateRejection("delivery_id", "a subscription preference change comes from a campaign, broadcast"
          + " or newsletter message, which the fake does not store; simulate it for a person");
    }
    String personType = !personEvent ? null : objectType != null ? objectType
        : DeliveryEvents.CUSTOMER;
    List<DeliveryEvents.Step> steps = List.of(new DeliveryEvents.Step(metric, 0, extra(b), personType));
    ObjectNode n = Json.object();
    n.set("event", deliveryEvents.script(w, delivery, steps).get(0));
    return json(201, n);
  }

  /** The fields of a simulated or scripted event's data that a request may set. */
  private static Map<String, JsonNode> extra(JsonNode b) {
    Map<String, JsonNode> extra = new java.util.LinkedHashMap<>();
    for (String f : List.of("failure_message", "href", "subject", "content", "to", "inbound_event_id")) {
      if (text(b, f) != null) {
        extra.put(f, b.get(f).isTextual() ? b.get(f) : Json.object().textNode(text(b, f)));
      }
    }
    JsonNode linkId = b.get("link_id");
    if (linkId != null && !linkId.isNull()) {
      String v = linkId.asText();
      if (!(linkId.canConvertToLong() || v.matches("[0-9]{1,18}"))) {
        throw new StateRejection("link_id", "link_id must be an integer (the tracked link's id), got " + linkId);
      }
      extra.put("link_id", Json.object().numberNode(Long.parseLong(v)));
    }
    return extra;
  }

  /** {@code POST .../deliveries/{id}/events {"events":[{"metric":"opened","after_ms":500}]}}: a scripted sequence. */
  private ApiResponse scriptDelivery(Exchange ex) {
    Workspace w = workspace(ex.pathParam("site_id"));
    ObjectNode delivery = w.messages().delivery(ex.pathParam("delivery_id"));
    if (delivery == null) {
      throw new StateRejection("delivery_id", "no delivery " + ex.pathParam("delivery_id"), 404);
    }
    JsonNode list = ex.body().get("events");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new StateRejection("events", "events must be a non-empty array of {metric, after_ms}");
    }
    String objectType = DeliveryEvents.objectType(delivery.path("channel").asText("email"));
    List<DeliveryEvents.Step> steps = new ArrayList<>();
    for (JsonNode s : list) {
      String metric = text(s, "metric");
      boolean message = metric != null && DeliveryEvents.METRICS.getOrDefault(objectType, java.util.Set.of())
          .contains(metric);
      boolean person = metric != null && !message && (metric.equals("unsubscribed") || metric.equals("subscribed"));
      if (!message && !person) {
        throw new StateRejection("events", "metric " + metric + " does not exist for " + objectType + " deliveries"
            + "; use one of " + new java.util.TreeSet<>(DeliveryEvents.METRICS.getOrDefault(objectType,
                java.util.Set.of())));
      }
      steps.add(new DeliveryEvents.Step(metric, Math.max(0, s.path("after_ms").asLong(0)), extra(s),
          person ? objectType : null));
    }
    ObjectNode n = Json.object();
    ArrayNode arr = n.putArray("events");
    deliveryEvents.script(w, delivery, steps).forEach(arr::add);
    return json(201, n);
  }

  private ApiResponse chaosList(String siteId) {
    ObjectNode n = Json.object();
    n.set("rules", chaos.toJson(siteId));
    return ok(n);
  }

  /** {@code POST /__cio/chaos}: one rule, an array, or {@code {"seed": n, "rules": [...]}}. */
  private ApiResponse addChaos(Exchange ex) {
    try {
      ObjectNode n = Json.object();
      ArrayNode added = n.putArray("added");
      chaos.add(ex.body(), clock.nanoTime()).forEach(r -> added.add(r.toJson()));
      n.set("rules", chaos.toJson());
      return json(201, n);
    } catch (IllegalArgumentException e) {
      throw new StateRejection("body", "bad chaos rule: " + e.getMessage());
    }
  }

  /** {@code GET /__cio/report}: JSON, JUnit XML or HTML, by {@code ?format=} or the Accept header. */
  private ApiResponse report(Exchange ex) {
    String site = ex.request().query().get("site_id");
    if (site != null) {
      workspace(site);
    }
    String format = ReportFormat.choose(ex.request().query().get("format"), ex.request().header("Accept"));
    ObjectNode report = reports.report(site);
    switch (format) {
      case "junit":
        return ApiResponse.text(200, JunitXmlReport.render(report), "application/xml; charset=utf-8", HEADERS);
      case "html":
        return ApiResponse.text(200, HtmlReport.render(report), "text/html; charset=utf-8", HEADERS);
      default:
        return ok(report);
    }
  }

  private static Severity parseSeverity(String s) {
    try {
      return Severity.parse(s);
    } catch (IllegalArgumentException e) {
      throw new StateRejection("severity", "severity must be error or warning, got '" + s + "'");
    }
  }

  private ApiResponse requests(Exchange ex) {
    Map<String, String> q = ex.request().query();
    int limit = intParam(q, "limit", DEFAULT_LIMIT);
    String site = q.get("site_id");
    String status = q.get("status");
    Predicate<JournalEntry> filter = e -> (site == null || site.equals(e.siteId()))
        && (status == null || status.equals(String.valueOf(e.status())));
    ObjectNode n = Json.object();
    ArrayNode arr = n.putArray("requests");
    journal.newest(limit, filter).forEach(e -> arr.add(e.toJson()));
    n.put("count", arr.size());
    n.put("total", journal.total());
    n.put("dropped", journal.dropped());
    return ok(n);
  }

  private ApiResponse reset(Exchange ex) {
    String site = ex.request().query().get("site_id");
    if (site == null) {
      registry.resetAll();
      journal.clear();
    } else {
      workspace(site).reset();
      chaos.clearWorkspace(site); // a workspace's own chaos rules go with its reset; server-wide ones stay
    }
    ObjectNode n = Json.object();
    n.put("reset", site == null ? "all" : site);
    return ok(n);
  }

  private ApiResponse listWorkspaces(Exchange ex) {
    ObjectNode n = Json.object();
    ArrayNode arr = n.putArray("workspaces");
    registry.all().forEach(w -> arr.add(workspaceJson(w, false)));
    return ok(n);
  }

  private ApiResponse createWorkspace(Exchange ex) {
    JsonNode b = ex.body();
    Workspace w;
    try {
      if (b.hasNonNull("track_api_key") || b.hasNonNull("app_api_key") || b.hasNonNull("pipelines_api_key")) {
        String site = text(b, "site_id");
        String cdp = text(b, "pipelines_api_key");
        w = registry.create(new WorkspaceCredentials(site, text(b, "track_api_key"), text(b, "app_api_key"),
            cdp != null ? cdp : WorkspaceCredentials.defaultPipelinesKey(site)));
      } else {
        w = registry.createGenerated(text(b, "site_id"));
      }
    } catch (IllegalArgumentException e) {
      throw new StateRejection("body", e.getMessage());
    }
    try {
      w.settings(SettingsJson.read(b, w.settings(), SettingsJson.CREDENTIAL_FIELDS));
    } catch (StateRejection sr) {
      registry.remove(w.siteId()); // a refused create leaves no workspace behind
      throw sr;
    }
    return json(201, workspaceJson(w, true));
  }

  private ApiResponse getWorkspace(Exchange ex) {
    return ok(workspaceJson(workspace(ex.pathParam("site_id")), false));
  }

  private ApiResponse deleteWorkspace(Exchange ex) {
    String site = ex.pathParam("site_id");
    workspace(site);
    if (!registry.remove(site)) {
      throw new StateRejection("site_id", "the default workspace cannot be deleted; reset it instead");
    }
    ObjectNode n = Json.object();
    n.put("deleted", site);
    return ok(n);
  }

  private ApiResponse updateSettings(Exchange ex) {
    Workspace w = workspace(ex.pathParam("site_id"));
    w.settings(SettingsJson.read(ex.body(), w.settings(), Set.of()));
    return ok(workspaceJson(w, false));
  }

  private ApiResponse people(Exchange ex) {
    return listed("people", workspace(ex.pathParam("site_id")).people().readAll(AdminViews::person));
  }

  private ApiResponse person(Exchange ex) {
    Workspace w = workspace(ex.pathParam("site_id"));
    String identifier = ex.pathParam("identifier");
    PersonRef ref = PersonRef.fromPath(identifier, true);
    ObjectNode p = w.people().read(ref, AdminViews::person);
    if (p == null && w.people().suppression(ref) != null) {
      return ok(AdminViews.suppressed(w.people().suppression(ref)));
    }
    if (p == null) {
      ObjectNode n = Json.object();
      n.put("error", "no person " + identifier + " in workspace " + w.siteId());
      n.put("status", 404);
      return json(404, n);
    }
    return ok(p);
  }

  private ApiResponse events(Exchange ex) {
    Workspace w = workspace(ex.pathParam("site_id"));
    Map<String, String> q = ex.request().query();
    List<StoredEvent> events = w.events().find(q.get("person"), q.get("name"), intParam(q, "limit", 1000));
    ObjectNode n = Json.object();
    ArrayNode arr = n.putArray("events");
    events.forEach(e -> arr.add(AdminViews.event(e)));
    n.put("count", arr.size());
    n.put("total", w.events().log().added());
    n.put("dropped", w.events().log().dropped());
    return ok(n);
  }

  private ApiResponse metrics(Exchange ex) {
    Workspace w = workspace(ex.pathParam("site_id"));
    ObjectNode n = Json.object();
    ArrayNode m = n.putArray("delivery_metrics");
    w.messages().deliveryMetrics().forEach(m::add);
    ArrayNode f = n.putArray("form_submissions");
    w.formSubmissions().snapshot().forEach(f::add);
    return ok(n);
  }

  private ApiResponse deliveries(Exchange ex) {
    String id = ex.request().query().get("id");
    return listed("deliveries", workspace(ex.pathParam("site_id")).messages().deliveries().stream()
        .filter(d -> id == null || id.equals(d.path("delivery_id").asText())).toList());
  }

  private ApiResponse broadcasts(Exchange ex) {
    return listed("triggers", workspace(ex.pathParam("site_id")).messages().triggers());
  }

  private ApiResponse objects(Exchange ex) {
    return listed("objects", workspace(ex.pathParam("site_id")).objects().list());
  }

  /** {@code GET .../pipelines}: the workspace's Pipelines calls, applied and dropped, and the expected count. */
  private ApiResponse pipelinesCalls(Exchange ex) {
    return ok(AdminViews.pipelinesCalls(workspace(ex.pathParam("site_id")).pipelinesCalls()));
  }

  /**
   * {@code PUT .../pipelines {"expected_calls": N}}: how many Pipelines calls the integration queues in this run
   * ({@code null} or -1 forgets it); fewer received is the {@code unflushed-events} pitfall.
   */
  private ApiResponse expectPipelinesCalls(Exchange ex) {
    Workspace w = workspace(ex.pathParam("site_id"));
    JsonNode n = ex.body().get("expected_calls");
    if (n != null && !n.isNull() && !(n.canConvertToLong() && n.isIntegralNumber() && n.asLong() >= -1)) {
      throw new StateRejection("expected_calls", "expected_calls must be a whole number of calls (or -1 or null to "
          + "forget it), got " + n);
    }
    w.pipelinesCalls().expect(n == null || n.isNull() ? -1 : n.asLong());
    return ok(AdminViews.pipelinesCalls(w.pipelinesCalls()));
  }

  private ApiResponse rateLimits(Exchange ex) {
    Workspace w = workspace(ex.pathParam("site_id"));
    return ok(w.rateLimiters().toJson(clock.nanoTime()));
  }

  /**
   * {@code GET /__cio/options}: the options the fake runs with, as their {@code CIO_FAKE_*} variables (defaults
   * included, secrets masked): what a container was really given.
   */
  private ApiResponse optionsJson() {
    ObjectNode n = Json.object();
    ObjectNode o = n.putObject("options");
    Configuration.describe(options).forEach(o::put);
    return ok(n);
  }

  private ObjectNode clockJson() {
    ObjectNode n = Json.object();
    n.put("now", clock.instant().toString());
    n.put("now_ms", clock.millis());
    n.put("frozen", clock.isFrozen());
    n.put("advanced_ms", clock.advanced().toMillis());
    return n;
  }

  /**
   * {@code POST /__cio/clock/advance {"seconds": 90}} (or {@code "millis"}, or an ISO-8601 {@code "duration"} such as
   * {@code "PT2M"}): moves the fake's time forward; what falls due (webhook steps and retries) is sent.
   */
  private ApiResponse advanceClock(Exchange ex) {
    JsonNode b = ex.body();
    java.time.Duration by;
    try {
      if (b.has("duration")) {
        by = java.time.Duration.parse(b.get("duration").asText());
      } else if (b.has("seconds") && b.get("seconds").isNumber()) {
        by = java.time.Duration.ofMillis(Math.round(b.get("seconds").asDouble() * 1000));
      } else if (b.has("millis") && b.get("millis").canConvertToLong()) {
        by = java.time.Duration.ofMillis(b.get("millis").asLong());
      } else {
        throw new StateRejection("body", "give how far to advance: {\"seconds\": 90}, {\"millis\": 1500} or "
            + "{\"duration\": \"PT2M\"}");
      }
      clock.advance(by);
    } catch (java.time.format.DateTimeParseException e) {
      throw new StateRejection("duration", "duration must be ISO-8601, for example PT2M or PT1.5S");
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new StateRejection("body", e.getMessage() == null ? "the duration is out of range" : e.getMessage());
    }
    return ok(clockJson());
  }

  // ---------------------------------------------------------------- helpers

  /** {@code {"<field>": [items], "count": n}}, the shape of every admin list. */
  private static ApiResponse listed(String field, List<? extends JsonNode> items) {
    ObjectNode n = Json.object();
    n.putArray(field).addAll(items);
    n.put("count", items.size());
    return ok(n);
  }

  private Workspace workspace(String site) {
    Workspace w = registry.get(site);
    if (w == null) {
      throw new StateRejection("site_id", "no workspace with site id '" + site + "'", 404);
    }
    return w;
  }

  static ObjectNode workspaceJson(Workspace w, boolean revealKeys) {
    ObjectNode n = Json.object();
    WorkspaceCredentials c = w.credentials();
    n.put("site_id", c.siteId());
    n.put("track_api_key", revealKeys ? c.trackApiKey() : Secrets.mask(c.trackApiKey()));
    n.put("app_api_key", revealKeys ? c.appApiKey() : Secrets.mask(c.appApiKey()));
    n.put("pipelines_api_key", revealKeys ? c.pipelinesApiKey() : Secrets.mask(c.pipelinesApiKey()));
    n.set("settings", SettingsJson.write(w.settings()));
    n.set("stats", AdminViews.stats(WorkspaceStats.of(w)));
    return n;
  }

  private static String text(JsonNode b, String field) {
    JsonNode v = b.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static int intParam(Map<String, String> q, String name, int dflt) {
    String v = q.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new StateRejection(name, name + " must be a positive integer, got '" + v + "'");
    }
  }

  private static ApiResponse ok(ObjectNode n) {
    return json(200, n);
  }

  private static ApiResponse json(int status, ObjectNode n) {
    return ApiResponse.json(status, Json.compact(n), HEADERS);
  }
}
