package dev.ciofake.internal.app.webhooks;

import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.AppResponses;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.WebhookHooks;
import dev.ciofake.internal.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * {@code /v1/reporting_webhooks} (docs/app-api-facts.md section 5): the App API's view of the same endpoints the
 * admin API and {@code --webhook-url} configure, so a webhook created here receives the fake's delivery events,
 * filtered by its {@code events}, paused while {@code disabled}, with opens and clicks unique per delivery unless
 * {@code full_resolution}.
 *
 * <p>The signing secret: no request or response field carries it (the real one is shown on the account's webhook
 * page). Webhooks created here are signed with the workspace's signing key, the fake's webhook secret
 * ({@code --webhook-secret}, default {@code cio-fake-webhook-secret}), which the App API never returns. The fake posts
 * only to hosts its webhook policy allows (loopback and {@code --webhook-host}); a webhook to another host is stored
 * and listed like any other, and gets no events (the admin API's webhook list says why).
 */
public final class ReportingWebhooksApi {
  private static final Logger LOG = Logger.getLogger(ReportingWebhooksApi.class.getName());
  private static final String BASE = "/v1/reporting_webhooks";
  /** Every event a reporting webhook can take, in the document's order. */
  public static final List<String> EVENTS = events();

  private final UnaryOperator<String> targetPolicy;
  private final String signingSecret;

  /**
   * @param targetPolicy why the fake may not post to a URL, or {@code null} when it may
   * @param signingSecret the workspace's signing key
   */
  public ReportingWebhooksApi(UnaryOperator<String> targetPolicy, String signingSecret) {
    this.targetPolicy = targetPolicy;
    this.signingSecret = signingSecret;
  }

  public List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(Endpoint.builder(Api.APP, "list_reporting_webhooks").get(BASE).handle(ex -> {
      ArrayNode list = Json.array();
      ex.workspace().hooks().targets().forEach(t -> list.add(view(t)));
      return AppJson.ok("reporting_webhooks", list);
    }));
    e.add(Endpoint.builder(Api.APP, "create_reporting_webhook").post(BASE).body(OBJECT)
        .schema("schemas/app/reporting-webhook.json").handle(this::create));
    e.add(Endpoint.builder(Api.APP, "get_reporting_webhook").get(BASE + "/{webhook_id}")
        .handle(ex -> AppResponses.ok(view(target(ex)))));
    e.add(Endpoint.builder(Api.APP, "update_reporting_webhook").put(BASE + "/{webhook_id}").body(OBJECT)
        .schema("schemas/app/reporting-webhook.json").handle(this::update));
    e.add(Endpoint.builder(Api.APP, "delete_reporting_webhook").delete(BASE + "/{webhook_id}").handle(ex -> {
      ex.workspace().hooks().remove(target(ex).id());
      return ApiResponse.empty(200, AppResponses.HEADERS);
    }));
    return e;
  }

  private static WebhookHooks.Target target(Exchange ex) {
    Long id = AppJson.positive(ex.pathParam("webhook_id"));
    WebhookHooks.Target t = id == null ? null : ex.workspace().hooks().byId(id);
    if (t == null) {
      throw new dev.ciofake.internal.state.StateRejection("webhook_id", "The webhook ID does not exist.", 404);
    }
    return t;
  }

  private WebhookHooks.Target fromBody(JsonNode b, long id, String secret) {
    List<String> events = new ArrayList<>();
    b.get("events").forEach(n -> events.add(n.asText()));
    String url = b.get("endpoint").asText();
    String refusal = targetPolicy.apply(url);
    if (refusal != null) {
      LOG.info("reporting webhook " + url + " is stored but gets no events: " + refusal);
    }
    return new WebhookHooks.Target(id, b.get("name").asText(), url, secret, events,
        b.path("disabled").asBoolean(false), b.path("full_resolution").asBoolean(false),
        b.path("with_content").asBoolean(false), refusal);
  }

  private ApiResponse create(Exchange ex) {
    WebhookHooks.Target stored = ex.workspace().hooks().add(fromBody(ex.body(), 0, signingSecret));
    return AppResponses.ok(view(stored));
  }

  private ApiResponse update(Exchange ex) {
    WebhookHooks.Target old = target(ex);
    WebhookHooks.Target changed = fromBody(ex.body(), old.id(), old.secret());
    ex.workspace().hooks().replace(changed);
    return AppResponses.ok(view(changed));
  }

  /** The Track document's {@code reportingWebhook}; an endpoint that takes every event lists them all. */
  public static ObjectNode view(WebhookHooks.Target t) {
    ObjectNode n = Json.object();
    n.put("id", t.id());
    n.put("name", t.name() == null ? "cio-fake webhook " + t.id() : t.name());
    n.put("type", "webhook");
    n.put("endpoint", t.url());
    n.put("disabled", t.disabled());
    n.put("full_resolution", t.fullResolution());
    n.put("with_content", t.withContent());
    ArrayNode events = n.putArray("events");
    (t.events().isEmpty() ? EVENTS : t.events()).forEach(events::add);
    return n;
  }

  private static List<String> events() {
    try (InputStream in = ReportingWebhooksApi.class.getClassLoader()
        .getResourceAsStream("schemas/app/reporting-webhook.json")) {
      JsonNode schema = Json.MAPPER.readTree(in);
      List<String> out = new ArrayList<>();
      schema.at("/properties/events/items/enum").forEach(n -> out.add(n.asText()));
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
