package dev.ciofake.internal.admin;

import static dev.ciofake.internal.validation.BodyPolicy.NONE;
import static dev.ciofake.internal.validation.BodyPolicy.OPTIONAL_OBJECT;

import dev.ciofake.CioFakeOptions;
import dev.ciofake.FakeClock;
import dev.ciofake.internal.chaos.ChaosEngine;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.http.ErrorShape;
import dev.ciofake.internal.journal.RequestJournal;
import dev.ciofake.internal.report.Reports;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.WorkspaceRegistry;
import dev.ciofake.internal.validation.BodyPolicy;
import dev.ciofake.internal.webhook.DeliveryEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fake's own HTTP admin API under {@code /__cio/}: its table of endpoints. The handlers live by subject:
 * {@link ServerAdmin} (health, pitfalls, journal, report, reset, chaos, options, clock), {@link WorkspaceAdmin}
 * (workspaces and their state) and {@link DeliveryAdmin} (webhooks and delivery events); {@link AdminSupport} has
 * what they share. All JSON. API keys appear only in the response that creates a workspace; everywhere else they are
 * masked. {@link AdminGuard} (in front of every admin request) decides who may call it.
 */
public final class AdminApi {
  /** The base path of the admin API. */
  public static final String BASE = "/__cio";
  /** Headers of every admin API response. */
  public static final Map<String, String> HEADERS = Api.Headers.ADMIN;

  private final WorkspaceRegistry registry;
  private final ChaosEngine chaos;
  private final Supplier<String> tlsPem;
  private final ServerAdmin server;
  private final WorkspaceAdmin workspaces;
  private final DeliveryAdmin deliveries;
  private final AppStateAdmin appState;
  private final TimelineAdmin timeline;

  public AdminApi(WorkspaceRegistry registry, RequestJournal journal, Reports reports, ChaosEngine chaos,
      DeliveryEvents deliveryEvents, String version, Supplier<String> tlsPem, FakeClock clock,
      CioFakeOptions options, AdminGuard guard) {
    this.registry = registry;
    this.chaos = chaos;
    this.tlsPem = tlsPem;
    this.server = new ServerAdmin(registry, journal, reports, chaos, clock, options, version);
    this.workspaces = new WorkspaceAdmin(registry, clock);
    this.deliveries = new DeliveryAdmin(registry, deliveryEvents, clock, guard);
    this.appState = new AppStateAdmin(registry);
    this.timeline = new TimelineAdmin(registry, journal, reports);
  }

  public List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(admin("health").get(BASE + "/health").handle(server::health));
    e.add(admin("pitfalls").get(BASE + "/pitfalls").handle(server::pitfalls));
    e.add(admin("requests").get(BASE + "/requests").handle(server::requests));
    e.add(admin("report").get(BASE + "/report").handle(server::report));
    e.add(admin("list_webhooks").get(BASE + "/workspaces/{site_id}/webhooks").handle(deliveries::webhooks));
    e.add(admin("add_webhook").post(BASE + "/workspaces/{site_id}/webhooks").body(BodyPolicy.OBJECT)
        .handle(deliveries::addWebhook));
    e.add(admin("clear_webhooks").delete(BASE + "/workspaces/{site_id}/webhooks").handle(ex -> {
      AdminSupport.workspace(registry, ex.pathParam("site_id")).hooks().clear();
      return deliveries.webhooks(ex);
    }));
    e.add(admin("webhook_deliveries").get(BASE + "/workspaces/{site_id}/webhooks/deliveries")
        .handle(deliveries::webhookDeliveries));
    e.add(admin("simulate").post(BASE + "/simulate/{metric}").body(OPTIONAL_OBJECT).handle(deliveries::simulate));
    e.add(admin("script_delivery").post(BASE + "/workspaces/{site_id}/deliveries/{delivery_id}/events")
        .body(BodyPolicy.OBJECT).handle(deliveries::scriptDelivery));
    e.add(admin("list_chaos").get(BASE + "/chaos").handle(ex -> server.chaosList(ex.request().query().get("site_id"))));
    e.add(admin("tls_certificate").get(BASE + "/tls/ca.pem").handle(ex -> {
      String pem = tlsPem == null ? null : tlsPem.get();
      if (pem == null) {
        throw new StateRejection("https", "HTTPS is not enabled: start the fake with --https-port", 404);
      }
      return ApiResponse.text(200, pem, "application/x-pem-file", HEADERS);
    }));
    e.add(admin("add_chaos").post(BASE + "/chaos").body(BodyPolicy.OBJECT_OR_ARRAY).handle(server::addChaos));
    e.add(admin("clear_chaos").delete(BASE + "/chaos").handle(ex -> {
      String site = ex.request().query().get("site_id");
      if (site == null) {
        chaos.clear();
      } else {
        chaos.clearWorkspace(AdminSupport.workspace(registry, site).siteId());
      }
      return server.chaosList(site);
    }));
    e.add(admin("delete_chaos").delete(BASE + "/chaos/{rule_id}").handle(ex -> {
      if (!chaos.remove(ex.pathParam("rule_id"))) {
        throw new StateRejection("rule_id", "no chaos rule " + ex.pathParam("rule_id"), 404);
      }
      return server.chaosList(null);
    }));
    e.add(admin("reset").post(BASE + "/reset").body(OPTIONAL_OBJECT).handle(server::reset));
    e.add(admin("list_workspaces").get(BASE + "/workspaces").handle(workspaces::listWorkspaces));
    e.add(admin("create_workspace").post(BASE + "/workspaces").body(OPTIONAL_OBJECT).handle(workspaces::createWorkspace));
    e.add(admin("get_workspace").get(BASE + "/workspaces/{site_id}").handle(workspaces::getWorkspace));
    e.add(admin("delete_workspace").delete(BASE + "/workspaces/{site_id}").handle(workspaces::deleteWorkspace));
    e.add(admin("update_settings").put(BASE + "/workspaces/{site_id}/settings").body(OPTIONAL_OBJECT)
        .handle(workspaces::updateSettings));
    e.add(admin("load_workspace_file").put(BASE + "/workspaces/{site_id}/workspace-file").body(BodyPolicy.OBJECT)
        .handle(workspaces::loadWorkspaceFile));
    e.add(admin("people").get(BASE + "/workspaces/{site_id}/people").handle(workspaces::people));
    e.add(admin("person").get(BASE + "/workspaces/{site_id}/people/{identifier}").handle(workspaces::person));
    e.add(admin("person_timeline").get(BASE + "/workspaces/{site_id}/people/{identifier}/timeline")
        .handle(timeline::timeline));
    e.add(admin("events").get(BASE + "/workspaces/{site_id}/events").handle(workspaces::events));
    e.add(admin("delivery_metrics").get(BASE + "/workspaces/{site_id}/metrics").handle(workspaces::metrics));
    e.add(admin("deliveries").get(BASE + "/workspaces/{site_id}/deliveries").handle(workspaces::deliveries));
    e.add(admin("broadcast_triggers").get(BASE + "/workspaces/{site_id}/broadcasts").handle(workspaces::broadcasts));
    e.add(admin("objects").get(BASE + "/workspaces/{site_id}/objects").handle(workspaces::objects));
    e.add(admin("suppressions").get(BASE + "/workspaces/{site_id}/suppressions").handle(appState::suppressions));
    e.add(admin("segment_members").get(BASE + "/workspaces/{site_id}/segments/{segment_id}/members")
        .handle(appState::segmentMembers));
    e.add(admin("rate_limits").get(BASE + "/workspaces/{site_id}/rate-limits").handle(workspaces::rateLimits));
    e.add(admin("pipelines_calls").get(BASE + "/workspaces/{site_id}/pipelines").handle(workspaces::pipelinesCalls));
    e.add(admin("expect_pipelines_calls").put(BASE + "/workspaces/{site_id}/pipelines").body(BodyPolicy.OBJECT)
        .handle(workspaces::expectPipelinesCalls));
    e.add(admin("clock").get(BASE + "/clock").handle(ex -> AdminSupport.ok(server.clockJson())));
    e.add(admin("options").get(BASE + "/options").handle(ex -> server.optionsJson()));
    e.add(admin("advance_clock").post(BASE + "/clock/advance").body(BodyPolicy.OBJECT).handle(server::advanceClock));
    return e;
  }

  private static Endpoint.Builder admin(String operation) {
    return Endpoint.builder(Api.ADMIN, operation).errors(ErrorShape.ADMIN).unauthenticated().body(NONE);
  }
}
