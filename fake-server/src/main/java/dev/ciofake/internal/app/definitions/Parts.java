package dev.ciofake.internal.app.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ciofake.internal.app.common.AppJson;
import dev.ciofake.internal.exchange.Exchange;
import dev.ciofake.internal.state.StateRejection;
import dev.ciofake.internal.state.Workspace;
import dev.ciofake.internal.util.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Finding and changing definitions and their parts: a campaign's or broadcast's actions, a newsletter's or
 * transactional message's contents and test groups, and the language variants of each (kept under the part's
 * {@code languages}, by language code).
 */
final class Parts {
  /** The fields of a message a PUT may change; everything else is the definition's own. */
  static final String[] READ_ONLY = {"id", "campaign_id", "broadcast_id", "newsletter_id", "type", "created",
      "deduplicate_id", "languages"};

  private Parts() {}

  /** The definition the path parameter names, or a 404 ({@code The <what> does not exist.}). */
  static ObjectNode doc(Exchange ex, String kind, String param, String what) {
    long id = AppJson.id(ex, param, what);
    ObjectNode d = ex.workspace().definitions().get(kind, String.valueOf(id));
    if (d == null) {
      throw AppJson.notFound(param, what + " " + id);
    }
    return d;
  }

  /** The part of {@code list} with this id, or a 404. */
  static ObjectNode part(JsonNode doc, String list, String id, String what) {
    for (JsonNode p : doc.path(list)) {
      if (p.path("id").asText().equals(id)) {
        return (ObjectNode) p;
      }
    }
    throw AppJson.notFound(what, what.replace('_', ' ') + " " + id);
  }

  /** The parts of a list, copies. */
  static List<ObjectNode> parts(JsonNode doc, String list) {
    List<ObjectNode> out = new ArrayList<>();
    doc.path(list).forEach(p -> out.add(((ObjectNode) p).deepCopy()));
    return out;
  }

  /**
   * An action's language variant: the action with the variant's fields over it, or the documented 400 ("the
   * language requested does not exist for this action": the Track document's shared responses
   * {@code 400-campaigns-lang} and {@code 400-broadcasts-lang}).
   */
  static ObjectNode language(ObjectNode part, String language, String what) {
    JsonNode v = part.path("languages").get(language);
    if (v == null) {
      throw new StateRejection("language", "The language " + language + " does not exist for this " + what + ".",
          400);
    }
    ObjectNode merged = part.deepCopy();
    merged.remove("languages");
    merged.setAll((ObjectNode) v);
    merged.put("language", language);
    return merged;
  }

  /**
   * Changes a part (or, with {@code language}, its variant there, created when missing) and stores the definition;
   * returns the part as it now reads.
   */
  static ObjectNode change(Workspace w, String kind, String docId, String list, String partId, String language,
      JsonNode changes, long now, String what) {
    ObjectNode[] result = new ObjectNode[1];
    ObjectNode updated = w.definitions().update(kind, docId, d -> {
      ObjectNode p = part(d, list, partId, what);
      if (language == null) {
        AppJson.merge(p, changes, READ_ONLY);
        p.put("updated", now);
        result[0] = view(p);
      } else {
        ObjectNode variant = p.withObjectProperty("languages").withObjectProperty(language);
        AppJson.merge(variant, changes, READ_ONLY);
        result[0] = language(p, language, what);
      }
      return d;
    });
    if (updated == null) {
      throw AppJson.notFound(kind, kind + " " + docId);
    }
    return result[0];
  }

  /** A part as the API shows it: without its stored language variants. */
  static ObjectNode view(JsonNode part) {
    ObjectNode v = ((ObjectNode) part).deepCopy();
    v.remove("languages");
    return v;
  }

  /** The parts of a list as the API shows them. */
  static ArrayNode views(JsonNode doc, String list) {
    ArrayNode a = Json.array();
    doc.path(list).forEach(p -> a.add(view(p)));
    return a;
  }

  /** {@code [{id, type}]}: a definition's actions as campaigns and broadcasts list them. */
  static ArrayNode actionRefs(JsonNode doc) {
    ArrayNode a = Json.array();
    doc.path("actions").forEach(p -> a.addObject().put("id", p.path("id").asLong()).put("type",
        p.path("type").asText("email")));
    return a;
  }
}
