package dev.ciofake.internal.app.content;

import static dev.ciofake.internal.validation.BodyPolicy.OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.app.common.Kinds;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.http.Api;
import dev.ciofake.internal.http.ApiResponse;
import dev.ciofake.internal.routing.Endpoint;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Design Studio: folders, emails (with their translations) and components, created, read, changed, deleted and listed
 * (page-based lists with {@code meta}). Stored as the client sends them; nothing is rendered or sent from them.
 * A component's {@code tag} is unique in the workspace.
 */
public final class DesignStudioApi {
  private static final String BASE = "/v1/design_studio";
  private static final Crud FOLDERS = new Crud(Kinds.DS_FOLDERS, "folder", "folders", "folder_id", "folder", true)
      .view(DesignStudioApi::withParent);
  private static final Crud EMAILS = new Crud(Kinds.DS_EMAILS, "email", "emails", "email_id", "email", true)
      .view(DesignStudioApi::email);
  private static final Crud COMPONENTS = new Crud(Kinds.DS_COMPONENTS, "component", "components", "component_id",
      "component", true).view(DesignStudioApi::withParent);

  private DesignStudioApi() {}

  public static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>(FOLDERS.endpoints("design_studio_folder", BASE + "/folders",
        "schemas/app/design-studio-folder.json", "schemas/app/design-studio-folder-update.json",
        (id, b) -> fields(b, "name", "parent_folder_id"), true));
    e.add(Endpoint.builder(Api.APP, "list_design_studio_emails").get(BASE + "/emails")
        .handle(ex -> listWithFolders(ex, EMAILS, "emails")));
    e.add(Endpoint.builder(Api.APP, "create_design_studio_email").post(BASE + "/emails").body(OBJECT)
        .schema("schemas/app/design-studio-email.json").handle(ex -> AppJson.ok("email", EMAILS.show(
            EMAILS.create(ex, (id, b) -> fields(b, "name", "html", "text", "amp", "parent_folder_id", "is_template",
                "envelope", "content"))))));
    e.add(Endpoint.builder(Api.APP, "get_design_studio_email").get(BASE + "/emails/{email_id}")
        .handle(ex -> AppJson.ok("email", EMAILS.show(EMAILS.find(ex)))));
    e.add(Endpoint.builder(Api.APP, "update_design_studio_email").put(BASE + "/emails/{email_id}").body(OBJECT)
        .schema("schemas/app/design-studio-email-update.json")
        .handle(ex -> AppJson.ok("email", EMAILS.show(EMAILS.update(ex, "id", "created", "updated", "languages")))));
    e.add(Endpoint.builder(Api.APP, "delete_design_studio_email").delete(BASE + "/emails/{email_id}")
        .handle(EMAILS::delete));
    String languages = BASE + "/emails/{email_id}/languages";
    e.add(Endpoint.builder(Api.APP, "list_design_studio_email_languages").get(languages).handle(ex -> {
      ObjectNode em = EMAILS.find(ex);
      ArrayNode a = Json.array();
      em.path("languages").fields().forEachRemaining(l -> a.add(translation(em, l.getKey(), l.getValue())));
      return AppJson.ok("email_translations", a);
    }));
    e.add(Endpoint.builder(Api.APP, "create_design_studio_email_language").post(languages).body(OBJECT)
        .schema("schemas/app/design-studio-email-language.json").handle(DesignStudioApi::addLanguage));
    e.add(Endpoint.builder(Api.APP, "get_design_studio_email_language").get(languages + "/{language}")
        .handle(ex -> AppJson.ok("email_translation", translation(ex))));
    e.add(Endpoint.builder(Api.APP, "update_design_studio_email_language").put(languages + "/{language}")
        .body(OBJECT).schema("schemas/app/design-studio-email-update.json").handle(DesignStudioApi::changeLanguage));
    e.add(Endpoint.builder(Api.APP, "delete_design_studio_email_language").delete(languages + "/{language}")
        .handle(ex -> {
          translation(ex);
          ex.workspace().definitions().update(Kinds.DS_EMAILS, ex.pathParam("email_id"), d -> {
            d.withObjectProperty("languages").remove(ex.pathParam("language"));
            return d;
          });
          return AppJson.noContent();
        }));
    e.add(Endpoint.builder(Api.APP, "list_design_studio_components").get(BASE + "/components").handle(ex -> {
      String tag = ex.request().query().get("tag");
      List<ObjectNode> all = COMPONENTS.all(ex);
      if (tag != null && !tag.isEmpty()) {
        all.removeIf(c -> !tag.equals(c.path("tag").asText()));
      }
      ObjectNode body = Json.object();
      body.set("components", AppJson.array(AppJson.pageOf(ex, all, body)));
      body.set("folders", AppJson.array(FOLDERS.all(ex)));
      return AppJson.ok(body);
    }));
    e.add(Endpoint.builder(Api.APP, "create_design_studio_component").post(BASE + "/components").body(OBJECT)
        .schema("schemas/app/design-studio-component.json").handle(ex -> {
          uniqueTag(ex, null);
          return AppJson.ok("component", COMPONENTS.show(COMPONENTS.create(ex, (id, b) -> fields(b, "name", "tag",
              "parent_folder_id", "content", "html"))));
        }));
    e.add(Endpoint.builder(Api.APP, "get_design_studio_component").get(BASE + "/components/{component_id}")
        .handle(ex -> AppJson.ok("component", COMPONENTS.show(COMPONENTS.find(ex)))));
    e.add(Endpoint.builder(Api.APP, "update_design_studio_component").put(BASE + "/components/{component_id}")
        .body(OBJECT).schema("schemas/app/design-studio-component-update.json").handle(ex -> {
          uniqueTag(ex, ex.pathParam("component_id"));
          return AppJson.ok("component", COMPONENTS.show(COMPONENTS.update(ex, "id", "created", "updated")));
        }));
    e.add(Endpoint.builder(Api.APP, "delete_design_studio_component").delete(BASE + "/components/{component_id}")
        .handle(COMPONENTS::delete));
    return e;
  }

  /** A document of the body's given fields. */
  static ObjectNode fields(JsonNode b, String... names) {
    ObjectNode d = Json.object();
    AppJson.copy(b, d, names);
    return d;
  }

  private static ObjectNode withParent(ObjectNode d) {
    if (!d.has("parent_folder_id")) {
      d.putNull("parent_folder_id");
    }
    return d;
  }

  private static ObjectNode email(ObjectNode d) {
    withParent(d);
    ArrayNode available = d.putArray("available_languages");
    d.path("languages").fieldNames().forEachRemaining(available::add);
    d.remove("languages");
    return d;
  }

  private static ApiResponse listWithFolders(Exchange ex, Crud crud, String key) {
    ObjectNode body = Json.object();
    body.set(key, AppJson.array(AppJson.pageOf(ex, crud.all(ex), body)));
    body.set("folders", AppJson.array(FOLDERS.all(ex)));
    return AppJson.ok(body);
  }

  private static ObjectNode translation(ObjectNode email, String language, JsonNode t) {
    ObjectNode n = ((ObjectNode) t).deepCopy();
    n.put("language", language);
    n.put("language_group_id", email.path("id").asText());
    n.put("id", email.path("id").asText() + ":" + language);
    return n;
  }

  private static ObjectNode translation(Exchange ex) {
    ObjectNode em = EMAILS.find(ex);
    JsonNode t = em.path("languages").get(ex.pathParam("language"));
    if (t == null) {
      throw new StateRejection("language", "The email has no " + ex.pathParam("language") + " translation.", 404);
    }
    return translation(em, ex.pathParam("language"), t);
  }

  private static ApiResponse addLanguage(Exchange ex) {
    EMAILS.find(ex);
    String language = ex.body().get("language").asText();
    long now = AppJson.now(ex);
    ObjectNode d = ex.workspace().definitions().update(Kinds.DS_EMAILS, ex.pathParam("email_id"), em -> {
      ObjectNode languages = em.withObjectProperty("languages");
      if (languages.has(language)) {
        throw new StateRejection("language", "the email already has a " + language + " translation", 400);
      }
      ObjectNode t = languages.putObject(language);
      AppJson.copy(ex.body(), t, "html", "text", "amp", "envelope");
      t.put("created", now);
      t.put("updated", now);
      return em;
    });
    return AppJson.ok("email_translation", translation(d, language, d.path("languages").get(language)));
  }

  private static ApiResponse changeLanguage(Exchange ex) {
    translation(ex);
    String language = ex.pathParam("language");
    long now = AppJson.now(ex);
    ObjectNode d = ex.workspace().definitions().update(Kinds.DS_EMAILS, ex.pathParam("email_id"), em -> {
      ObjectNode t = em.withObjectProperty("languages").withObjectProperty(language);
      AppJson.merge(t, ex.body(), "id", "language", "created");
      t.put("updated", now);
      return em;
    });
    return AppJson.ok("email_translation", translation(d, language, d.path("languages").get(language)));
  }

  /** A component's tag is unique in the workspace. */
  private static void uniqueTag(Exchange ex, String self) {
    String tag = ex.body().path("tag").asText(null);
    if (tag == null) {
      return;
    }
    for (ObjectNode c : ex.workspace().definitions().list(Kinds.DS_COMPONENTS)) {
      if (tag.equals(c.path("tag").asText()) && !c.path("id").asText().equals(self)) {
        throw new StateRejection("tag", "tag " + tag + " is already used by component " + c.path("id").asText()
            + "; a component's tag is unique in the workspace", 400);
      }
    }
  }
}
