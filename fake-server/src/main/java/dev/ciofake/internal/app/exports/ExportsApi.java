package dev.ciofake.internal.app.exports;

import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.Effect;
import dev.ciofake.internal.state.Exports;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.Json;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The App API's exports (docs/app-api-facts.md section 6). An export is {@code pending} (with {@code total} 0, as
 * documented) for the options' export duration on the fake's clock, then {@code done}: its file is computed over the
 * workspace's state at that moment, honouring the filter. {@code GET /v1/exports/{id}/download} hands out a link that
 * serves the file for 15 minutes of the fake's clock; the link needs no credentials (the real one is a signed URL).
 */
public final class ExportsApi {
  private static final String BASE = "/v1/exports";
  /** How long a download link works (documented: 15 minutes). */
  static final Duration LINK_LIFETIME = Duration.ofMinutes(15);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Duration duration;
  private final Function<String, Workspace> workspaces;

  /**
   * @param duration how long an export takes before it is done
   * @param workspaces the workspace of a site id (a download link names its workspace: it carries no credentials)
   */
  public ExportsApi(Duration duration, Function<String, Workspace> workspaces) {
    this.duration = duration;
    this.workspaces = workspaces;
  }

  public List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "list_exports").get(BASE).handle(ExportsApi::list));
    e.add(Endpoint.builder(Api.APP, "create_customers_export").post(BASE + "/customers").body(OBJECT)
        .schema("schemas/app/export-customers.json").handle(ex -> create(ex, "customers",
            "Customers matching a filter (cio-fake)")));
    e.add(Endpoint.builder(Api.APP, "create_deliveries_export").post(BASE + "/deliveries").body(OBJECT)
        .schema("schemas/app/export-deliveries.json").handle(ex -> create(ex, "deliveries", deliveriesDescription(
            ex.body()))));
    e.add(Endpoint.builder(Api.APP, "get_export").get(BASE + "/{export_id}").handle(ExportsApi::get));
    e.add(Endpoint.builder(Api.APP, "download_export").get(BASE + "/{export_id}/download")
        .handle(ExportsApi::download));
    e.add(Endpoint.builder(Api.APP, "export_file").get(BASE + "/{export_id}/file/{site_id}/{token}")
        .unauthenticated().rateClass(null).handle(this::file));
    return e;
  }

  private static String deliveriesDescription(JsonNode b) {
    for (String f : List.of("newsletter_id", "campaign_id", "transactional_message_id", "action_id")) {
      if (b.hasNonNull(f)) {
        return "Deliveries of " + f.replace("_id", "").replace('_', ' ') + " " + b.get(f).asText() + " (cio-fake)";
      }
    }
    return "Deliveries (cio-fake)";
  }

  private ApiResponse create(Exchange ex, String type, String description) {
    long now = AppJson.now(ex);
    ObjectNode record = ex.workspace().exports().create(id -> {
      ObjectNode r = Json.object();
      r.put("id", id);
      r.put("type", type);
      r.put("status", "pending");
      r.put("failed", false);
      r.put("total", 0);
      r.put("description", description);
      r.put("downloads", 0);
      r.put("user_id", 0);
      r.put("user_email", "api@cio-fake.test");
      r.put("deduplicate_id", id + ":" + now);
      r.put("created_at", now);
      r.put("updated_at", now);
      return r;
    }, ex.body(), ex.request().receivedAtMillis() + duration.toMillis());
    finishDue(ex);
    ObjectNode fresh = ex.workspace().exports().record(record.path("id").asLong());
    return AppJson.ok("export", fresh == null ? record : fresh);
  }

  /** Finishes the exports whose time has come: computes each file over the workspace now. */
  static void finishDue(Exchange ex) {
    Workspace w = ex.workspace();
    Exports exports = w.exports();
    for (long id : exports.due(ex.request().receivedAtMillis())) {
      ObjectNode r = exports.record(id);
      JsonNode request = exports.request(id);
      if (r == null || request == null) {
        continue;
      }
      ExportFiles.Table t = r.path("type").asText().equals("customers") ? ExportFiles.customers(w, request)
          : ExportFiles.deliveries(w, request);
      exports.complete(id, t.rows().size(), t.csv(), ExportFiles.CSV, AppJson.now(ex));
    }
  }

  /** {@code {exports: [...]}}, or {@code {exports: null}} when there are none, as the live service answers. */
  private static ApiResponse list(Exchange ex) {
    finishDue(ex);
    List<ObjectNode> records = ex.workspace().exports().records();
    ObjectNode body = Json.object();
    if (records.isEmpty()) {
      body.putNull("exports");
    } else {
      ArrayNode a = body.putArray("exports");
      records.forEach(a::add);
    }
    return AppJson.ok(body);
  }

  private static ObjectNode record(Exchange ex) {
    long id = AppJson.id(ex, "export_id", "export ID");
    ObjectNode r = ex.workspace().exports().record(id);
    if (r == null) {
      throw new StateRejection("export_id", "The export ID does not exist.", 404);
    }
    return r;
  }

  private static ApiResponse get(Exchange ex) {
    finishDue(ex);
    ObjectNode r = record(ex);
    ex.addEffect(new Effect.StatusPolled("export " + r.path("id").asLong(), !"pending".equals(
        r.path("status").asText())));
    return AppJson.ok("export", r);
  }

  /** {@code {url}}: a link to the file, valid 15 minutes; before the export is done, 400 (not documented). */
  private static ApiResponse download(Exchange ex) {
    finishDue(ex);
    ObjectNode r = record(ex);
    long id = r.path("id").asLong();
    if (!"done".equals(r.path("status").asText())) {
      ex.addEffect(new Effect.StatusPolled("export " + id, false));
      throw new StateRejection("export_id", "export " + id + " is " + r.path("status").asText()
          + ", not done: poll GET /v1/exports/" + id + " until its status is done, then download it", 400);
    }
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    String token = HexFormat.of().formatHex(b);
    ex.workspace().exports().link(id, token, ex.request().receivedAtMillis() + LINK_LIFETIME.toMillis());
    String authority = ex.request().authority() == null ? "127.0.0.1" : ex.request().authority();
    String scheme = ex.request().header("X-Forwarded-Proto") != null ? ex.request().header("X-Forwarded-Proto")
        : "http";
    ObjectNode body = Json.object();
    body.put("url", scheme + "://" + authority + BASE + "/" + id + "/file/"
        + java.net.URLEncoder.encode(ex.workspace().siteId(), java.nio.charset.StandardCharsets.UTF_8) + "/" + token);
    return AppJson.ok(body);
  }

  /** The file behind a download link; 403 once the link expired or for a link never handed out. */
  private ApiResponse file(Exchange ex) {
    Long id = AppJson.positive(ex.pathParam("export_id"));
    Workspace w = workspaces.apply(ex.pathParam("site_id"));
    Exports.File f = id == null || w == null ? null : w.exports().download(id, ex.pathParam("token"),
        ex.request().receivedAtMillis());
    if (f != null) {
      return ApiResponse.json(200, f.bytes(), Map.of("Cache-Control", "no-store", "Content-Disposition",
          "attachment; filename=\"" + f.name() + ".csv\"")).withHeader("Content-Type", f.contentType());
    }
    throw new StateRejection("token", "this download link is not valid: links work for 15 minutes after "
        + "GET /v1/exports/{id}/download hands them out; ask it for a new one", 403);
  }
}
